"""The order list (#15): who ordered, state, references and totals; filters, sorting and pages
in the query string; the CSV file of exactly the filtered list. Controllers and main contacts
see the company's orders and may pick an orderer; a buyer sees their own orders only."""

import csv
import html
import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import update

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Order
from tests.clients import logged_in, text_of
from tests.factories import MAIN, make_company, make_order, make_product, make_user

EN = {"Accept-Language": "en"}
NUMBER = re.compile(r'href="/orders/([^"/]+)"')


def order(user, *, total: str, reference: str, status: str, at: datetime, erp: str | None):
    placed = make_order(
        user, lines=[(make_product(list_price=Decimal(total)), 1)], customer_reference=reference
    )
    db.session.execute(
        update(Order)
        .where(Order.id == placed.id)
        .values(status=status, created_at=at, erp_order_number=erp)
    )
    db.session.commit()
    return placed.number


@pytest.fixture
def shop(app_context, erp):
    """Anna's and Ben's orders in one company, Otto's in another; times are UTC."""
    company = make_company(customer_number="10001")
    anna = make_user(company, name="Anna Buyer")
    ben = make_user(company, name="Ben Buyer")
    controller = make_user(company, roles=(PredefinedRole.CONTROLLER,), name="Carla Control")
    main = make_user(company, roles=MAIN, name="Max Main")
    other = make_company()
    otto = make_user(other, name="Otto Other")
    numbers = {
        "a1": order(
            anna,
            total="15.00",
            reference="PO-4711",
            status="placed",
            at=datetime(2026, 11, 1, 10, 0),
            erp="ERP-900001",
        ),
        "a2": order(
            anna,
            total="30.00",
            reference='=HYPERLINK("http://evil.example")',
            status="shipped",
            at=datetime(2026, 11, 15, 12, 0),
            erp=None,
        ),
        # 23:30 UTC on the 20th is 00:30 on the 21st in Berlin, where the shop is.
        "b1": order(
            ben,
            total="7.50",
            reference="PO-4712",
            status="placed",
            at=datetime(2026, 11, 20, 23, 30),
            erp="ERP-900002",
        ),
        "o1": order(
            otto,
            total="99.00",
            reference="PO-4711-OTHER",
            status="placed",
            at=datetime(2026, 11, 10, 9, 0),
            erp="ERP-900003",
        ),
    }
    return {
        "anna": anna,
        "ben": ben,
        "controller": controller,
        "main": main,
        "otto": otto,
        "numbers": numbers,
    }


def listed(client, query: str = "", headers=EN) -> tuple[int, list[str], str]:
    """(status code, the order numbers listed in order, the page's text)."""
    response = client.get(f"/orders{query}", headers=headers)
    page = html.unescape(text_of(response))
    table = page.split('<table class="orders">', 1)[1] if '<table class="orders">' in page else ""
    return response.status_code, NUMBER.findall(table), page


def numbers_of(shop, *keys: str) -> list[str]:
    return [shop["numbers"][key] for key in keys]


def csv_rows(response) -> list[list[str]]:
    body = text_of(response)
    assert body.startswith("\ufeff")
    delimiter = ";" if body[1:].split("\r\n", 1)[0].count(";") else ","
    return list(csv.reader(io.StringIO(body[1:]), delimiter=delimiter))


def test_a_controller_sees_every_order_of_the_company_and_who_placed_it(app, shop):
    client = logged_in(app, shop["controller"])

    status, numbers, page = listed(client)

    assert status == 200
    assert numbers == numbers_of(shop, "b1", "a2", "a1")  # newest first
    assert page.count("Anna Buyer") >= 2 and "Ben Buyer" in page
    assert "PO-4711" in page and "ERP-900001" in page and "€15.00" in page
    assert "PO-4711-OTHER" not in page and "Otto Other" not in page


def test_a_main_contact_sees_the_companys_orders_too(app, shop):
    client = logged_in(app, shop["main"])

    _, numbers, _ = listed(client)

    assert numbers == numbers_of(shop, "b1", "a2", "a1")


