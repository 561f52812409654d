"""Test clients and the requests the tests send through them: log in, fill the cart, check out,
decide on an approval, read the answer."""

import re

from tests.conftest import FreshContextClient, csrf_token_from
from tests.factories import PASSWORD

VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
LINE = re.compile(r'name="quantity-(\d+)"')  # an order line's quantity field on a page
FLASHES = re.compile(r'<div id="flashes".*?</div>', re.S)


def logged_in(app, user, password: str = PASSWORD) -> FreshContextClient:
    """A test client of its own (another browser with its own cookie jar), logged in as the
    user: several people act in one test."""
    app.test_client_class = FreshContextClient
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={"email": user.email, "password": password, "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302
    return client


def staff_logged_in(app, staff, password: str = PASSWORD) -> FreshContextClient:
    """A browser of its own, logged in to the back office as this staff member."""
    app.test_client_class = FreshContextClient
    client = app.test_client()
    page = client.get("/back-office/login").get_data(as_text=True)
    response = client.post(
        "/back-office/login",
        data={"email": staff.email, "password": password, "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_of(client, path: str) -> str:
    """The CSRF token of the client's session, read from a page."""
    return csrf_token_from(client.get(path).get_data(as_text=True))


def text_of(response) -> str:
    return response.get_data(as_text=True)


def flashes_of(response) -> str:
    return FLASHES.search(text_of(response)).group(0)


def add(client, csrf, sku, quantity=1, htmx=False):
    """Put a product into the cart through the shop's form."""
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        "/cart/add",
        data={"sku": sku, "quantity": quantity, "csrf_token": csrf("/cart")},
        headers=headers,
    )


def checkout_form(client, csrf, **overrides):
    """The fields of the checkout form as the page offers them, with the given changes."""
    page = client.get("/checkout").get_data(as_text=True)
    token = re.search(r'name="checkout_token" type="hidden" value="([^"]+)"', page).group(1)
    address = re.search(r'name="address"[^>]*value="(\d+)"', page).group(1)
    data = {
        "csrf_token": csrf("/cart"),
        "checkout_token": token,
        "address": address,
        "payment_method": "invoice",
        "delivery_method": "standard",
        "customer_reference": "PO-4711",
        "comment": "",
        "new_country": "DE",
    }
    data.update(overrides)
    return data


def form_of(client, path: str) -> tuple[str, dict]:
    """The page's HTML and the hidden fields a form on it needs (CSRF token, version)."""
    html = client.get(path).get_data(as_text=True)
    return html, {"csrf_token": csrf_token_from(html), "version": VERSION.search(html).group(1)}


def decide(client, number: str, decision: str, comment: str = "", **extra):
    """Approve, reject or change an order from its approval page, as the approver would."""
    _, fields = form_of(client, f"/customer-center/approvals/{number}")
    return client.post(
        f"/customer-center/approvals/{number}/{decision}",
        data={**fields, "comment": comment, **extra},
    )
