"""Demo catalogue content, read from the JSON files in `shop/demo/data/`.

`categories.json` holds the two-level category tree, `products.json` the ~300
demo products (attributes as [key, value], the value one of: a text the same in
both languages, {"en": …, "de": …}, or a measurement {"number": "40", "unit": "mm"})
and `attribute_labels.json` the bilingual label of each key. Everything is
deterministic: the same call returns the same products, so demo shops, tests and
benchmarks can rely on SKUs and names. The files are found next to this module, not
in the working directory.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from shop.domain.attribute_values import AttributeValue, measurement

DATA_DIR = Path(__file__).resolve().parent / "data"
CATEGORIES_PATH = DATA_DIR / "categories.json"
PRODUCTS_PATH = DATA_DIR / "products.json"
ATTRIBUTE_LABELS_PATH = DATA_DIR / "attribute_labels.json"
PRODUCT_TYPES_PATH = DATA_DIR / "product_types.json"
CATEGORY_NOT_LIVE_PATH = DATA_DIR / "category_not_live.json"


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    parent_slug: str | None
    name_en: str
    name_de: str
    position: int


@dataclass(frozen=True)
class AttributeSpec:
    key: str
    label_en: str
    label_de: str
    value: AttributeValue

    @property
    def bilingual_value(self) -> str:
        """The value as a bilingual data sheet prints it ("steel / Stahl", "0.8 mm")."""
        if self.value.number is not None or self.value.value_en == self.value.value_de:
            return self.value.value_en
        return f"{self.value.value_en} / {self.value.value_de}"


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    category_slug: str
    name_en: str
    name_de: str
    description_en: str
    description_de: str
    manufacturer: str
    unit: str
    list_price: Decimal
    vat_rate: Decimal
    attributes: tuple[AttributeSpec, ...]


@dataclass(frozen=True)
class RequiredAttributeSpec:
    key: str
    kind: str
    unit: str | None
    allowed: tuple[str, ...]


@dataclass(frozen=True)
class ProductTypeSpec:
    """A product type (#12): one per leaf category, code = the category's slug."""

    code: str
    name_en: str
    name_de: str
    requires_image: bool
    requires_datasheet: bool
    attributes: tuple[RequiredAttributeSpec, ...]


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _categories() -> tuple[CategorySpec, ...]:
    result = []
    for top_position, top in enumerate(_read(CATEGORIES_PATH), start=1):
        result.append(CategorySpec(top["slug"], None, top["name_en"], top["name_de"], top_position))
        for leaf_position, leaf in enumerate(top["children"], start=1):
            result.append(
                CategorySpec(
                    leaf["slug"], top["slug"], leaf["name_en"], leaf["name_de"], leaf_position
                )
            )
    return tuple(result)


def categories() -> list[CategorySpec]:
    """The category tree, two levels deep, each parent listed before its children."""
    return list(_categories())


def leaf_category_slugs() -> list[str]:
    """Slugs of the categories that hold products, in catalogue order."""
    return [spec.slug for spec in _categories() if spec.parent_slug is not None]


@cache
def _attribute_labels() -> dict[str, tuple[str, str]]:
    return {key: (text["en"], text["de"]) for key, text in _read(ATTRIBUTE_LABELS_PATH).items()}


def _product_spec(row: dict) -> ProductSpec:
    labels = _attribute_labels()
    return ProductSpec(
        sku=row["sku"],
        category_slug=row["category"],
        name_en=row["name_en"],
        name_de=row["name_de"],
        description_en=row["description_en"],
        description_de=row["description_de"],
        manufacturer=row["manufacturer"],
        unit=row["unit"],
        list_price=Decimal(row["list_price"]),
        vat_rate=Decimal(row["vat_rate"]),
        attributes=tuple(
            AttributeSpec(key, *labels[key], _attribute_value(value))
            for key, value in row["attributes"]
        ),
    )


@cache
def _demo_products() -> tuple[ProductSpec, ...]:
    return tuple(_product_spec(row) for row in _read(PRODUCTS_PATH))


@cache
def _category_not_live() -> tuple[CategorySpec, tuple[ProductSpec, ...]]:
    data = _read(CATEGORY_NOT_LIVE_PATH)
    spec = data["category"]
    category = CategorySpec(
        spec["slug"], spec["parent"], spec["name_en"], spec["name_de"], spec["position"]
    )
    return category, tuple(_product_spec(row) for row in data["products"])


def category_not_live() -> tuple[CategorySpec, list[ProductSpec]]:
    """§13: a demo category whose only products are incomplete (no product type yet), so it
    is not live: the content report shows why, the storefront does not show it. Kept apart
    from the catalogue: the ERP simulator does not know its products, the generator skips it."""
    category, products = _category_not_live()
    return category, list(products)


def _attribute_value(value: str | dict) -> AttributeValue:
    if isinstance(value, str):
        return AttributeValue(value, value)
    if "number" in value:
        return measurement(value["number"], value.get("unit"))
    return AttributeValue(value["en"], value["de"])


@cache
def _product_types() -> tuple[ProductTypeSpec, ...]:
    return tuple(
        ProductTypeSpec(
            code=row["code"],
            name_en=row["name_en"],
            name_de=row["name_de"],
            requires_image=row["requires_image"],
            requires_datasheet=row["requires_datasheet"],
            attributes=tuple(
                RequiredAttributeSpec(
                    a["key"], a["kind"], a.get("unit"), tuple(a.get("allowed", ()))
                )
                for a in row["attributes"]
            ),
        )
        for row in _read(PRODUCT_TYPES_PATH)
    )


def product_types() -> list[ProductTypeSpec]:
    """The demo's product types: each leaf category's products are of the type of its slug."""
    return list(_product_types())


def attribute_labels() -> dict[str, tuple[str, str]]:
    """Each attribute key's (English, German) label, as the demo's products and types name it."""
    return {key: (text["en"], text["de"]) for key, text in _read(ATTRIBUTE_LABELS_PATH).items()}


def demo_products() -> list[ProductSpec]:
    """The demo catalogue (about 300 products), identical on every call."""
    return list(_demo_products())


@cache
def _generator_templates() -> tuple[tuple[str, ProductSpec], ...]:
    """Every (size, variant) combination per family once, as prototypes to stamp SKUs on.

    Generated products reuse the prototypes' immutable fields, so stamping
    one costs a single dataclass construction.
    """
    by_category: dict[str, list[ProductSpec]] = {}
    for product in _demo_products():
        by_category.setdefault(product.category_slug, []).append(product)
    # Interleave the categories so that any slice of generated products spreads
    # over all of them rather than running through one family after another.
    templates = []
    longest = max(len(products) for products in by_category.values())
    for index in range(longest):
        for category_slug, products in by_category.items():
            if index < len(products):
                templates.append((category_slug, _generator_prototype(products[index])))
    return tuple(templates)


def _generator_prototype(product: ProductSpec) -> ProductSpec:
    return ProductSpec(
        sku="",
        category_slug=product.category_slug,
        name_en=product.name_en,
        name_de=product.name_de,
        description_en=product.description_en,
        description_de=product.description_de,
        manufacturer=product.manufacturer,
        unit=product.unit,
        list_price=product.list_price,
        vat_rate=product.vat_rate,
        attributes=product.attributes,
    )


_SERIES = (
    ("Standard", "Standard"),
    ("Pro", "Profi"),
    ("Eco", "Eco"),
    ("Heavy-duty", "Schwerlast"),
    ("Compact", "Kompakt"),
    ("Premium", "Premium"),
    ("Industrial", "Industrie"),
)


@cache
def _generator_variants() -> tuple[tuple[ProductSpec, ...], ...]:
    """Prototypes with a series word in the name, so generated names vary more."""
    return tuple(
        tuple(
            _with_series(prototype, series_en, series_de) for _, prototype in _generator_templates()
        )
        for series_en, series_de in _SERIES
    )


def _with_series(prototype: ProductSpec, series_en: str, series_de: str) -> ProductSpec:
    return ProductSpec(
        sku="",
        category_slug=prototype.category_slug,
        name_en=f"{prototype.name_en} ({series_en} series)",
        name_de=f"{prototype.name_de} (Serie {series_de})",
        description_en=prototype.description_en,
        description_de=prototype.description_de,
        manufacturer=prototype.manufacturer,
        unit=prototype.unit,
        list_price=prototype.list_price,
        vat_rate=prototype.vat_rate,
        attributes=prototype.attributes,
    )


def generated_products(count: int, start: int = 0) -> Iterator[ProductSpec]:
    """Yield `count` deterministic products with SKUs GEN-0000001 onwards, for benchmarks.

    `start` skips that many products, so batches can be generated separately
    and still get unique SKUs.
    """
    variants = _generator_variants()
    series_count = len(variants)
    width = len(variants[0])
    for number in range(start + 1, start + count + 1):
        # Walk the families in one order and the series in another, so neighbouring
        # products differ in both.
        prototype = variants[number % series_count][number % width]
        yield ProductSpec(
            f"GEN-{number:07d}",
            prototype.category_slug,
            prototype.name_en,
            prototype.name_de,
            prototype.description_en,
            prototype.description_de,
            prototype.manufacturer,
            prototype.unit,
            prototype.list_price,
            prototype.vat_rate,
            prototype.attributes,
        )
