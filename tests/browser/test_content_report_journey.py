"""The product content report in real Chromium (#12, §13): an operator finds an unpublished
product with its reason, filters by reason, imports a CSV file with a bad record and reads
the import's report, sees the category go live, then imports the ERP's article data and
reads that report; in English, in German, and with JavaScript switched off."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import Product
from shop.models.clock import utcnow
from shop.services.product_content import publish_product
from shop.services.stock import look_up_missing_stock
from tests.browser.conftest import save_screenshot
from tests.erp_articles import CHANGED, NEW, REJECTED, make_erp_catalogue
from tests.factories import (
    PASSWORD,
    add_media,
    make_attribute,
    make_category,
    make_product,
    make_product_type,
    make_staff,
)

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_an_operator_reads_why_products_are_unpublished_and_imports_a_file(
    open_page, translate, app_context, erp, tmp_path, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    suffix = f"{language}-{'js' if javascript else 'nojs'}"
    product_type = make_product_type(name_en="Bolts", name_de="Schrauben")
    category = make_category()
    no_image = make_product(category, product_type_id=product_type.id, name_en="Bolt M8")
    make_attribute(no_image, "length", "40 mm", number=40.0, unit="mm")
    in_cm = make_product(category, product_type_id=product_type.id, name_en="Bolt M10")
    make_attribute(in_cm, "length", "4 cm", number=4.0, unit="cm")
    add_media(in_cm)
    publish_product(no_image.sku)
    publish_product(in_cm.sku)
    staff = make_staff(name="Carla Content", rights=("content",))

    page = open_page(language, javascript)
    page.goto("/back-office/login")
    page.fill("input[name=email]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.click(f".site-nav >> text={t('Product content')}")

    report = page.locator("table.content-report")
    expect(report.locator("tr", has_text=no_image.sku)).to_contain_text(
        t("The product has no image.")
    )
    expect(report.locator("tr", has_text=in_cm.sku)).to_contain_text(
        t("%(attribute)s must be given in %(unit)s.", attribute="Length", unit="mm")
    )
    page.select_option("select[name=reason]", "image_missing")
    page.click(f"form.filters button >> text={t('Filter')}")
    expect(report).to_contain_text(no_image.sku)
    expect(report).not_to_contain_text(in_cm.sku)
    expect(page.locator("table.content-counts")).to_contain_text(t("Image missing"))
    # §13: nothing of the category is published, so the shop does not show it yet.
    category_name = getattr(category, f"name_{language}")
    state = page.locator("table.content-categories tr", has_text=category_name)
    expect(state.locator(".live-state")).to_have_text(t("Not live: no complete product"))
    save_screenshot(page, f"content-report-{suffix}")

    (tmp_path / "catalogue.csv").write_text(
        "sku,type,category,name_en,name_de,list_price,image,length\n"
        f"NEW-{suffix.upper()},{product_type.code},{category.slug},Bolt,Schraube,2.50,new.png,"
        "40 mm\n"
        f"BAD-{suffix.upper()},{product_type.code},{category.slug},Bolt,Schraube,2.50,new.png,"
        "long\n"
    )
    (tmp_path / "new.png").write_bytes(PNG)
    page.click(f"text={t('Import a catalogue file')}")
    page.set_input_files("input[name=catalogue]", str(tmp_path / "catalogue.csv"))
    page.set_input_files("input[name=media]", str(tmp_path / "new.png"))
    page.click(f"main form button >> text={t('Import the file')}")

    imported = page.locator("table.import-report")
    expect(imported.locator("tr", has_text=f"NEW-{suffix.upper()}")).to_contain_text(
        t("Accepted (new)")
    )
    expect(imported.locator("tr", has_text=f"BAD-{suffix.upper()}")).to_contain_text(
        t("%(attribute)s must be a number, not “%(value)s”.", attribute="Length", value="long")
    )
    save_screenshot(page, f"content-import-{suffix}")
    # The imported product is published; opening the report asks the ERP nothing, and the
    # category waits for its stock until the worker's next stock round (run here as it would).
    page.click(f".site-nav >> text={t('Product content')}")
    expect(state.locator(".live-state")).to_have_text(t("Not live: no stock known"))
    look_up_missing_stock(erp_client(), utcnow())
    page.reload()
    expect(state.locator(".live-state")).to_have_text(t("Live"))
    expect(page.locator(".stock-lookup")).not_to_contain_text(t("not yet"))
    page.goto(f"/catalog/{category.slug}")
    expect(page.locator("main")).to_contain_text(f"NEW-{suffix.upper()}")
    db.session.expire_all()
    assert db.session.scalar(select(Product).where(Product.sku == f"BAD-{suffix.upper()}")) is None
    assert db.session.scalar(
        select(Product.published).where(Product.sku == f"NEW-{suffix.upper()}")
    )

    # #12: the same pipeline from the ERP's article data, from a button on the import page.
    make_erp_catalogue()
    page.goto("/back-office/content")
    page.click(f"text={t('Import a catalogue file')}")
    page.click(f"main form button >> text={t('Import from the ERP')}")

    expect(page.locator("h1")).to_have_text(t("Catalogue import from the ERP"))
    imported = page.locator("table.import-report")
    for sku in NEW:
        expect(imported.locator("tr", has_text=sku)).to_contain_text(t("Accepted (new)"))
    expect(imported.locator("tr", has_text=CHANGED)).to_contain_text(t("Changed"))
    expect(imported.locator("tr.rejected")).to_have_count(len(REJECTED))
    expect(imported.locator("tr", has_text="FAS-RIV-000001")).to_contain_text(
        t("There is no category “%(value)s”.", value="fasteners-rivets")
    )
    save_screenshot(page, f"content-import-erp-{suffix}")
