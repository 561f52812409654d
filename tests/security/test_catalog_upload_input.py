"""Hostile catalogue uploads (#12): control characters in the file's name or cells, a NUL
byte, a path in a file reference; each gets an ordinary answer and stores nothing bad."""

import io

from sqlalchemy import select

from shop.extensions import db
from shop.models import CatalogImport, Product
from tests.clients import staff_logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import make_category, make_product_type, make_staff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def post(client, csv: bytes, filename: str, *media):
    token = csrf_token_from(text_of(client.get("/back-office/content/import")))
    return client.post(
        "/back-office/content/import",
        data={
            "csrf_token": token,
            "catalogue": (io.BytesIO(csv), filename),
            "media": [(io.BytesIO(content), name) for name, content in media],
        },
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )


def test_control_characters_are_refused_or_dropped_and_nothing_bad_is_stored(app, app_context):
    client = staff_logged_in(app, make_staff(rights=("content",)))
    product_type = make_product_type(attributes=())
    slug = make_category().slug
    csv = (
        "sku,type,category,name_en,name_de,list_price,image\n"
        f"CTL-1,{product_type.code},{slug},Bolt\x07,Schraube,1.00,a.png\n"
        f"CTL-2,{product_type.code},{slug},Bolt,Schraube,1.00,../a.png\n"
        f"CTL-3,{product_type.code},{slug},Bolt,Schraube,1.00,a.png\n"
    ).encode()

    response = post(client, csv, "cata\x07log\x1b.csv", ("a.png", PNG), ("../a.png", PNG))
    nul = post(client, b"sku,name_en\nX\x00,Bolt\n", "nul.csv")

    assert response.status_code == 302
    report = db.session.scalar(select(CatalogImport))
    assert report.filename == "catalog.csv"
    outcomes = {row["sku"]: (row["outcome"], row["problems"]) for row in report.records}
    assert outcomes["CTL-1"] == ("rejected", [["text_invalid", "name_en", "300"]])
    assert outcomes["CTL-2"] == ("rejected", [["file_missing", "image", "../a.png"]])
    assert outcomes["CTL-3"] == ("accepted", [])
    assert db.session.scalar(select(Product.id).where(Product.sku == "CTL-1")) is None
    assert nul.status_code == 422 and "not a CSV file in UTF-8" in text_of(nul)