def test_a_buyer_sees_only_their_own_orders_and_no_orderer_filter(app, shop):
    client = logged_in(app, shop["anna"])

    _, numbers, page = listed(client)

    assert numbers == numbers_of(shop, "a2", "a1")
    assert 'name="orderer"' not in page and "Ben Buyer" not in page


def test_a_buyer_cannot_filter_by_a_colleague(app, shop):
    client = logged_in(app, shop["anna"])

    status, numbers, page = listed(client, f"?orderer={shop['ben'].id}")

    assert status == 200
    assert numbers == numbers_of(shop, "a2", "a1")
    assert "Ben Buyer" not in page


def test_the_list_filters_by_state(app, shop):
    client = logged_in(app, shop["controller"])

    status, numbers, _ = listed(client, "?state=shipped")

    assert status == 200
    assert numbers == numbers_of(shop, "a2")


def test_the_list_filters_by_orderer(app, shop):
    client = logged_in(app, shop["controller"])

    _, numbers, page = listed(client, f"?orderer={shop['ben'].id}")

    assert numbers == numbers_of(shop, "b1")
    assert f'<option selected value="{shop["ben"].id}">Ben Buyer</option>' in page


def test_another_companys_user_as_orderer_is_marked_and_shows_nothing_of_theirs(app, shop):
    client = logged_in(app, shop["controller"])

    status, numbers, page = listed(client, f"?orderer={shop['otto'].id}")

    assert status == 422
    assert "Choose a person from the list." in page
    assert numbers == numbers_of(shop, "b1", "a2", "a1")
    assert "Otto Other" not in page and "PO-4711-OTHER" not in page


def test_the_date_range_takes_whole_days_in_the_shops_time_zone(app, shop):
    client = logged_in(app, shop["controller"])

    _, on_the_21st, _ = listed(client, "?date_from=2026-11-21&date_to=2026-11-21")
    _, on_the_20th, _ = listed(client, "?date_from=2026-11-20&date_to=2026-11-20")
    _, first_half, _ = listed(client, "?date_to=2026-11-15")
    _, second_half, _ = listed(client, "?date_from=2026-11-15")

    assert on_the_21st == numbers_of(shop, "b1")
    assert on_the_20th == []
    assert first_half == numbers_of(shop, "a2", "a1")
    assert second_half == numbers_of(shop, "b1", "a2")


def test_a_date_typed_the_german_way_is_read_too(app, shop):
    client = logged_in(app, shop["controller"])

    status, numbers, _ = listed(client, "?date_from=21.11.2026")

    assert status == 200
    assert numbers == numbers_of(shop, "b1")


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("po-4711", ["a1"]),  # the customer's reference, any case
        ("4712", ["b1"]),
        ("ERP-900002", ["b1"]),  # the ERP's order number
        ("HYPERLINK", ["a2"]),
        ("%", []),  # a wildcard is a character like any other
        ("_", []),
    ],
)
def test_the_search_finds_references_and_order_numbers(app, shop, search, expected):
    client = logged_in(app, shop["controller"])

    _, numbers, _ = listed(client, f"?q={search.replace('%', '%25')}")

    assert numbers == numbers_of(shop, *expected)


def test_the_search_finds_the_shops_order_number(app, shop):
    client = logged_in(app, shop["controller"])
    number = shop["numbers"]["a2"]

    _, numbers, _ = listed(client, f"?q={number}")

    assert numbers == [number]


def test_filters_combine(app, shop):
    client = logged_in(app, shop["controller"])
    anna = shop["anna"].id

    _, placed_by_anna, _ = listed(client, f"?state=placed&orderer={anna}")
    _, anna_in_november, _ = listed(
        client, f"?orderer={anna}&date_from=2026-11-10&date_to=2026-11-30&q=HYPER"
    )
    _, nothing, _ = listed(client, f"?state=shipped&orderer={shop['ben'].id}")

    assert placed_by_anna == numbers_of(shop, "a1")
    assert anna_in_november == numbers_of(shop, "a2")
    assert nothing == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("date_desc", ["b1", "a2", "a1"]),
        ("date_asc", ["a1", "a2", "b1"]),
        ("total_desc", ["a2", "a1", "b1"]),
        ("total_asc", ["b1", "a1", "a2"]),
        ("state_asc", ["b1", "a1", "a2"]),  # placed before shipped; within a state newest first
        ("state_desc", ["a2", "b1", "a1"]),
    ],
)
def test_the_list_sorts_by_date_total_and_state(app, shop, sort, expected):
    client = logged_in(app, shop["controller"])

    _, numbers, _ = listed(client, f"?sort={sort}")

    assert numbers == numbers_of(shop, *expected)


