"""The product type editor in real Chromium (#12, §13): an operator adds a required attribute
to a type, reads the preview of what it does, confirms, and finds the products held back in
the content report; in English, in German, and with JavaScript switched off."""

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.models import Product
from shop.services.product_content import publish_product
from tests.browser.conftest import save_screenshot
from tests.factories import (
    PASSWORD,
    add_media,
    make_attribute,
    make_product,
    make_product_type,
    make_staff,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_an_operator_adds_a_required_attribute_and_sees_the_products_held_back(
    open_page, translate, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    suffix = f"{language}-{'js' if javascript else 'nojs'}"
    product_type = make_product_type(name_en="Bolts", name_de="Schrauben")
    product_type.attributes[0].label_en, product_type.attributes[0].label_de = "Length", "Länge"
    db.session.commit()
    skus = []
    for name in ("Bolt M8", "Bolt M10"):
        product = make_product(product_type_id=product_type.id, name_en=name, name_de=name)
        make_attribute(product, "length", "40 mm", number=40.0, unit="mm")
        add_media(product)
        assert publish_product(product.sku) == []
        skus.append(product.sku)
    staff = make_staff(name="Carla Content", rights=("content",))

    page = open_page(language, javascript)
    page.goto("/back-office/login")
    page.fill("input[name=email]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.click(f".site-nav >> text={t('Product types')}")
    row = page.locator(f"#product-type-{product_type.id}")
    expect(row).to_contain_text(t("In use: cannot be deleted"))
    row.locator("a", has_text="Schrauben" if language == "de" else "Bolts").click()

    page.fill("input[name='attr-1-key']", "material")
    page.fill("input[name='attr-1-label_en']", "Material")
    page.fill("input[name='attr-1-label_de']", "Werkstoff")
    page.select_option("select[name='attr-1-kind']", "text")
    expect(page.locator("input[name='attr-1-required']")).to_be_checked()
    page.click(f"main button >> text={t('Check what changes')}")

    summary = t(
        "%(held)s products would be held back, %(published)s would be published.",
        held=2,
        published=0,
    )
    expect(page.locator("#preview-summary")).to_have_text(summary)
    expect(page.locator("ul.preview-held")).to_contain_text("Bolt M8")
    save_screenshot(page, f"product-type-preview-{suffix}")
    db.session.expire_all()
    assert all(p.published for p in db.session.query(Product).filter(Product.sku.in_(skus)))
    page.click(f"main button >> text={t('Save and check the products')}")

    expect(page.locator("main")).to_contain_text(
        t(
            "The product type is saved. Products held back: %(held)s, published: %(published)s.",
            held=2,
            published=0,
        )
    )
    page.click(f".site-nav >> text={t('Product content')}")
    report = page.locator("table.content-report")
    for sku in skus:
        expect(report.locator("tr", has_text=sku)).to_contain_text(
            t(
                "%(attribute)s is missing.",
                attribute="Werkstoff" if language == "de" else "Material",
            )
        )
    save_screenshot(page, f"product-type-held-back-{suffix}")
