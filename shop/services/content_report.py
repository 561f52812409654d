"""The back office's content report (#12, §13): unpublished products with their reasons,
filtered by type, category and reason, with counts; which categories are live; the kept
catalogue import reports."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from shop.domain.catalog_import import FILE_NAME
from shop.domain.live_categories import (
    CategoryContent,
    NotLiveReason,
    is_live,
    not_live_reason,
    products_to_go_live,
)
from shop.extensions import db
from shop.models import (
    CachedStock,
    CatalogImport,
    Category,
    Product,
    ProductAttribute,
    ProductContentProblem,
    ProductType,
    ProductTypeAttribute,
)
from shop.services.pagination import Page, paginate

PAGE_SIZE = 50


class FolderFiles(Mapping[str, bytes]):
    """The files beside an import file, read when the import asks for one by its plain name
    (no path: a record cannot reach outside the folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __getitem__(self, name: str) -> bytes:
        path = self.folder / name
        if not FILE_NAME.match(name) or not path.is_file():
            raise KeyError(name)
        return path.read_bytes()

    def __iter__(self) -> Iterator[str]:
        return (p.name for p in self.folder.iterdir() if p.is_file())

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class ReportFilter:
    type_id: int | None = None
    category_id: int | None = None
    problem: str | None = None


@dataclass(frozen=True)
class UnpublishedProduct:
    sku: str
    name_en: str
    name_de: str
    type_code: str | None
    type_name_en: str | None
    type_name_de: str | None
    category_name_en: str
    category_name_de: str
    problems: list[tuple[str, str, str]]


@dataclass(frozen=True)
class CategoryState:
    """A category's own products counted, and whether it is live by them
    (shop.domain.live_categories holds the rule, shop.services.live_categories keeps it)."""

    id: int
    name_en: str
    name_de: str
    published: int
    unpublished: int
    with_stock: int

    @property
    def content(self) -> CategoryContent:
        return CategoryContent(self.published, self.unpublished, self.with_stock)

    @property
    def is_live(self) -> bool:
        return is_live(self.content)

    @property
    def not_live_reason(self) -> NotLiveReason | None:
        return not_live_reason(self.content)

    @property
    def products_to_go_live(self) -> int:
        return products_to_go_live(self.content)


def unpublished_products(report_filter: ReportFilter, page: int) -> Page:
    """A page of unpublished products matching the filter, with their reasons."""
    query = (
        select(Product)
        .where(Product.published.is_(False), *_conditions(report_filter))
        .order_by(Product.sku)
    )
    found = paginate(query, page, PAGE_SIZE)
    ids = [p.id for p in found.items]
    problems: dict[int, list[tuple[str, str, str]]] = {}
    for row in db.session.execute(
        select(
            ProductContentProblem.product_id,
            ProductContentProblem.problem,
            ProductContentProblem.key,
            ProductContentProblem.detail,
        )
        .where(ProductContentProblem.product_id.in_(ids))
        .order_by(ProductContentProblem.id)
    ):
        problems.setdefault(row.product_id, []).append((row.problem, row.key, row.detail))
    types = {t.id: t for t in db.session.scalars(select(ProductType))}
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    rows = []
    for product in found.items:
        product_type = types.get(product.product_type_id)
        category = categories[product.category_id]
        rows.append(
            UnpublishedProduct(
                sku=product.sku,
                name_en=product.name_en,
                name_de=product.name_de,
                type_code=product_type.code if product_type else None,
                type_name_en=product_type.name_en if product_type else None,
                type_name_de=product_type.name_de if product_type else None,
                category_name_en=category.name_en,
                category_name_de=category.name_de,
                problems=problems.get(product.id, []),
            )
        )
    return found.with_items(rows)


def _conditions(report_filter: ReportFilter) -> list:
    conditions = []
    if report_filter.type_id is not None:
        conditions.append(Product.product_type_id == report_filter.type_id)
    if report_filter.category_id is not None:
        conditions.append(Product.category_id == report_filter.category_id)
    if report_filter.problem is not None:
        conditions.append(
            select(ProductContentProblem.id)
            .where(
                ProductContentProblem.product_id == Product.id,
                ProductContentProblem.problem == report_filter.problem,
            )
            .exists()
        )
    return conditions


def problem_counts(report_filter: ReportFilter) -> dict[str, int]:
    """How many unpublished products (of the filter's type and category) have each reason."""
    without_problem = ReportFilter(report_filter.type_id, report_filter.category_id)
    rows = db.session.execute(
        select(ProductContentProblem.problem, func.count(func.distinct(Product.id)))
        .join(Product, Product.id == ProductContentProblem.product_id)
        .where(Product.published.is_(False), *_conditions(without_problem))
        .group_by(ProductContentProblem.problem)
    )
    return {problem: count for problem, count in rows}


def product_counts() -> tuple[int, int]:
    """(published, unpublished) products of the whole catalogue."""
    rows = dict(
        db.session.execute(select(Product.published, func.count()).group_by(Product.published))
        .tuples()
        .all()
    )
    return rows.get(True, 0), rows.get(False, 0)


def category_states() -> list[CategoryState]:
    """Every category that holds products, in catalogue order, with whether it is live."""
    counts = db.session.execute(
        select(
            Product.category_id,
            func.count().filter(Product.published),
            func.count().filter(Product.published.is_(False)),
            func.count(CachedStock.sku).filter(Product.published),
        )
        .outerjoin(CachedStock, CachedStock.sku == Product.sku)
        .group_by(Product.category_id)
    ).all()
    categories = {
        c.id: c
        for c in db.session.scalars(
            select(Category).options(selectinload(Category.parent)).order_by(Category.position)
        )
    }

    def order(row) -> tuple:
        category = categories[row[0]]
        parent = category.parent
        return (parent.position if parent else category.position, category.position, row[0])

    return [
        CategoryState(
            category_id,
            categories[category_id].name_en,
            categories[category_id].name_de,
            published,
            unpublished,
            with_stock,
        )
        for category_id, published, unpublished, with_stock in sorted(counts, key=order)
    ]


def product_types() -> list[ProductType]:
    return list(
        db.session.scalars(
            select(ProductType)
            .options(selectinload(ProductType.attributes))
            .order_by(ProductType.name_en)
        )
    )


def attribute_labels(keys: set[str], locale: str) -> dict[str, str]:
    """Each attribute key's label in the reader's language: as its product type names it
    (the editor, #12), else as the products name it."""
    column = ProductAttribute.label_de if locale == "de" else ProductAttribute.label_en
    type_column = ProductTypeAttribute.label_de if locale == "de" else ProductTypeAttribute.label_en
    labels = dict(
        db.session.execute(
            select(ProductTypeAttribute.key, type_column).where(
                ProductTypeAttribute.key.in_(keys), type_column != ""
            )
        )
        .tuples()
        .all()
    )
    # One indexed look-up per key: a key may have 100,000 rows, the report needs one label.
    for key in sorted(keys - labels.keys()):
        label = db.session.scalar(select(column).where(ProductAttribute.key == key).limit(1))
        if label is not None:
            labels[key] = label
    return labels


def catalog_imports(limit: int = 20) -> list[CatalogImport]:
    """The latest imports, newest first."""
    return list(
        db.session.scalars(select(CatalogImport).order_by(CatalogImport.id.desc()).limit(limit))
    )


def catalog_import(import_id: int) -> CatalogImport | None:
    return db.session.get(CatalogImport, import_id)
