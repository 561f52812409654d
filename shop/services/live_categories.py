"""Which categories are live (§13, #12): kept on the category, read with the category tree.

A category is live by its own products when one of them is published and its stock is known:
the stock cache (shop.services.stock) holds a level the ERP reported for its SKU, of any age
and quantity (shop.domain.live_categories). A parent is live when it or any child is; the
category tree works that out from the kept flags, so a catalogue page reads no product for it.

The flag (`Category.live`) changes only here: recomputed for the categories whose products
were published or withdrawn (in the same unit of work), and set when the ERP reports the
first stock level of a published product (beside the stock cache's own write). A stock level
is never forgotten, so stock arriving never takes a category off the storefront. Should a
publication and a first stock level cross (each seeing the other uncommitted), the next look
for missing stock (the content report, demo loading) recomputes the categories not live.
"""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, exists, select, update

from shop.extensions import db
from shop.models import CachedStock, Category, Product
from shop.services.facet_bitmaps import refresh_facet_bitmaps
from shop.services.unit_of_work import separate_transaction, unit_of_work

# Published products of a category that is not live, asked for at once when the shop wants
# to learn their stock: one of them with a known level makes the category live.
STOCK_PROBES_PER_CATEGORY = 20


def _own_stock_known() -> ColumnElement[bool]:
    return exists(
        select(Product.id)
        .join(CachedStock, CachedStock.sku == Product.sku)
        .where(Product.category_id == Category.id, Product.published)
    )


def refresh_live_categories(category_ids: Iterable[int] | None = None) -> None:
    """Recompute whether these categories (None: all) are live by their own products.

    Called inside the unit of work that published or withdrew their products (one UPDATE),
    it rebuilds their kept facet bitmaps too.
    """
    statement = update(Category).values(live=_own_stock_known())
    ids = None
    if category_ids is not None:
        ids = sorted(set(category_ids))
        if not ids:
            return
        statement = statement.where(Category.id.in_(ids))
    db.session.flush()
    db.session.execute(statement.execution_options(synchronize_session=False))
    # The same changes move the facet bitmaps kept per category (#11).
    refresh_facet_bitmaps(ids)


def note_stock_known(products: Iterable[Product]) -> None:
    """The ERP just reported the first stock level of these products: their categories go
    live if they are published. Written beside the stock cache, outside the request's unit."""
    category_ids = sorted({p.category_id for p in products if p.published})
    if not category_ids:
        return
    # Listed products are in live categories already: a read spares them a write (on SQLite
    # the write lock) on every page that meets new products.
    not_live = db.session.scalars(
        select(Category.id).where(Category.id.in_(category_ids), Category.live.is_(False))
    ).all()
    if not not_live:
        return
    with separate_transaction() as connection:
        # Checked again in the database: the product may have been withdrawn meanwhile.
        connection.execute(
            update(Category)
            .where(Category.id.in_(not_live), Category.live.is_(False), _own_stock_known())
            .values(live=True)
        )


def refresh_categories_not_live() -> None:
    """Recompute the categories that are not live, in a unit of work of its own: a safety net
    for a publication and a first stock level that crossed (each saw the other uncommitted)."""
    with unit_of_work():
        ids = db.session.scalars(select(Category.id).where(Category.live.is_(False))).all()
        refresh_live_categories(ids)


def skus_to_probe(per_category: int = STOCK_PROBES_PER_CATEGORY) -> list[str]:
    """A few published products without a known stock level of every category that is not
    live: one of them with a level from the ERP makes its category live."""
    skus: list[str] = []
    not_live = db.session.scalars(select(Category.id).where(Category.live.is_(False))).all()
    for category_id in not_live:
        skus.extend(
            db.session.scalars(
                select(Product.sku)
                .where(
                    Product.category_id == category_id,
                    Product.published,
                    ~select(CachedStock.sku).where(CachedStock.sku == Product.sku).exists(),
                )
                .order_by(Product.id)
                .limit(per_category)
            )
        )
    return skus


def live_product_condition() -> ColumnElement[bool]:
    """Products the storefront lists and finds: in a category live by its own products."""
    return Product.category_id.in_(select(Category.id).where(Category.live))
