"""The facet bitmaps kept per category (#11): changed wherever publishing or
attributes change (publish, withdraw, import, a product type's change, the generator) and
always equal to a direct count of the published products' attributes and manufacturers."""

from collections import Counter

from sqlalchemy import select

from shop.demo.loader import generate_products
from shop.domain.facet_bits import MAKER_KEY, NUMBER_PREFIX, PRODUCTS_KEY, ids_from_bytes
from shop.domain.facets import RANGE_FACETS
from shop.extensions import db
from shop.models import FacetBitmap, Product, ProductAttribute
from shop.models.clock import utcnow
from shop.services.catalog_import import import_catalog
from shop.services.product_content import check_products, publish_product
from tests.factories import add_media, make_attribute, make_category, make_product_type
from tests.factories import make_product as make_any_product
from tests.integration.test_product_type_editor import (  # noqa: F401 (fixture)
    add_material,
    complete_product,
    operator,
)
from tests.integration.test_product_type_editor import make_product_type as make_named_type

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def kept() -> Counter:
    """The counts the kept bitmaps give per (category, key, value): their products."""
    return Counter(
        {
            key: len(products)
            for key, products in kept_sets().items()
            if key[1] != PRODUCTS_KEY and not key[1].startswith(NUMBER_PREFIX)
        }
    )


def counted() -> Counter:
    """The same counts from the products and their attributes, in plain Python."""
    counts: Counter = Counter()
    published = {p.id: p for p in db.session.scalars(select(Product).where(Product.published))}
    for attribute in db.session.scalars(select(ProductAttribute)):
        product = published.get(attribute.product_id)
        if product is not None:
            counts[(product.category_id, attribute.key, attribute.value_en)] += 1
    for product in published.values():
        if product.manufacturer:
            counts[(product.category_id, MAKER_KEY, product.manufacturer)] += 1
    return counts


def kept_sets() -> dict[tuple, set[int]]:
    """(category, key, value) -> the product ids its kept bitmap holds; (category,
    PRODUCTS_KEY, "") -> the category's products."""
    db.session.expire_all()
    rows = db.session.scalars(select(FacetBitmap)).all()
    ids = {
        row.category_id: list(ids_from_bytes(row.bits)) for row in rows if row.key == PRODUCTS_KEY
    }
    sets = {}
    for row in rows:
        if row.key == PRODUCTS_KEY:
            sets[(row.category_id, row.key, "")] = set(ids[row.category_id])
            continue
        bits = int.from_bytes(row.bits, "little")
        positions = ids[row.category_id]
        sets[(row.category_id, row.key, row.value_en)] = {
            product_id for at, product_id in enumerate(positions) if bits >> at & 1
        }
    return sets


def direct_sets() -> dict[tuple, set[int]]:
    """The same sets from the published products and their attributes."""
    sets: dict[tuple, set[int]] = {}
    published = {p.id: p for p in db.session.scalars(select(Product).where(Product.published))}
    for product in published.values():
        sets.setdefault((product.category_id, PRODUCTS_KEY, ""), set()).add(product.id)
        if product.manufacturer:
            sets.setdefault((product.category_id, MAKER_KEY, product.manufacturer), set()).add(
                product.id
            )
    for attribute in db.session.scalars(select(ProductAttribute)):
        product = published.get(attribute.product_id)
        if product is None:
            continue
        keys = [(attribute.key, attribute.value_en)]
        if attribute.key in RANGE_FACETS and attribute.number is not None:
            keys.append((NUMBER_PREFIX + attribute.key, repr(attribute.number)))
        for key, value in keys:
            sets.setdefault((product.category_id, key, value), set()).add(product.id)
    return sets


def assert_kept() -> None:
    assert kept() == counted()
    assert kept_sets() == direct_sets()


def length_count(category, value: str) -> int:
    return kept()[(category.id, "length", value)]


def test_publishing_and_withdrawing_change_the_kept_counts(app_context):
    category = make_category()
    product = make_any_product(
        category, product_type_id=make_product_type().id, published=False, manufacturer="Acme"
    )
    make_attribute(product, "length", "40 mm", number=40.0, unit="mm")
    add_media(product)
    assert length_count(category, "40 mm") == 0

    assert publish_product(product.sku) == []
    assert length_count(category, "40 mm") == 1
    assert kept()[(category.id, MAKER_KEY, "Acme")] == 1
    assert_kept()

    db.session.delete(db.session.get(Product, product.id).media[0])
    db.session.commit()
    check_products([product.id])  # withdrawn: its image is gone

    assert length_count(category, "40 mm") == 0
    assert_kept()


def test_an_import_and_a_changed_attribute_move_the_counts(app_context):
    category = make_category()
    product_type = make_product_type()

    def csv(length: str) -> bytes:
        return (
            "sku,type,category,name_en,name_de,list_price,image,length\n"
            f"KEPT-1,{product_type.code},{category.slug},Tie,Binder,2.50,m.png,{length}\n"
        ).encode()

    import_catalog(csv("40 mm"), {"m.png": PNG}, "ties.csv", utcnow())
    assert length_count(category, "40 mm") == 1

    import_catalog(csv("60 mm"), {"m.png": PNG}, "ties.csv", utcnow())

    assert length_count(category, "40 mm") == 0
    assert length_count(category, "60 mm") == 1
    assert_kept()


def test_a_product_type_change_that_holds_products_back_takes_them_out(operator):  # noqa: F811
    _staff, client = operator
    product_type = make_named_type()
    missing = complete_product(product_type)
    having = complete_product(product_type)
    make_attribute(having, "material", "steel", "Stahl")
    assert length_count(missing.category, "40 mm") == 1

    client.post(
        f"/back-office/product-types/{product_type.id}",
        data=add_material(client, product_type, preview=None, confirm="1"),
    )

    assert length_count(missing.category, "40 mm") == 0
    assert_kept()


def test_the_generator_keeps_the_counts_of_what_it_adds(app_context, erp):
    generate_products(60)

    assert_kept()
    assert sum(kept().values()) > 60
