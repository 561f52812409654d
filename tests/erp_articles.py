"""The shop's side of the simulator's demo article data (#12): the product types and
categories its articles name, and the demo product one of them changes.

The simulator's demo_data.json holds seven articles: FAS-SCR-000901 and SAF-GLV-000901 new
and complete, FAS-SCR-000001 a new description of a product the shop has, and four the
content firewall rejects, each for another reason (below)."""

from tests.factories import (
    add_media,
    make_attribute,
    make_category,
    make_product,
    make_product_type,
)

NEW = ("FAS-SCR-000901", "SAF-GLV-000901")
CHANGED = "FAS-SCR-000001"
REJECTED = {
    "FAS-SCR-000902": ("attribute_missing", "length", ""),
    "FAS-RIV-000001": ("category_unknown", "", "fasteners-rivets"),
    "FAS-SCR-000903": (
        "file_elsewhere",
        "image",
        "http://169.254.169.254/latest/meta-data/FAS-SCR-000903.png",
    ),
    "FAS SCR 904": ("sku_invalid", "", ""),
}


def make_erp_catalogue() -> dict:
    """The types, categories and the demo product the simulator's articles refer to."""
    screws = make_product_type(code="fasteners-screws", name_en="Screws", name_de="Schrauben")
    gloves = make_product_type(
        code="safety-gloves",
        name_en="Gloves",
        name_de="Handschuhe",
        attributes=(("standard", "text", None, ()), ("size", "text", None, ())),
        requires_datasheet=True,
    )
    screw_category = make_category(slug="fasteners-screws", name_en="Screws", name_de="Schrauben")
    make_category(slug="safety-gloves", name_en="Gloves", name_de="Handschuhe")
    existing = make_product(
        screw_category,
        sku=CHANGED,
        product_type_id=screws.id,
        description_en="Fully threaded hex head bolt. Box of 100.",
        description_de="Sechskantschraube. Packung mit 100 Stück.",
        list_price="14.03",
    )
    make_attribute(existing, "length", "40 mm", "40 mm", number=40.0, unit="mm")
    add_media(existing)
    return {"screws": screws, "gloves": gloves, "existing": existing}
