"""The spend report over a chosen period (#15): months or days, per user or per month,
deactivated users included, the CSV of exactly what the page shows, bad periods refused."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from tests.factories import make_company, make_order, make_product, make_user

SPEND = "/customer-center/reports/spend"
EN = {"Accept-Language": "en"}


@pytest.fixture
def history(app_context):
    """Anna's orders on fixed days around the first quarter of 2026; Carl left, no orders."""
    company = make_company()
    controller = make_user(company, roles=(PredefinedRole.CONTROLLER,), name="Zoe Controller")
    anna = make_user(company, name="Anna Buyer")
    carl = make_user(company, name="Carl Gone", active=False)
    for price, at in (
        ("40.00", datetime(2026, 1, 15, 9)),
        ("70.00", datetime(2026, 2, 10, 9)),
        ("10.00", datetime(2026, 3, 31, 22)),
        ("5.00", datetime(2026, 4, 1, 0, 30)),
    ):
        order = make_order(anna, [(make_product(list_price=Decimal(price)), 1)])
        order.created_at = at
    db.session.commit()
    return {"controller": controller, "anna": anna, "carl": carl}


def spend_cells(page: str, row_id: str) -> list[str]:
    import re

    row = page[page.index(f'id="{row_id}"') :]
    row = row[: row.index("</tr>")]
    return [re.sub(r"<.*", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_a_quarter_given_as_months_shows_its_three_months_per_user(client, login_as, history):
    login_as(history["controller"])

    response = client.get(
        SPEND, query_string={"period_from": "2026-01", "period_to": "2026-03"}, headers=EN
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Period: 1 Jan 2026 to 31 Mar 2026" in page
    assert "Jan 2026" in page and "Mar 2026" in page and "Apr 2026" not in page
    anna = spend_cells(page, f"spend-{history['anna'].id}")
    assert anna[1:] == ["€40.00", "€70.00", "€10.00", "€120.00"]


def test_a_range_of_days_counts_only_the_orders_within_it(client, login_as, history):
    login_as(history["controller"])

    page = client.get(
        SPEND,
        query_string={"period_from": "2026-02-11", "period_to": "2026-04-01"},
        headers=EN,
    ).get_data(as_text=True)

    anna = spend_cells(page, f"spend-{history['anna'].id}")
    assert anna[1:] == ["€0.00", "€10.00", "€5.00", "€15.00"]


def test_spend_per_month_lists_each_month_with_its_orders(client, login_as, history):
    login_as(history["controller"])

    page = client.get(
        SPEND,
        query_string={"period_from": "2026-01", "period_to": "2026-04", "by": "month"},
        headers=EN,
    ).get_data(as_text=True)

    assert spend_cells(page, "month-2026-01")[:2] == ["1", "€40.00"]
    assert spend_cells(page, "month-2026-02")[:2] == ["1", "€70.00"]
    assert spend_cells(page, "month-2026-04")[:2] == ["1", "€5.00"]


def test_deactivated_users_are_listed_and_marked(client, login_as, history):
    login_as(history["controller"])

    page = client.get(SPEND, headers=EN).get_data(as_text=True)
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(SPEND, query_string={"format": "csv"}, headers=EN)
                .get_data()
                .decode("utf-8-sig")
            )
        )
    )

    carl = page[page.index(f'id="spend-{history["carl"].id}"') :]
    assert "Carl Gone" in carl[:300] and "inactive" in carl[:300]
    assert ["Carl Gone", history["carl"].email, "no"] == next(
        r[:3] for r in csv_rows if r[0] == "Carl Gone"
    )


def test_the_csv_covers_the_chosen_period_per_month(client, login_as, history):
    login_as(history["controller"])

    response = client.get(
        SPEND,
        query_string={
            "period_from": "2026-01",
            "period_to": "2026-03",
            "by": "month",
            "format": "csv",
        },
        headers=EN,
    )
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))

    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="spend-per-month-'
    )
    assert rows[0] == ["Month", "Orders", "Net spend", "Sum of the monthly budgets"]
    assert [r[:3] for r in rows[1:]] == [
        ["2026-01", "1", "40.00"],
        ["2026-02", "1", "70.00"],
        ["2026-03", "1", "10.00"],
        ["Total", "3", "120.00"],
    ]


def test_the_page_links_the_csv_of_the_period_it_shows(client, login_as, history):
    login_as(history["controller"])

    page = client.get(
        SPEND, query_string={"period_from": "2026-01", "period_to": "2026-02"}, headers=EN
    ).get_data(as_text=True)

    assert (
        "/customer-center/reports/spend?format=csv&amp;period_from=2026-01-01"
        "&amp;period_to=2026-02-28&amp;by=user"
    ) in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"period_from": "2026-13"}, "Please enter a month (2026-01) or a day (2026-01-15)."),
        ({"period_from": "x" * 500}, "Please enter a month (2026-01) or a day (2026-01-15)."),
        ({"period_to": "31.03.2026"}, "Please enter a month (2026-01) or a day (2026-01-15)."),
        (
            {"period_from": "2026-05", "period_to": "2026-04"},
            "The end of the period must not be before its start.",
        ),
        (
            {"period_from": "2020-01", "period_to": "2026-01"},
            "Please choose a period of at most 24 months.",
        ),
        ({"period_from": "2026-01\x00"}, "control characters"),
    ],
)
def test_a_bad_period_is_named_next_to_its_field_and_nothing_is_exported(
    client, login_as, history, args, message
):
    login_as(history["controller"])

    page = client.get(SPEND, query_string=args, headers=EN)
    export = client.get(SPEND, query_string={**args, "format": "csv"}, headers=EN)

    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert message in html and 'class="field-error"' in html
    assert export.status_code == 422 and export.mimetype == "text/html"
