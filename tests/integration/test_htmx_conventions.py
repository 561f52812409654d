"""One rule for every htmx endpoint (#13): page and fragment share a URL, so every answer
carries `Vary: HX-Request`; invalid input answers 422 with the field's message, as a page
without htmx and as the fragment with it; a history restore gets the whole page."""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Absence, CartLine, User
from shop.models.clock import utcnow
from tests.clients import text_of
from tests.factories import make_company, make_main_contact, make_product, make_user

HTMX = {"HX-Request": "true"}
EN = {"Accept-Language": "en"}
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass
class Call:
    """A valid request to one htmx endpoint, and (if it takes input) an invalid one."""

    method: str
    path: str
    data: dict = field(default_factory=dict)
    invalid: dict | None = None
    message: str = ""


def for_endpoint(name: str):
    """Names the Flask endpoint a case builder calls."""

    def named(build):
        build.endpoint = name
        return build

    return named


def _day(days: int) -> str:
    return (utcnow().date() + timedelta(days=days)).isoformat()


def _absence(client, csrf, path: str, **fields) -> int:
    """An absence made through the form (plain POST), its id."""
    client.post(path, data={"csrf_token": csrf("/customer-center/absence"), **fields})
    return db.session.scalars(select(Absence.id).order_by(Absence.id.desc())).first()


def _cart_line(client, csrf, sku: str) -> int:
    client.post("/cart/add", data={"sku": sku, "quantity": 2, "csrf_token": csrf("/cart")})
    return db.session.scalars(select(CartLine.id)).one()


@for_endpoint("customer_center.users")
def users_list(s) -> Call:
    return Call("GET", "/customer-center/users?q=Bert")


@for_endpoint("catalog.suggestions")
def search_suggestions(s) -> Call:
    return Call("GET", "/search/suggestions?q=bolt")


@for_endpoint("customer_center.invoices")
def invoices_list(s) -> Call:
    return Call("GET", "/customer-center/invoices?state=open")


@for_endpoint("orders.index")
def orders_list(s) -> Call:
    return Call("GET", "/orders?state=placed&sort=total_desc")


@for_endpoint("customer_center.set_user_active")
def user_active(s) -> Call:
    return Call(
        "POST",
        f"/customer-center/users/{s.buyer.id}/active",
        data={"active": "0", "next": "/customer-center/users"},
        invalid={"active": "7", "next": "/customer-center/users"},
        message="This change could not be made. Please try again.",
    )


@for_endpoint("customer_center.edit_user")
def user_edit(s) -> Call:
    fields = {"email": s.buyer.email, "role_ids": [role.id for role in s.buyer.roles]}
    return Call(
        "POST",
        f"/customer-center/users/{s.buyer.id}",
        data={"name": "Bert Bauer", **fields},
        invalid={"name": "", **fields},
        message="Enter the name.",
    )


@for_endpoint("customer_center.budget_default_save")
def budget_default(s) -> Call:
    return Call(
        "POST",
        "/customer-center/budgets/default",
        data={"default-monthly_budget": "500.00"},
        invalid={"default-monthly_budget": "-1"},
        message="The amount cannot be negative.",
    )


@for_endpoint("customer_center.budget_user_edit")
def budget_edit(s) -> Call:
    return Call("GET", f"/customer-center/budgets/users/{s.buyer.id}/edit")


@for_endpoint("customer_center.budget_user_row")
def budget_row(s) -> Call:
    return Call("GET", f"/customer-center/budgets/users/{s.buyer.id}")


@for_endpoint("customer_center.budget_user_save")
def budget_user(s) -> Call:
    prefix = f"user-{s.buyer.id}-"
    return Call(
        "POST",
        f"/customer-center/budgets/users/{s.buyer.id}",
        data={prefix + "source": "own", prefix + "monthly_budget": "300.00"},
        invalid={prefix + "source": "own", prefix + "monthly_budget": "-1"},
        message="The amount cannot be negative.",
    )


@for_endpoint("customer_center.approvers_company_save")
def approvers_company(s) -> Call:
    return Call(
        "POST",
        "/customer-center/approvers/company",
        data={"company-approver_ids": [s.approver.id]},
        invalid={"company-approver_ids": [s.buyer.id]},  # no right to decide approvals
        message="Choose from the people listed.",
    )


