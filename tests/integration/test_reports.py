"""Reports (SEE_REPORTS): spend per user and month against budgets, orders by state, CSV
exports and the SVG chart."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale, gettext

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models.clock import utcnow
from shop.services.customer_center.reports import last_months
from tests.factories import make_company, make_order, make_product, make_user

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def shop_data(app_context):
    """Two buyers with orders this month, last month, long ago, and not consuming budget."""
    company = make_company()
    controller = make_user(company, roles=(PredefinedRole.CONTROLLER,))
    anna = make_user(company, name="Anna Buyer", email="anna@example.com")
    bert = make_user(company, name="=Bert Buyer")
    months = last_months(utcnow().date(), 6)

    def order(user, price, month_index=5, status=None):
        placed = make_order(user, [(make_product(list_price=Decimal(price)), 1)])
        if month_index != 5:
            first = months[month_index] if month_index >= 0 else months[0] - timedelta(days=40)
            placed.created_at = datetime.combine(first, datetime.min.time()) + timedelta(hours=10)
        if status:
            placed.status = status
        return placed

    order(anna, "40.00")
    order(anna, "2.50")
    order(anna, "70.00", month_index=4)
    order(anna, "999.00", month_index=-1)  # older than six months
    order(bert, "25.00")  # over Bert's 20.00
    order(bert, "500.00", status="awaiting_approval")
    order(bert, "300.00", status="rejected")
    order(make_user(make_company()), "12.00")  # another company
    # Budgets set after ordering (placing checks them): Anna has the default, Bert his own.
    company.default_monthly_budget = Decimal("100.00")
    bert.has_own_budget, bert.monthly_budget = True, Decimal("20.00")
    db.session.commit()
    return {
        "company": company,
        "controller": controller,
        "anna": anna,
        "bert": bert,
        "months": months,
    }


def row_of(page: str, row_id: str) -> str:
    row = page[page.index(f'id="{row_id}"') :]
    return row[: row.index("</tr>")]


def test_spend_per_user_and_month_is_summed_from_budget_consuming_orders(
    client, login_as, shop_data
):
    login_as(shop_data["controller"])

    page = client.get("/customer-center/reports").get_data(as_text=True)

    anna = row_of(page, f"spend-{shop_data['anna'].id}")
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', anna, re.S)
    assert [re.sub(r"<.*", "", c).strip() for c in cells] == [
        "€100.00",
        "€0.00",
        "€0.00",
        "€0.00",
        "€0.00",
        "€70.00",
        "€42.50",
        "€112.50",
    ]
    bert = row_of(page, f"spend-{shop_data['bert'].id}")
    assert "€25.00" in bert and "over budget" in bert
    assert "€500.00" not in bert and "€300.00" not in bert
    assert "€999.00" not in page and "€12.00" not in page


def test_orders_by_state_counts_every_order_of_the_company(client, login_as, shop_data):
    login_as(shop_data["controller"])

    page = client.get("/customer-center/reports/orders").get_data(as_text=True)

    assert re.search(r"Placed</th><td class=\"num\">5</td><td class=\"num\">€1,136.50</td>", page)
    assert re.search(
        r"Awaiting approval</th><td class=\"num\">1</td><td class=\"num\">€500.00", page
    )
    assert re.search(r"Rejected</th><td class=\"num\">1</td><td class=\"num\">€300.00", page)
    assert "€12.00" not in page


def test_spend_csv_in_english_is_comma_separated_utf8_with_bom(client, login_as, shop_data):
    login_as(shop_data["controller"])

    response = client.get("/customer-center/reports/spend?format=csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="spend-per-user-\d{4}-\d{2}-\d{2}\.csv"',
        response.headers["Content-Disposition"],
    )
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    months = [m.strftime("%Y-%m") for m in shop_data["months"]]
    assert rows[0] == ["User", "E-mail", "Active", "Monthly budget (net)", *months, "Total"]
    assert [
        "Anna Buyer",
        "anna@example.com",
        "yes",
        "100.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "70.00",
        "42.50",
        "112.50",
    ] in rows
    bert = next(r for r in rows if "Bert Buyer" in r[0])
    assert bert[0] == "'=Bert Buyer"  # never a formula in Excel
    assert rows[-1][0] == "All users"
    assert rows[-1][-1] == "137.50"


def test_csv_in_german_uses_semicolons_and_a_decimal_comma(client, login_as, csrf, shop_data, app):
    login_as(shop_data["controller"])
    client.post(
        "/language", data={"language": "de", "csrf_token": csrf("/customer-center/reports")}
    )

    response = client.get("/customer-center/reports/orders?format=csv")

    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    with app.test_request_context(), force_locale("de"):
        header = [gettext("State"), gettext("Orders"), gettext("Net value")]
        awaiting = gettext("Awaiting approval")
    assert rows[0] == header
    assert [awaiting, "1", "500,00"] in rows
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="orders-by-state-'
    )


def test_spend_chart_is_well_formed_svg_with_title_labels_and_no_script(
    client, login_as, shop_data
):
    login_as(shop_data["controller"])

    page = client.get("/customer-center/reports").get_data(as_text=True)

    svg = ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))
    assert svg.tag == f"{SVG}svg"
    assert svg.find(f"{SVG}title").text == "Net spend per month"
    assert "€67.50" in svg.find(f"{SVG}desc").text
    assert len(svg.findall(f".//{SVG}rect")) == 6
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Month" in texts and "Net spend (EUR)" in texts
    assert "€67.50" in texts  # this month's bar: 40.00 + 2.50 + 25.00
    # Anna and the controller on the 100.00 default, Bert on his own 20.00.
    assert "Sum of the monthly budgets: €220.00" in texts
    assert not list(svg.iter(f"{SVG}script"))
    assert all("style" not in element.attrib for element in svg.iter())


def test_reports_need_the_right_to_see_reports(client, login_as, shop_data):
    login_as(shop_data["anna"])

    paths = [
        "/customer-center/reports",
        "/customer-center/reports/spend?format=csv",
        "/customer-center/reports/orders?format=csv",
    ]

    assert [client.get(path).status_code for path in paths] == [403, 403, 403]


def test_report_pages_render_for_a_company_without_orders(client, login_as, app_context):
    login_as(make_user(make_company(), roles=(PredefinedRole.MAIN_CONTACT,)))

    page = client.get("/customer-center/reports")

    assert page.status_code == 200
    assert "Your company has no orders yet." in page.get_data(as_text=True)
