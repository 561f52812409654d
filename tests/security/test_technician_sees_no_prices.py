"""Issue #14, §2: a service technician sees no prices. Every page and download a technician
can reach (every GET route of the URL map, full page and htmx fragment, plus each product's
media) is searched for prices, and the catalogue neither offers nor applies a price order."""

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from werkzeug.routing import BuildError

from shop.demo.catalog_data import AttributeSpec, ProductSpec
from shop.demo.media import datasheet_pdf, product_image_svg
from shop.domain.attribute_values import measurement
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import ProductMedia, ShoppingList, ShoppingListLine
from tests.factories import PASSWORD, make_category, make_company, make_product, make_user

# A currency sign or code, or an amount with decimals next to one ("1.234,50 €", "EUR 12.00").
PRICE = re.compile(r"€|\bEUR\b|\d[.,]\d{2}\s*(?:€|EUR)|(?:€|EUR)\s*\d")
# Names in alphabetical order; prices in neither ascending nor descending order.
PRODUCTS = [("Alpha clamp", "30.00"), ("Beta clamp", "1234.50"), ("Gamma clamp", "10.00")]


def spec_for(product) -> ProductSpec:
    return ProductSpec(
        sku=product.sku,
        category_slug=product.category.slug,
        name_en=product.name_en,
        name_de=product.name_de,
        description_en="A clamp for pipes.",
        description_de="Eine Rohrschelle.",
        manufacturer="Klemmwerk",
        unit="piece",
        list_price=product.list_price,
        vat_rate=Decimal("19.00"),
        attributes=(AttributeSpec("width", "Width", "Breite", measurement(40, "mm")),),
    )


@pytest.fixture
def shop_world(app_context):
    category = make_category()
    products = [
        make_product(category, name_en=name, name_de=name, list_price=Decimal(price))
        for name, price in PRODUCTS
    ]
    media = []
    for product in products:
        spec = spec_for(product)
        for kind, filename, mime, content in (
            ("datasheet", f"{product.sku}.pdf", "application/pdf", datasheet_pdf(spec)),
            ("image", f"{product.sku}.svg", "image/svg+xml", product_image_svg(spec)),
        ):
            item = ProductMedia(
                product_id=product.id,
                kind=kind,
                filename=filename,
                mime_type=mime,
                content=content,
                size=len(content),
            )
            db.session.add(item)
            media.append(item)
    db.session.commit()
    technician = make_user(make_company(), roles=(PredefinedRole.SERVICE_TECHNICIAN,))
    # #15: the technician's shopping list holds every product, and shows no price either.
    shopping_list = ShoppingList(
        company_id=technician.company_id, owner_id=technician.id, name="Van", shared=True
    )
    shopping_list.lines = [ShoppingListLine(product_id=p.id, quantity=3) for p in products]
    db.session.add(shopping_list)
    db.session.commit()
    return {
        "category": category,
        "products": products,
        "media": media,
        "user": technician,
        "list_id": shopping_list.id,
    }


def log_in(client, csrf, user) -> None:
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf()}
    )
    assert response.status_code == 302


def text_of(response) -> str:
    if response.mimetype == "application/pdf":
        reader = PdfReader(io.BytesIO(response.data))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.get_data(as_text=True)


def route_values(world) -> dict:
    product, sheet = world["products"][0], world["media"][0]
    return {
        "slug": world["category"].slug,
        "sku": product.sku,
        "media_id": sheet.id,
        "filename": sheet.filename,
        "token": "not-a-real-token",
        "number": "0",
        "user_id": world["user"].id,
        "role_id": 0,
        "absence_id": 0,
        "line_id": 0,
        "mail_id": "0",
        "invoice_number": "0",
        "ticket_id": 0,
        "company_id": 0,
        "list_id": world["list_id"],
        "import_id": 0,
        "type_id": 0,
    }


def technician_urls(app, world) -> list[str]:
    """Every GET route of the app (new ones join by themselves), plus sorts and media."""
    values = route_values(world)
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        try:
            urls.append(rule.build(values, append_unknown=False)[1])
        except (BuildError, TypeError):  # werkzeug's compiled builders raise TypeError
            pytest.fail(f"add a value for the arguments of {rule.rule}")
    slug = world["category"].slug
    for sort in ("price_asc", "price_desc"):
        urls += [f"/catalog?sort={sort}", f"/catalog/{slug}?sort={sort}"]
    urls.append("/search?q=clamp")
    urls += [f"/catalog/{slug}?view=list", "/search?q=clamp&view=list"]  # #11: the table view
    urls.append(f"/lists/add?sku={world['products'][1].sku}")  # #15: add to a list
    for item in world["media"]:
        product = next(p for p in world["products"] if p.id == item.product_id)
        urls.append(f"/products/{product.sku}/media/{item.id}/{item.filename}")
    return urls


def test_nothing_a_technician_can_reach_shows_a_price(app, client, csrf, shop_world):
    log_in(client, csrf, shop_world["user"])
    found = []

    for url in technician_urls(app, shop_world):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers={"Accept-Language": "de", **headers})
            match = PRICE.search(text_of(response))
            if match:
                found.append(f"{url} {headers}: {match.group(0)!r}")

    assert found == []


def test_data_sheets_print_no_price_for_anyone(client, shop_world):
    product = shop_world["products"][1]
    sheet = next(
        m for m in shop_world["media"] if m.product_id == product.id and m.kind == "datasheet"
    )

    response = client.get(f"/products/{product.sku}/media/{sheet.id}/{sheet.filename}")

    text = text_of(response)
    assert response.status_code == 200
    assert product.sku in text and "40 mm" in text  # the extraction reads the sheet
    assert not PRICE.search(text) and "1234" not in text and "1,234" not in text


@pytest.mark.parametrize("sort", ["price_asc", "price_desc"])
def test_the_catalogue_neither_offers_nor_applies_a_price_order_to_a_technician(
    client, csrf, shop_world, sort
):
    log_in(client, csrf, shop_world["user"])
    slug = shop_world["category"].slug

    html = client.get(f"/catalog/{slug}?sort={sort}").get_data(as_text=True)

    assert 'value="price_asc"' not in html and 'value="price_desc"' not in html
    positions = [html.index(name) for name, _ in PRODUCTS]
    assert positions == sorted(positions)  # by name, the price order ignored


def test_a_buyer_still_sorts_by_price(client, csrf, shop_world):
    buyer = make_user(shop_world["user"].company)
    log_in(client, csrf, buyer)
    slug = shop_world["category"].slug

    html = client.get(f"/catalog/{slug}?sort=price_asc").get_data(as_text=True)

    assert 'value="price_asc"' in html
    positions = [html.index(name) for name in ("Gamma clamp", "Alpha clamp", "Beta clamp")]
    assert positions == sorted(positions)
