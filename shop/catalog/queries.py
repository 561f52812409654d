"""Catalogue reads: category tree, product pages of a category, one product."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice

from flask import abort
from sqlalchemy import ColumnElement, Select, bindparam, func, select

from shop.catalog.cards import ProductDetails, product_cards, product_details
from shop.domain.live_categories import live_with_parents
from shop.extensions import db
from shop.models import Category, Product, ProductAttribute
from shop.services.listing_counts import listing_total
from shop.services.live_categories import live_product_condition
from shop.services.pagination import Page, paginate_counted
from shop.services.plain_rows import rows_of

SORTS = {
    "name": lambda lang: (getattr(Product, f"name_{lang}"), Product.id),
    "price_asc": lambda lang: (Product.list_price, Product.id),
    "price_desc": lambda lang: (Product.list_price.desc(), Product.id),
    "sku": lambda lang: (Product.sku,),
}
# Their order tells prices apart: never offered or applied to users who may not see prices.
PRICE_SORTS = frozenset({"price_asc", "price_desc"})


def sorts_for(with_prices: bool) -> list[str]:
    """The sort keys a visitor may choose: the price orders only for those who see prices."""
    return [key for key in SORTS if with_prices or key not in PRICE_SORTS]


@dataclass(eq=False)
class CategoryNode:
    """A category as pages show it, with its parent and children, from CategoryTree."""

    id: int
    slug: str
    parent_id: int | None
    name_en: str
    name_de: str
    live: bool  # live by its own products (shown also when only a child is: see the tree)
    parent: "CategoryNode | None" = None
    children: list["CategoryNode"] = field(default_factory=list)


@dataclass(frozen=True)
class CategoryTree:
    """Every category, from one read of a few dozen rows: tiles, breadcrumbs, subcategories
    and the categories below one all come from it, instead of a query (or lazy load) each."""

    top: list[CategoryNode]
    by_id: dict[int, CategoryNode]
    by_slug: dict[str, CategoryNode]

    def by_slug_or_404(self, slug: str) -> CategoryNode:
        if slug not in self.by_slug:
            abort(404)
        return self.by_slug[slug]


# Built once, read as plain rows: the ORM's execution layer cost more than the read (#10).
_CATEGORIES = select(
    Category.id,
    Category.slug,
    Category.parent_id,
    Category.name_en,
    Category.name_de,
    Category.live,
).order_by(Category.position, Category.id)


def category_tree() -> CategoryTree:
    """The live categories as they are now (read per request: categories are few).

    §13: a category that is not live (shop.services.live_categories) is left out, so the
    navigation, category lists, breadcrumbs and its page (404) know nothing of it.
    """
    return _tree_of(tuple(rows_of(_CATEGORIES).all()))


# The tree of the rows read, kept per process under those very rows: building it anew was
# ~4 % of a catalogue page's CPU (#10). Its nodes are shared, so nobody changes them.
@lru_cache(maxsize=8)
def _tree_of(rows: tuple) -> CategoryTree:
    live = live_with_parents(
        (row.id for row in rows if row.live), {row.id: row.parent_id for row in rows}
    )
    nodes = {row.id: CategoryNode(*row) for row in rows if row.id in live}
    top = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id)
        if parent is None:
            top.append(node)
        else:
            node.parent = parent
            parent.children.append(node)
    return CategoryTree(top, nodes, {node.slug: node for node in nodes.values()})


def top_categories() -> list[CategoryNode]:
    return category_tree().top


def category_path(category: CategoryNode) -> list[CategoryNode]:
    """Root first, for breadcrumbs."""
    path = [category]
    while path[0].parent is not None:
        path.insert(0, path[0].parent)
    return path


def descendants(category: CategoryNode) -> list[CategoryNode]:
    """This category and everything below it."""
    nodes, stack = [], [category]
    while stack:
        current = stack.pop()
        nodes.append(current)
        stack.extend(current.children)
    return nodes


def descendant_ids(category: CategoryNode) -> list[int]:
    """This category and everything below it, by id."""
    return [node.id for node in descendants(category)]


@dataclass(frozen=True)
class Scope:
    """What a listing shows before any filter, as conditions on products and, for the facet
    counts, the same on product attributes (which carry their product's category)."""

    products: list[ColumnElement[bool]]
    attributes: list[ColumnElement[bool]]
    by_category: bool = False  # `attributes` selects by the attributes' copy of the category
    # The categories listed (None: all, or a search's products): facet filters look values
    # up within them instead of across the catalogue (#11).
    category_ids: tuple[int, ...] | None = None
    # `attributes` also holds unpublished products' rows: the counts subtract those, which
    # is cheaper than checking every row against the unpublished ones (#11).
    with_unpublished: bool = False


def category_scope(category: CategoryNode | None) -> Scope:
    """The published products of a live category and its live subcategories (None: of all
    live categories): a category live only by a child's products does not list its own."""
    if category is None:
        return _catalogue_scope()
    # SQLite checks a NOT IN per row slower than it subtracts the few unpublished products'
    # counts; PostgreSQL's planner does the opposite (measured at 100,000 products, #11).
    subtract = db.engine.dialect.name == "sqlite"
    return _category_scope(tuple(node.id for node in descendants(category) if node.live), subtract)


@lru_cache(maxsize=256)
def _category_scope(ids: tuple[int, ...], subtract: bool) -> Scope:
    """The scope of these categories' products: the same conditions for the same categories,
    so built once (#10). Its lists are only ever unpacked, never changed."""
    unpublished = select(Product.id).where(Product.published.is_(False))
    attributes = [ProductAttribute.category_id.in_(ids)]
    if not subtract:
        attributes.append(ProductAttribute.product_id.not_in(unpublished))
    return Scope(
        [Product.published, Product.category_id.in_(ids)],
        attributes,
        by_category=True,
        category_ids=ids,
        with_unpublished=subtract,
    )


@cache
def _catalogue_scope() -> Scope:
    """The whole catalogue's scope: the same conditions on every request, so built once
    (#10). Its lists are only ever unpacked, never changed."""
    unpublished = select(Product.id).where(Product.published.is_(False))
    live_ids = select(Category.id).where(Category.live)
    return Scope(
        [Product.published, live_product_condition()],
        [
            ProductAttribute.category_id.in_(live_ids),
            ProductAttribute.product_id.not_in(unpublished),
        ],
    )


CATALOGUE_KEY = "all"


def listing_key(category: CategoryNode | None) -> str:
    """The key the listing's kept total goes by (see `listing_total`)."""
    return CATALOGUE_KEY if category is None else f"category:{category.id}"


@lru_cache(maxsize=16)
def _catalogue_statements(sort: str, language: str) -> tuple[Select, Select]:
    """The whole catalogue's page of ids (limit and offset bound) and its count, per sort
    and language: building them and their cache keys anew, and reading the ids through the
    ORM, cost `/catalog` more CPU than SQLite's answer (#10)."""
    scope = _catalogue_scope().products
    order = SORTS[sort](language)
    page = (
        select(Product.id)
        .where(*scope)
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return page, select(func.count()).select_from(Product).where(*scope)


def products_page(
    scope: Sequence[ColumnElement[bool]],
    sort: str,
    page: int,
    page_size: int,
    language: str,
    filters: Sequence[ColumnElement[bool]] = (),
    with_attributes: bool = False,
    total_key: str | None = None,
    only: Collection[int] | None = None,
    ordered: Sequence[int] | None = None,
) -> Page:
    """The products in scope (see `category_scope`), sorted and paginated, as cards.

    filters: further conditions (the facets'); with_attributes: also load each product's
    attributes (the list view shows some); total_key: the unfiltered listing's total is kept
    under this key a while (`listing_key`) instead of being counted on every page; ordered:
    the ids of the products in scope in this sort order (shop.catalog.listing_order), which
    pages are sliced from, of those in `only` if given: the ids the facets let through
    (shop.catalog.facet_bitmaps).
    """
    if ordered is not None:
        # A kept order: no statement to build (#10).
        ids = paginate_counted(
            len(ordered if only is None else only),
            page,
            page_size,
            lambda limit, offset: _slice(ordered, only, limit, offset),
        )
        return ids.with_items(product_cards(ids.items, with_attributes))
    if total_key == CATALOGUE_KEY and not filters:
        # The key names the whole catalogue, whose scope is always the same.
        page_ids, count = _catalogue_statements(sort if sort in SORTS else "name", language)

        def read(limit: int, offset: int) -> list[int]:
            return rows_of(page_ids, {"limit": limit, "offset": offset}).scalars().all()

    else:
        condition = [*scope, *filters]
        # The ids first: answered from the (published, sort key, id, category_id) indexes
        # alone, without reading the rows skipped by the offset.
        order = SORTS.get(sort, SORTS["name"])(language)
        count = select(func.count()).select_from(Product).where(*condition)

        def read(limit: int, offset: int) -> list[int]:
            return db.session.scalars(
                select(Product.id).where(*condition).order_by(*order).limit(limit).offset(offset)
            ).all()

    if total_key is None or filters:
        ids = paginate_counted(db.session.scalar(count) or 0, page, page_size, read)
    else:
        total = listing_total(total_key, count)
        ids = paginate_counted(total, page, page_size, read)
        if len(ids.items) != min(page_size, total - (ids.page - 1) * page_size):
            # Products were published or withdrawn since the total was kept: count them now.
            total = listing_total(total_key, count, recount=True)
            ids = paginate_counted(total, page, page_size, read)
    return ids.with_items(product_cards(ids.items, with_attributes))


def _slice(
    ordered: Sequence[int], only: Collection[int] | None, limit: int, offset: int
) -> list[int]:
    """One page of the sorted ids `ordered`, of those in `only` (None: of all)."""
    if only is None:
        return list(ordered[offset : offset + limit])
    return list(islice(filter(only.__contains__, ordered), offset, offset + limit))


def product_by_sku(sku: str) -> ProductDetails:
    """The published product's page data (shop.catalog.cards), or 404."""
    product = product_details(sku)
    if product is None:
        abort(404)
    return product


_PUBLISHED_ID = select(Product.id).where(Product.sku == bindparam("sku"), Product.published)


def published_product_id(sku: str) -> int:
    """The id of the published product with this SKU, or 404 (its media's downloads)."""
    product_id = rows_of(_PUBLISHED_ID, {"sku": sku}).scalar()
    if product_id is None:
        abort(404)
    return product_id
