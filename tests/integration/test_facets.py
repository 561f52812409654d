"""Attribute filters (facets) on category and search pages (#11): counts after combining
filters, the state in the URL, ranges, bad values, htmx fragments."""

import re
from decimal import Decimal

import pytest

from shop.catalog.facets import facet_panel
from shop.catalog.queries import category_scope
from shop.domain.facets import ProductFacts, facet_counts, parse_selection
from shop.extensions import db
from shop.models import CachedStock
from shop.models.clock import utcnow
from tests.factories import make_attribute, make_category, make_product

# sku: (material en/de, length mm, manufacturer, stock level or None)
PRODUCTS = {
    "FAC-1": (("steel", "Stahl"), 20, "Acme", 100),
    "FAC-2": (("steel", "Stahl"), 40, "Bolzwerk", 5),
    "FAC-3": (("brass", "Messing"), 40, "Acme", 0),
    "FAC-4": (("A2 stainless", "Edelstahl A2"), 60, "Bolzwerk", None),
    "FAC-5": (("brass", "Messing"), 20, "Bolzwerk", 50),
}
FACET_COUNT = re.compile(
    r'name="(f\.[\w.]+|in_stock)" value="([^"]*)"[^>]*> ([^<]*?) '
    r'<span class="facet-count">\(([\d,.]+)\)'
)


@pytest.fixture
def screws(app_context):
    category = make_category(slug="facet-screws", name_en="Screws", name_de="Schrauben")
    other = make_category(slug="facet-other")
    for sku, ((en, de), length, maker, level) in PRODUCTS.items():
        product = make_product(category, sku=sku, name_en=f"Bolt {sku}", manufacturer=maker)
        make_attribute(product, "material", en, de, label_en="Material", label_de="Werkstoff")
        make_attribute(
            product,
            "length",
            f"{length} mm",
            number=length,
            unit="mm",
            label_en="Length",
            label_de="Länge",
        )
        if level is not None:
            db.session.add(CachedStock(sku=sku, quantity=level, fetched_at=utcnow()))
    stray = make_product(other, sku="FAC-OTHER", manufacturer="Acme")
    make_attribute(stray, "material", "steel", "Stahl")
    db.session.commit()
    return category


def counts_on(html: str) -> dict[tuple[str, str], int]:
    return {
        (name, value): int(count.replace(",", ""))
        for name, value, _, count in FACET_COUNT.findall(html)
    }


def skus_on(html: str) -> set[str]:
    return set(re.findall(r"SKU (FAC-\d)", html))


def get(client, path: str, language: str = "en", **headers):
    return client.get(path, headers={"Accept-Language": language, **headers})


def test_category_page_offers_facets_with_counts_of_the_products_shown(client, screws):
    html = get(client, "/catalog/facet-screws").get_data(as_text=True)

    counts = counts_on(html)
    assert counts[("f.material", "steel")] == 2
    assert counts[("f.material", "brass")] == 2
    assert counts[("f.material", "A2 stainless")] == 1
    assert counts[("f.length", "40 mm")] == 2
    assert counts[("f.manufacturer", "Acme")] == 2
    assert counts[("in_stock", "1")] == 3
    assert skus_on(html) == set(PRODUCTS)


def test_counts_after_combining_filters_apply_the_other_facets_not_their_own(client, screws):
    html = get(client, "/catalog/facet-screws?f.material=steel&f.manufacturer=Bolzwerk").get_data(
        as_text=True
    )

    counts = counts_on(html)
    assert skus_on(html) == {"FAC-2"}
    # material counts: Bolzwerk's products (FAC-2, FAC-4, FAC-5), whatever their material
    assert counts[("f.material", "steel")] == 1
    assert counts[("f.material", "brass")] == 1
    assert counts[("f.material", "A2 stainless")] == 1
    # manufacturer counts: the steel products (FAC-1, FAC-2) by maker
    assert counts[("f.manufacturer", "Acme")] == 1
    assert counts[("f.manufacturer", "Bolzwerk")] == 1
    # other facets: under both filters (FAC-2 only)
    assert counts[("f.length", "40 mm")] == 1
    assert ("f.length", "20 mm") not in counts