def test_the_list_sorts_by_order_number_both_ways(app, shop):
    client = logged_in(app, shop["controller"])
    ascending = sorted(numbers_of(shop, "a1", "a2", "b1"))

    _, up, _ = listed(client, "?sort=number_asc")
    _, down, _ = listed(client, "?sort=number_desc")

    assert up == ascending and down == ascending[::-1]


def test_equal_totals_keep_a_stable_order_across_pages(app, shop, monkeypatch):
    anna = shop["anna"]
    same = [
        order(anna, total="15.00", reference=f"SAME-{i}", status="placed", at=shop_time, erp=None)
        for i, shop_time in enumerate([datetime(2026, 11, 2, 8, 0)] * 3)
    ]
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    client = logged_in(app, anna)

    pages = [listed(client, f"?sort=total_asc&q=SAME&page={page}")[1] for page in (1, 2)]
    reverse = [listed(client, f"?sort=total_desc&q=SAME&page={page}")[1] for page in (1, 2)]

    assert pages[0] + pages[1] == same  # equal totals: by id
    assert reverse[0] + reverse[1] == same[::-1]


def test_a_column_heading_sorts_by_it_and_a_second_click_turns_it_around(app, shop):
    client = logged_in(app, shop["controller"])

    _, _, first = listed(client, "?state=placed")
    link = re.search(r'<a href="(/orders\?[^"]*sort=total_desc[^"]*)">Net total</a>', first)
    _, numbers, second = listed(client, html.unescape(link.group(1))[len("/orders") :])
    back = re.search(r'<a href="(/orders\?[^"]*sort=total_asc[^"]*)">Net total</a>', second)

    assert "state=placed" in link.group(1)
    assert numbers == numbers_of(shop, "a1", "b1")
    assert back is not None and "state=placed" in back.group(1)