@for_endpoint("customer_center.approvers_user_save")
def approvers_user(s) -> Call:
    name = f"orderer-{s.approver.id}-approver_ids"
    return Call(
        "POST",
        f"/customer-center/approvers/users/{s.approver.id}",
        data={name: [s.deputy.id]},
        invalid={name: [s.approver.id]},  # nobody approves their own orders
        message="Choose from the people listed.",
    )


@for_endpoint("customer_center.approvers_absence_add")
def approvers_absence_add(s) -> Call:
    fields = {"absence-approver_id": s.approver.id, "absence-deputy_id": s.deputy.id}
    return Call(
        "POST",
        "/customer-center/approvers/absences",
        data={**fields, "absence-start": _day(1), "absence-end": _day(3)},
        invalid={**fields, "absence-start": "", "absence-end": _day(3)},
        message="Enter a date.",
    )


@for_endpoint("customer_center.approvers_absence_remove")
def approvers_absence_remove(s) -> Call:
    absence_id = _absence(
        s.client,
        s.csrf,
        "/customer-center/approvers/absences",
        **{
            "absence-approver_id": s.approver.id,
            "absence-deputy_id": s.deputy.id,
            "absence-start": _day(1),
            "absence-end": _day(2),
        },
    )
    return Call(
        "POST",
        f"/customer-center/approvers/absences/{absence_id}/delete",
    )


@for_endpoint("customer_center.absence_add")
def own_absence_add(s) -> Call:
    fields = {"absence-deputy_id": s.approver.id, "absence-end": _day(3)}
    return Call(
        "POST",
        "/customer-center/absence",
        data={**fields, "absence-start": _day(1)},
        invalid={**fields, "absence-start": ""},
        message="Enter a date.",
    )


@for_endpoint("customer_center.absence_remove")
def own_absence_remove(s) -> Call:
    absence_id = _absence(
        s.client,
        s.csrf,
        "/customer-center/absence",
        **{"absence-deputy_id": s.approver.id, "absence-start": _day(1), "absence-end": _day(2)},
    )
    return Call("POST", f"/customer-center/absence/{absence_id}/delete")


@for_endpoint("cart.add")
def cart_add(s) -> Call:
    return Call(
        "POST",
        "/cart/add",
        data={"sku": s.product.sku, "quantity": "1"},
        invalid={"sku": s.product.sku, "quantity": "0"},
        message="Enter a quantity between 1 and 99999.",
    )


@for_endpoint("cart.update")
def cart_update(s) -> Call:
    line_id = _cart_line(s.client, s.csrf, s.product.sku)
    return Call(
        "POST",
        f"/cart/lines/{line_id}",
        data={"quantity": "3"},
        invalid={"quantity": "x"},
        message="Enter a quantity between 0 and 99999.",
    )


@for_endpoint("cart.remove")
def cart_remove(s) -> Call:
    line_id = _cart_line(s.client, s.csrf, s.product.sku)
    return Call("POST", f"/cart/lines/{line_id}/remove")


@for_endpoint("lists.add")
def list_add(s) -> Call:
    fields = {"list-target": "new", "list-new_name": "Site visit", "list-sku": s.product.sku}
    return Call(
        "POST",
        "/lists/add",
        data={**fields, "list-quantity": "2"},
        invalid={**fields, "list-quantity": "0"},
        message="Enter a quantity between 1 and 99999.",
    )


ENDPOINTS = [
    users_list,
    search_suggestions,
    invoices_list,
    orders_list,
    user_active,
    user_edit,
    budget_default,
    budget_edit,
    budget_row,
    budget_user,
    approvers_company,
    approvers_user,
    approvers_absence_add,
    approvers_absence_remove,
    own_absence_add,
    own_absence_remove,
    cart_add,
    cart_update,
    cart_remove,
    list_add,
]
WITH_INPUT = [
    user_active,
    user_edit,
    budget_default,
    budget_user,
    approvers_company,
    approvers_user,
    approvers_absence_add,
    own_absence_add,
    cart_add,
    cart_update,
    list_add,
]
GETS = [users_list, search_suggestions, invoices_list, orders_list, budget_edit, budget_row]
# Without htmx, refused input shows the page with the form (422); a button on a list and the
# add-to-cart form on many pages go back with the message instead.
GOES_BACK = [user_active, cart_add, cart_update]


