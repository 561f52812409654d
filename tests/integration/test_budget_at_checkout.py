"""§5 at checkout: the verdict shown in cart and checkout, and checked again when placing."""

from decimal import Decimal

from sqlalchemy import func, select

from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Order, OrderApprover, OutboxEntry
from tests.clients import add, checkout_form, decide, logged_in, text_of
from tests.factories import (
    MAIN,
    make_company,
    make_order,
    make_product,
    make_user,
    order_by_number,
    team,
)


def place(client, csrf):
    response = client.post("/checkout", data=checkout_form(client, csrf))
    assert response.status_code == 302, text_of(response)
    return order_by_number(response.headers["Location"].rsplit("/", 1)[-1])


def test_cart_and_checkout_say_an_order_is_within_budget(client, csrf, login_as):
    company, main, clara, anna = team()
    login_as(anna)
    add(client, csrf, make_product(list_price=Decimal("10.00")).sku, 10)

    cart = text_of(client.get("/cart"))
    checkout = text_of(client.get("/checkout"))

    assert "This order is within your budget." in cart
    assert "This order is within your budget." in checkout and "Place order" in checkout


def test_cart_update_with_htmx_shows_the_new_verdict(client, csrf, login_as):
    company, main, clara, anna = team()
    login_as(anna)
    add(client, csrf, make_product(list_price=Decimal("10.00")).sku, 5)
    line_id = client.get("/cart").get_data(as_text=True).split('id="line-')[1].split('"')[0]

    response = client.post(
        f"/cart/lines/{line_id}",
        data={"quantity": 11, "csrf_token": csrf("/cart")},
        headers={"HX-Request": "true"},
    )

    html = text_of(response)
    assert "<html" not in html
    assert "exceeds your budget" in html and "€10.00" in html and "Clara Schulz" in html


def test_order_over_monthly_budget_waits_for_approval(client, csrf, login_as):
    company, main, clara, anna = team(monthly_budget=Decimal("100.00"))
    make_order(anna, lines=[(make_product(list_price=Decimal("60.00")), 1)])
    login_as(anna)
    add(client, csrf, make_product(list_price=Decimal("50.00")).sku, 1)

    checkout = text_of(client.get("/checkout"))
    order = place(client, csrf)

    assert "Monthly budget" in checkout and "€110.00" in checkout and "€10.00" in checkout
    assert order.status == OrderStatus.AWAITING_APPROVAL.value
    assert order.budget_exceedances == [
        {"limit": "monthly_budget", "allowed": "100.00", "actual": "110.00", "excess": "10.00"}
    ]
    assert (
        db.session.scalar(select(func.count(OutboxEntry.id)).where(OutboxEntry.kind != "send_mail"))
        == 1
    )  # the first order only
    assert db.session.scalars(select(OrderApprover.approver_id)).all() == [clara.id]


def test_order_over_the_quantity_limit_waits_for_approval(client, csrf, login_as):
    company, main, clara, anna = team(max_quantity_per_order=10)
    login_as(anna)
    add(client, csrf, make_product().sku, 11)

    order = place(client, csrf)

    assert order.status == OrderStatus.AWAITING_APPROVAL.value
    assert order.budget_exceedances[0]["limit"] == "quantity_per_order"
    assert order.budget_exceedances[0]["excess"] == "1"


def test_the_company_default_budget_applies_to_users_without_their_own(client, csrf, login_as):
    company = make_company(default_max_order_value=Decimal("20.00"))
    make_user(company, roles=MAIN, name="Max Main")
    buyer = make_user(company)
    login_as(buyer)
    add(client, csrf, make_product(list_price=Decimal("10.00")).sku, 3)

    order = place(client, csrf)

    assert order.status == OrderStatus.AWAITING_APPROVAL.value


def test_a_rejected_order_releases_the_monthly_budget(app, client, csrf, login_as):
    company, main, clara, anna = team(monthly_budget=Decimal("100.00"))
    first = make_order(anna, lines=[(make_product(list_price=Decimal("150.00")), 1)])
    decide(logged_in(app, clara), first.number, "reject", "Too much.")
    login_as(anna)
    add(client, csrf, make_product(list_price=Decimal("90.00")).sku, 1)

    order = place(client, csrf)

    assert order.status == OrderStatus.PLACED.value


def test_sole_main_contact_over_own_budget_cannot_place_the_order(client, csrf, login_as):
    company = make_company()
    main = make_user(company, roles=MAIN, has_own_budget=True, max_order_value=Decimal("10.00"))
    login_as(main)
    add(client, csrf, make_product(list_price=Decimal("10.00")).sku, 2)

    checkout = text_of(client.get("/checkout"))
    response = client.post("/checkout", data=checkout_form(client, csrf))

    assert "Nobody in your company but you could approve this order" in checkout
    assert response.status_code == 409
    assert "Nobody in your company but you could approve this order" in text_of(response)
    assert db.session.scalar(select(func.count(Order.id))) == 0
    assert 'table class="cart"' in text_of(client.get("/cart"))  # the cart is kept
