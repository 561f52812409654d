"""Hostile EANs (#11): in a catalogue upload a bad EAN is rejected with its reason, shown
cut short and escaped; in search any EAN-like text gets an ordinary page, never a 500."""

import io

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import CatalogImport, Product
from tests.clients import staff_logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import make_category, make_product, make_product_type, make_staff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_bad_eans_in_an_upload_are_rejected_with_the_reason_beside_the_record(app, app_context):
    client = staff_logged_in(app, make_staff(rights=("content",)))
    product_type = make_product_type(attributes=())
    slug = make_category().slug
    bad = ["4006381333931\x07", "<b>40063813</b>", "1" * 5000, "4006381333932"]
    lines = [
        f"EAN-{n},{product_type.code},{slug},Bolt,Schraube,1.00,a.png,{ean}"
        for n, ean in enumerate(bad)
    ]
    csv = "\n".join(["sku,type,category,name_en,name_de,list_price,image,ean", *lines]).encode()
    token = csrf_token_from(text_of(client.get("/back-office/content/import")))

    response = client.post(
        "/back-office/content/import",
        data={
            "csrf_token": token,
            "catalogue": (io.BytesIO(csv), "eans.csv"),
            "media": [(io.BytesIO(PNG), "a.png")],
        },
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )
    report_page = text_of(
        client.get(response.headers["Location"], headers={"Accept-Language": "en"})
    )

    assert response.status_code == 302
    report = db.session.scalar(select(CatalogImport))
    for row in report.records:
        assert row["outcome"] == "rejected"
        [[problem, key, detail]] = row["problems"]
        assert (problem, key) == ("ean_invalid", "ean") and len(detail) <= 40
    assert db.session.scalar(select(Product.id).where(Product.sku.like("EAN-%"))) is None
    assert "is not a valid EAN" in report_page and "<b>40063813</b>" not in report_page


@pytest.mark.parametrize(
    "query",
    # A NUL made the exact-SKU look-up fail with a 500 on PostgreSQL.
    ["4006381333931\x00", "٤٠٠٦٣٨١٣٣٣٩٣١", "4006381333931' OR '1'='1", "9" * 200, "40063813-33931"],
)
def test_ean_like_searches_answer_an_ordinary_page(client, query):
    make_product(sku="FAS-SCR-000777", ean="4006381333931")

    response = client.get("/search", query_string={"q": query}, headers={"Accept-Language": "en"})
    typing = client.get(
        "/search/suggestions", query_string={"q": query}, headers={"HX-Request": "true"}
    )

    assert response.status_code in (200, 302, 422)
    assert typing.status_code == 200