@pytest.fixture
def shop(app_context, client, login_as, csrf):
    company = make_company()
    main = make_main_contact(company, name="Maria Main")
    buyer = make_user(company, name="Bert Buyer")
    approver = make_user(
        company, name="Anna Approver", roles=(PredefinedRole.APPROVER, PredefinedRole.BUYER)
    )
    deputy = make_user(company, name="Dora Deputy", roles=(PredefinedRole.APPROVER,))
    login_as(main)
    return SimpleNamespace(
        client=client,
        csrf=csrf,
        main=main,
        buyer=db.session.get(User, buyer.id),
        approver=approver,
        deputy=deputy,
        product=make_product(),
    )


def send(s, call: Call, data: dict | None, headers: dict):
    if call.method == "GET":
        return s.client.get(call.path, headers={**EN, **headers})
    form = {"csrf_token": s.csrf("/customer-center/budgets"), **(data or {})}
    return s.client.post(call.path, data=form, headers={**EN, **headers})


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.__name__)
def test_a_fragment_answer_varies_on_hx_request(shop, endpoint):
    call = endpoint(shop)

    response = send(shop, call, call.data, HTMX)

    assert response.status_code == 200, text_of(response)
    assert "<html" not in text_of(response)
    assert "HX-Request" in response.headers.get("Vary", "")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.__name__)
def test_the_plain_answer_of_an_htmx_endpoint_varies_on_hx_request(shop, endpoint):
    call = endpoint(shop)

    response = send(shop, call, call.data, {})

    assert response.status_code in (200, 302)
    assert "HX-Request" in response.headers.get("Vary", "")


@pytest.mark.parametrize("endpoint", WITH_INPUT, ids=lambda e: e.__name__)
def test_invalid_input_gets_422_and_the_message_in_the_fragment(shop, endpoint):
    call = endpoint(shop)

    response = send(shop, call, call.invalid, HTMX)

    assert response.status_code == 422
    html = text_of(response)
    assert call.message in html
    assert "<html" not in html


@pytest.mark.parametrize(
    "endpoint", [e for e in WITH_INPUT if e not in GOES_BACK], ids=lambda e: e.__name__
)
def test_invalid_input_without_htmx_gets_422_and_the_page_with_the_message(shop, endpoint):
    call = endpoint(shop)

    response = send(shop, call, call.invalid, {})

    assert response.status_code == 422
    html = text_of(response)
    assert call.message in html
    assert "<html" in html


@pytest.mark.parametrize("endpoint", GOES_BACK, ids=lambda e: e.__name__)
def test_invalid_input_on_a_list_without_htmx_goes_back_with_the_message(shop, endpoint):
    call = endpoint(shop)

    response = send(shop, call, call.invalid, {"Referer": "/cart"})

    assert response.status_code == 302
    page = shop.client.get(response.headers["Location"], headers=EN)
    assert call.message in text_of(page)


@pytest.mark.parametrize("endpoint", GETS, ids=lambda e: e.__name__)
def test_a_history_restore_gets_the_whole_page(shop, endpoint):
    call = endpoint(shop)

    response = send(shop, call, None, {**HTMX, "HX-History-Restore-Request": "true"})

    if response.status_code == 302:  # a fragment-only URL sends the browser to its page
        response = shop.client.get(response.headers["Location"], headers=EN)
    assert response.status_code == 200
    assert "<html" in text_of(response)


def test_every_htmx_endpoint_in_the_templates_is_checked_here():
    hx_url = re.compile(r"""hx-(?:get|post|put|patch|delete)="\{\{ url_for\(['"]([\w.]+)['"]""")
    used = {
        endpoint
        for template in TEMPLATES.rglob("*.html")
        for endpoint in hx_url.findall(template.read_text())
    }

    assert used
    assert used <= {endpoint.endpoint for endpoint in ENDPOINTS} | CHECKED_WITH_STAFF


# The back office's htmx forms need a staff session: tests/integration/test_review_queue.py
# checks their fragment, 422 and Vary answers.
CHECKED_WITH_STAFF = {"back_office.note", "back_office.assign"}