def test_the_pages_keep_the_filters_and_the_sort(app, shop, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    client = logged_in(app, shop["controller"])
    anna = shop["anna"].id

    _, first, page = listed(client, f"?orderer={anna}&sort=date_asc")
    next_link = html.unescape(re.search(r'<a rel="next" href="([^"]+)"', page).group(1))
    _, second, last = listed(client, next_link[len("/orders") :])

    assert first == numbers_of(shop, "a1")
    assert f"orderer={anna}" in next_link and "sort=date_asc" in next_link
    assert second == numbers_of(shop, "a2")
    assert 'rel="next"' not in last


@pytest.mark.parametrize(
    ("query", "message", "field"),
    [
        ("?state=lost_in_space", "Choose a status from the list.", "state"),
        ("?date_from=yesterday", "Enter a date such as 2026-11-29.", "date_from"),
        ("?date_to=2026-02-30", "Enter a date such as 2026-11-29.", "date_to"),
        ("?sort=price", "Choose a sort order from the list.", "sort"),
        ("?orderer=%C2%B2", "Choose a person from the list.", "orderer"),
        ("?q=" + "x" * 101, "Enter at most 100 characters.", "q"),
    ],
)
def test_a_bad_filter_value_is_marked_next_to_its_field_and_not_applied(
    app, shop, query, message, field
):
    client = logged_in(app, shop["controller"])

    status, numbers, page = listed(client, query)

    assert status == 422
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in page
    assert numbers == numbers_of(shop, "b1", "a2", "a1")


def test_an_end_date_before_the_start_date_is_marked_and_only_the_start_applies(app, shop):
    client = logged_in(app, shop["controller"])

    status, numbers, page = listed(client, "?date_from=2026-11-15&date_to=2026-11-01")

    assert status == 422
    assert "The end date must not be before the start date." in page
    assert numbers == numbers_of(shop, "b1", "a2")


def test_a_bad_value_leaves_the_other_filters_applied(app, shop):
    client = logged_in(app, shop["controller"])

    status, numbers, _ = listed(client, "?state=placed&date_from=someday")

    assert status == 422
    assert numbers == numbers_of(shop, "b1", "a1")


def test_the_german_list_marks_a_bad_value_in_german(app, shop):
    client = logged_in(app, shop["controller"])

    status, _, page = listed(client, "?state=nonsense", headers={"Accept-Language": "de"})

    assert status == 422
    assert "Bitte einen Status aus der Liste wählen." in page


def test_the_htmx_filter_answers_form_and_list_as_a_fragment(app, shop):
    client = logged_in(app, shop["controller"])

    response = client.get("/orders?state=shipped", headers={"HX-Request": "true", **EN})

    body = text_of(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<div id="order-list">') and "<html" not in body
    assert shop["numbers"]["a2"] in body and shop["numbers"]["a1"] not in body


def test_a_bad_value_in_the_htmx_filter_answers_422_with_the_message_in_the_fragment(app, shop):
    client = logged_in(app, shop["controller"])

    response = client.get("/orders?date_to=tomorrow", headers={"HX-Request": "true", **EN})

    body = text_of(response)
    assert response.status_code == 422 and "<html" not in body
    assert '<p class="field-error" id="date_to-error">Enter a date such as 2026-11-29.</p>' in body


def test_the_csv_holds_exactly_the_filtered_orders_of_every_page(app, shop, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    client = logged_in(app, shop["controller"])

    response = client.get("/orders/export.csv?state=placed&sort=total_asc", headers=EN)

    rows = csv_rows(response)
    assert (
        response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    )
    assert rows[0] == [
        "Order number",
        "Date",
        "Ordered by",
        "Your reference",
        "Our order number",
        "Status",
        "Payment",
        "Currency",
        "Net total",
    ]
    assert rows[1:] == [
        [shop["numbers"]["b1"], "2026-11-21 00:30", "Ben Buyer", "PO-4712", "ERP-900002",
         "Placed", "On account: payable once invoiced", "EUR", "7.50"],
        [shop["numbers"]["a1"], "2026-11-01 11:00", "Anna Buyer", "PO-4711", "ERP-900001",
         "Placed", "On account: payable once invoiced", "EUR", "15.00"],
    ]  # fmt: skip


def test_the_list_links_the_csv_with_its_filters(app, shop):
    client = logged_in(app, shop["controller"])

    _, _, page = listed(client, f"?state=placed&orderer={shop['anna'].id}")

    link = re.search(r'<a class="csv-export" href="([^"]+)"', page).group(1)
    assert link.startswith("/orders/export.csv?")
    assert "state=placed" in link and f"orderer={shop['anna'].id}" in link


def test_a_buyers_csv_holds_only_their_own_orders(app, shop):
    client = logged_in(app, shop["anna"])

    rows = csv_rows(client.get(f"/orders/export.csv?orderer={shop['ben'].id}", headers=EN))

    assert [row[0] for row in rows[1:]] == numbers_of(shop, "a2", "a1")


def test_a_reference_that_looks_like_a_formula_stays_text_in_the_csv(app, shop):
    client = logged_in(app, shop["anna"])

    rows = csv_rows(client.get("/orders/export.csv?q=HYPERLINK", headers=EN))

    assert rows[1][3] == '\'=HYPERLINK("http://evil.example")'


def test_the_german_csv_is_separated_by_semicolons_with_a_decimal_comma(app, shop):
    client = logged_in(app, shop["anna"])

    response = client.get("/orders/export.csv?state=placed", headers={"Accept-Language": "de"})

    body = text_of(response)
    assert body.startswith("\ufeffBestellnummer;")
    assert ";15,00\r\n" in body and "Bestellt" in body