def test_two_values_of_one_facet_widen_and_in_stock_narrows(client, screws):
    both = get(client, "/catalog/facet-screws?f.material=steel&f.material=brass").get_data(
        as_text=True
    )
    in_stock = get(
        client, "/catalog/facet-screws?f.material=steel&f.material=brass&in_stock=1"
    ).get_data(as_text=True)

    assert skus_on(both) == {"FAC-1", "FAC-2", "FAC-3", "FAC-5"}
    assert skus_on(in_stock) == {"FAC-1", "FAC-2", "FAC-5"}
    assert counts_on(in_stock)[("in_stock", "1")] == 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "f.material=steel",
        "f.material=brass&f.manufacturer=Acme",
        "f.length.min=30&in_stock=1",
        "f.material=steel&f.material=brass&f.length.max=30&f.manufacturer=Bolzwerk",
        "in_stock=1&f.manufacturer=Acme&f.manufacturer=Bolzwerk",
    ],
)
def test_sql_counts_equal_the_rule_over_plain_products(screws, query):
    from urllib.parse import parse_qsl

    selection = parse_selection(parse_qsl(query))
    facts = [
        ProductFacts(
            {"material": (en, None), "length": (f"{length} mm", float(length))},
            maker,
            bool(level),
        )
        for (en, _), length, maker, level in PRODUCTS.values()
    ]

    panel = facet_panel(category_scope(screws), selection, "en")

    expected, in_stock = facet_counts(facts, selection)
    shown = {(f.key, v.value): v.count for f in panel.facets for v in f.values if v.count}
    wanted = {(key, value): n for key, counter in expected.items() for value, n in counter.items()}
    assert shown == wanted
    assert panel.in_stock_count == in_stock


def test_the_filter_state_survives_the_url_round_trip(client, screws):
    html = get(
        client, "/catalog/facet-screws?f.material=brass&f.length.min=30&view=list&sort=sku"
    ).get_data(as_text=True)

    assert re.search(r'name="f.material" value="brass" checked', html)
    assert 'name="f.length.min" inputmode="decimal" size="5" value="30"' in html
    assert re.search(r'name="view" value="list" checked', html)
    assert '<option value="sku" selected>' in html
    assert skus_on_table(html) == {"FAC-3"}
    assert 'href="/catalog/facet-screws?sort=sku&amp;view=list"' in html  # clear filters


def skus_on_table(html: str) -> set[str]:
    return set(re.findall(r'<td class="sku">(FAC-\d)</td>', html))


def test_pagination_links_keep_the_filters(client, app_context):
    category = make_category(slug="facet-many")
    for number in range(30):
        product = make_product(category, manufacturer="Acme", list_price=Decimal(number + 1))
        make_attribute(product, "material", "steel", "Stahl")
    make_product(category, manufacturer="Other")

    html = get(client, "/catalog/facet-many?f.manufacturer=Acme&f.material=steel").get_data(
        as_text=True
    )

    assert "30 products" in html
    assert 'href="/catalog/facet-many?page=2&amp;f.material=steel&amp;f.manufacturer=Acme"' in html


def test_a_range_keeps_the_products_whose_number_lies_within(client, screws):
    html = get(client, "/catalog/facet-screws?f.length.min=30&f.length.max=50").get_data(
        as_text=True
    )

    assert skus_on(html) == {"FAC-2", "FAC-3"}


def test_a_german_reader_sees_german_values_and_the_url_keeps_the_english_one(client, screws):
    html = get(client, "/catalog/facet-screws?f.material=brass", "de").get_data(as_text=True)

    assert re.search(r'name="f.material" value="brass" checked> Messing', html)
    assert "Werkstoff" in html
    assert "Auf Lager" in html or "Nur vorrätige" in html


@pytest.mark.parametrize(
    "query",
    [
        "f.length.min=abc",
        "f.length.max=1e999",
        "f.length.min=50&f.length.max=10",
        "f.length.min=%EF%BC%93",  # a full-width digit
    ],
)
def test_a_bad_range_is_ignored_with_a_message_beside_the_field(client, screws, query):
    response = get(client, f"/catalog/facet-screws?{query}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert skus_on(html) == set(PRODUCTS)
    assert 'id="f-length-problem"' in html


@pytest.mark.parametrize(
    "query",
    [
        "f.nonsense=1",
        "f.material=st%00eel",
        "f.material=%1b[31m",
        "f.material=" + "x" * 5000,
        "f.material.min=3",
        "f.=x&f..=y&f.length.=3",
        "in_stock=%00",
        "&".join(f"f.material=v{n}" for n in range(500)),
    ],
)
def test_bad_filter_values_are_ignored_and_never_fail(client, screws, query):
    response = get(client, f"/catalog/facet-screws?{query}")

    assert response.status_code == 200
    assert "\x00" not in response.get_data(as_text=True)


def test_an_htmx_request_gets_the_listing_alone_and_varies_on_it(client, screws):
    response = get(client, "/catalog/facet-screws?f.material=steel", **{"HX-Request": "true"})

    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert html.lstrip().startswith('<div class="listing" id="listing">')
    assert 'hx-push-url="true"' in html
    assert "HX-Request" in response.headers["Vary"]
    assert skus_on(html) == {"FAC-1", "FAC-2"}


def test_search_results_offer_facets_and_filter_what_the_search_found(client, screws):
    html = get(client, "/search?q=bolt&f.material=brass").get_data(as_text=True)

    assert skus_on(html) == {"FAC-3", "FAC-5"}
    assert counts_on(html)[("f.material", "steel")] == 3  # FAC-1, FAC-2 and the stray bolt
    assert 'type="hidden" name="q" value="bolt"' in html
