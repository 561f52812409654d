"""The back office's content report and catalogue upload (#12, §13): unpublished products with
their reasons in the reader's language, filters and counts, publishing, the import report."""

import io

import pytest

from shop.models import Product, StaffAuditEntry
from shop.services.product_content import publish_product
from tests.clients import staff_logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import (
    add_media,
    make_attribute,
    make_category,
    make_product,
    make_product_type,
    make_staff,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}


@pytest.fixture
def shelf(app_context):
    """Two unpublished products of one type (one in cm, one without image) and a complete one."""
    product_type = make_product_type(name_en="Bolts", name_de="Schrauben")
    category = make_category(name_en="Screws", name_de="Schrauben")
    in_cm = make_product(category, product_type_id=product_type.id, name_en="Bolt in cm")
    make_attribute(in_cm, "length", "4 cm", number=4.0, unit="cm", label_de="Länge")
    add_media(in_cm)
    no_image = make_product(category, product_type_id=product_type.id, name_en="Bolt no image")
    make_attribute(no_image, "length", "40 mm", number=40.0, unit="mm")
    complete = make_product(category, product_type_id=product_type.id, published=False)
    make_attribute(complete, "length", "40 mm", number=40.0, unit="mm")
    add_media(complete)
    publish_product(in_cm.sku)
    publish_product(no_image.sku)
    return {
        "type": product_type,
        "category": category,
        "in_cm": in_cm,
        "no_image": no_image,
        "complete": complete,
    }


@pytest.fixture
def content_staff(app, app_context):
    return staff_logged_in(app, make_staff(rights=("content",)))


def test_the_report_lists_unpublished_products_with_reasons_in_english(shelf, content_staff):
    page = text_of(content_staff.get("/back-office/content", headers=EN))

    assert shelf["in_cm"].sku in page and shelf["no_image"].sku in page
    assert "Length must be given in mm." in page
    assert "The product has no image." in page
    assert "Wrong unit" in page and "Image missing" in page
    assert "wrong_unit" not in page.replace('value="wrong_unit"', "")


def test_the_report_reads_in_german(shelf, content_staff):
    page = text_of(content_staff.get("/back-office/content", headers=DE))

    assert "Länge muss in mm angegeben sein." in page
    assert "Der Artikel hat kein Bild." in page
    assert "Produktinhalte" in page


def test_the_report_filters_by_reason_type_and_category_and_counts(shelf, content_staff):
    by_reason = text_of(content_staff.get("/back-office/content?reason=image_missing", headers=EN))
    by_type = text_of(
        content_staff.get(f"/back-office/content?type={shelf['type'].id}", headers=EN)
    )
    other_category = make_category()
    by_category = text_of(
        content_staff.get(f"/back-office/content?category={other_category.id}", headers=EN)
    )

    assert shelf["no_image"].sku in by_reason and shelf["in_cm"].sku not in by_reason
    assert shelf["no_image"].sku in by_type and shelf["in_cm"].sku in by_type
    assert "Products found: 3" in by_type  # the complete one is not checked yet
    assert shelf["in_cm"].sku not in by_category


def test_publishing_from_the_report_publishes_a_complete_product_only(shelf, content_staff):
    token = csrf_token_from(text_of(content_staff.get("/back-office/content")))

    done = content_staff.post(
        f"/back-office/content/{shelf['complete'].sku}/publish",
        data={"csrf_token": token},
        headers=EN,
        follow_redirects=True,
    )
    refused = content_staff.post(
        f"/back-office/content/{shelf['in_cm'].sku}/publish",
        data={"csrf_token": token},
        headers=EN,
        follow_redirects=True,
    )

    from shop.extensions import db

    db.session.expire_all()
    assert db.session.get(Product, shelf["complete"].id).published
    assert not db.session.get(Product, shelf["in_cm"].id).published
    assert "is published" in text_of(done) and "stays unpublished" in text_of(refused)
    actions = db.session.scalars(db.select(StaffAuditEntry.action)).all()
    assert actions.count("publish_product") == 2


def test_publishing_an_unknown_sku_is_not_found(shelf, content_staff):
    token = csrf_token_from(text_of(content_staff.get("/back-office/content")))

    response = content_staff.post(
        "/back-office/content/NO-SUCH/publish", data={"csrf_token": token}
    )

    assert response.status_code == 404


def upload(client, csv: bytes, *media: tuple[str, bytes], headers=EN):
    token = csrf_token_from(text_of(client.get("/back-office/content/import")))
    data = {
        "csrf_token": token,
        "catalogue": (io.BytesIO(csv), "catalogue.csv"),
        "media": [(io.BytesIO(content), name) for name, content in media],
    }
    return client.post(
        "/back-office/content/import",
        data=data,
        content_type="multipart/form-data",
        headers=headers,
    )


def test_an_uploaded_file_is_imported_and_its_report_shown(shelf, content_staff):
    csv = (
        "sku,type,category,name_en,name_de,list_price,image,length\n"
        f"UP-1,{shelf['type'].code},{shelf['category'].slug},Bolt,Schraube,2.50,up.png,40 mm\n"
        f"UP-2,{shelf['type'].code},{shelf['category'].slug},Bolt,Schraube,2.50,up.png,long\n"
    ).encode()

    response = upload(content_staff, csv, ("up.png", PNG))
    report = content_staff.get(response.headers["Location"], headers=DE)

    assert response.status_code == 302
    page = text_of(report)
    assert "UP-1" in page and "Übernommen (neu)" in page
    assert "Länge muss eine Zahl sein, nicht „long“." in page or "muss eine Zahl sein" in page
    from shop.extensions import db

    assert db.session.scalar(db.select(Product).where(Product.sku == "UP-2")) is None


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        (b"\xff\xfe\x00", "not a CSV file in UTF-8"),
        (b"name_en\nBolt\n", "one of them sku"),
        (b"sku,Bad Column\nX,1\n", "neither a product field nor an attribute key"),
        (b"sku\n", "holds no records"),
    ],
)
def test_an_unreadable_file_is_refused_next_to_the_field(shelf, content_staff, csv, message):
    response = upload(content_staff, csv)

    assert response.status_code == 422
    assert message in text_of(response)


def test_an_upload_without_a_file_asks_for_one(shelf, content_staff):
    token = csrf_token_from(text_of(content_staff.get("/back-office/content/import")))

    response = content_staff.post(
        "/back-office/content/import", data={"csrf_token": token}, headers=EN
    )

    assert response.status_code == 422 and "Choose a CSV file." in text_of(response)


def test_an_unknown_import_report_is_not_found(content_staff):
    assert content_staff.get("/back-office/content/imports/999999").status_code == 404
