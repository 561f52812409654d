"""The customer center's one sub-navigation (#15): on every customer-center page, only the
sections the user may open, the current one marked."""

import re

import pytest

from shop.domain.rights import PredefinedRole
from tests.factories import make_company, make_main_contact, make_order, make_user

EN = {"Accept-Language": "en"}
NAV = re.compile(r'<nav class="subnav" id="customer-center-nav".*?</nav>', re.S)
ALL_SECTIONS = [
    "Overview",
    "Users",
    "Roles",
    "Budgets",
    "Approvers",
    "Approvals",
    "Invoices",
    "Reports",
    "Audit trail",
    "Company",
]
# Public pages of the blueprint, CSV downloads and htmx-only fragments have no navigation.
NO_NAVIGATION = {
    "customer_center.register",
    "customer_center.confirm_email_change",
    "customer_center.invoices_csv",
    "customer_center.audit_csv",
    # Without orders chosen in the inbox it sends the browser back there.
    "customer_center.confirm_bulk_approval",
    "customer_center.budget_user_row",
    "customer_center.budget_user_edit",
}


def sections(html: str) -> list[str]:
    nav = NAV.findall(html)
    assert len(nav) == 1, "exactly one sub-navigation"
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav[0])


def current(html: str) -> list[str]:
    return re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', NAV.search(html).group(0))


def customer_center_pages(app, values: dict) -> list[tuple[str, str]]:
    pages = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("customer_center.") or "GET" not in rule.methods:
            continue
        if rule.endpoint in NO_NAVIGATION:
            continue
        pages.append((rule.endpoint, rule.build(values, append_unknown=False)[1]))
    return sorted(pages)


def test_every_customer_center_page_shows_the_one_navigation_with_its_section_marked(
    app, client, login_as
):
    company = make_company()
    boss = login_as(make_main_contact(company))
    colleague = make_user(company)
    order = make_order(colleague)
    values = {"user_id": colleague.id, "role_id": boss.roles[0].id, "number": order.number}
    wrong = []

    for _endpoint, url in customer_center_pages(app, values):
        response = client.get(url, headers=EN)
        html = response.get_data(as_text=True)
        if response.status_code != 200 or len(NAV.findall(html)) != 1:
            wrong.append(f"{url}: {response.status_code}, {len(NAV.findall(html))} navigations")
        elif len(current(html)) != 1:
            wrong.append(f"{url}: marked {current(html)}")

    assert wrong == []


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/customer-center/", "Overview"),
        ("/customer-center/users", "Users"),
        ("/customer-center/users/new", "Users"),
        ("/customer-center/roles", "Roles"),
        ("/customer-center/roles/new", "Roles"),
        ("/customer-center/budgets", "Budgets"),
        ("/customer-center/approvers", "Approvers"),
        ("/customer-center/approvals", "Approvals"),
        ("/customer-center/absence", "Approvals"),
        ("/customer-center/invoices", "Invoices"),
        ("/customer-center/reports", "Reports"),
        ("/customer-center/reports/spend", "Reports"),
        ("/customer-center/audit", "Audit trail"),
        ("/customer-center/company", "Company"),
    ],
)
def test_the_current_section_is_marked_for_screen_readers(client, login_as, url, section):
    login_as(make_main_contact(make_company()))

    html = client.get(url, headers=EN).get_data(as_text=True)

    assert current(html) == [section]


def test_the_main_contact_sees_every_section(client, login_as):
    login_as(make_main_contact(make_company()))

    html = client.get("/customer-center/", headers=EN).get_data(as_text=True)

    assert sections(html) == ALL_SECTIONS


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (PredefinedRole.BUYER, ["Overview", "Invoices"]),
        (PredefinedRole.APPROVER, ["Overview", "Approvals", "Invoices"]),
        (PredefinedRole.CONTROLLER, ["Overview", "Budgets", "Invoices", "Reports"]),
        (PredefinedRole.SERVICE_TECHNICIAN, ["Overview"]),
    ],
)
def test_each_role_sees_only_the_sections_it_may_open(app, client, login_as, role, expected):
    login_as(make_user(make_company(), roles=(role,)))

    html = client.get("/customer-center/", headers=EN).get_data(as_text=True)

    assert sections(html) == expected
    links = re.findall(r'href="([^"]+)"', NAV.search(html).group(0))
    assert all(client.get(link).status_code == 200 for link in links)


def test_the_navigation_is_translated(client, login_as):
    login_as(make_main_contact(make_company()))

    html = client.get("/customer-center/", headers={"Accept-Language": "de"}).get_data(as_text=True)

    assert sections(html)[:3] == ["Übersicht", "Benutzer", "Rollen"]
