"""Sold-out products and quantities beyond the stock cannot be ordered (issue #14, SPEC §8).

Through the real pages, with the real ERP simulator's GetStock: product page, lists and
search, cart (add, update), quick order, checkout (fresh stock, ERP down) and the
approver's changes. A product that allows backorder may be ordered beyond its stock.
"""

import re
from decimal import Decimal

from sqlalchemy import func, select

from shop.extensions import db
from shop.models import CartLine, Order
from tests.clients import LINE, add, checkout_form, form_of, logged_in, text_of
from tests.factories import (
    make_category,
    make_product,
    make_user,
    order_by_number,
    order_over_budget,
    team,
)

EN = {"Accept-Language": "en"}
ADD_FORM = re.compile(
    r'<form class="add-to-cart"[^>]*>\s*<input[^>]*>\s*<input[^>]*value="([^"]+)"'
)


def cart_lines() -> dict[str, int]:
    db.session.expire_all()
    return {line.product.sku: line.quantity for line in db.session.scalars(select(CartLine))}


def order_count() -> int:
    return db.session.scalar(select(func.count(Order.id)))


def page(client, path: str) -> str:
    return client.get(path, headers=EN).get_data(as_text=True)


# --- showing it ---------------------------------------------------------------------------


def test_a_sold_out_product_page_offers_no_add_to_cart_and_says_why(client, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 0})

    html = page(client, f"/products/{product.sku}")

    assert "Sold out" in html
    assert '<form class="add-to-cart"' not in html
    assert "cannot be ordered until it is back in stock" in html


def test_lists_and_search_offer_add_to_cart_only_for_products_in_stock(client, login_as, erp):
    login_as(make_user())
    category = make_category()
    sold_out = make_product(category, name_en="Washer sold out")
    in_stock = make_product(category, name_en="Washer in stock")
    erp.set_stock({sold_out.sku: 0, in_stock.sku: 20})

    for html in (page(client, f"/catalog/{category.slug}"), page(client, "/search?q=washer")):
        offered = ADD_FORM.findall(html)
        assert in_stock.sku in offered and sold_out.sku not in offered
        assert "cannot be ordered until it is back in stock" in html


def test_a_product_on_backorder_is_offered_while_sold_out(client, login_as, erp):
    login_as(make_user())
    product = make_product(allows_backorder=True)
    erp.set_stock({product.sku: 0})

    html = page(client, f"/products/{product.sku}")

    assert product.sku in ADD_FORM.findall(html)
    assert "delivered when back in stock" in html


# --- the cart -----------------------------------------------------------------------------


def test_a_sold_out_product_cannot_be_added_to_the_cart(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 0})

    response = add(client, csrf, product.sku, 5, htmx=True)

    assert f"{product.sku} is sold out just now." in text_of(response)
    assert cart_lines() == {}


def test_adding_more_than_the_stock_is_refused_with_the_available_quantity(
    client, csrf, login_as, erp
):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 10})

    response = add(client, csrf, product.sku, 50)
    shown = page(client, "/cart")

    assert response.status_code == 302
    assert f"Only 10 of {product.sku} are available." in shown
    assert cart_lines() == {}


def test_adding_counts_what_the_cart_already_holds(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 10})
    add(client, csrf, product.sku, 6)

    response = add(client, csrf, product.sku, 5, htmx=True)
    exactly = add(client, csrf, product.sku, 4, htmx=True)

    assert "Only 10 of" in text_of(response) and "already holds 6" in text_of(response)
    assert "Added" in text_of(exactly)
    assert cart_lines() == {product.sku: 10}


def test_raising_a_cart_line_beyond_the_stock_is_refused(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 10})
    add(client, csrf, product.sku, 2)
    line_id = db.session.scalar(select(CartLine.id))

    response = client.post(
        f"/cart/lines/{line_id}",
        data={"quantity": "50", "csrf_token": csrf("/cart")},
        headers={"HX-Request": "true", **EN},
    )

    assert f"Only 10 of {product.sku} are available." in text_of(response)
    assert cart_lines() == {product.sku: 2}


def test_quick_order_beyond_the_stock_adds_the_rest_and_names_the_line(client, csrf, login_as, erp):
    login_as(make_user())
    enough = make_product()
    short = make_product()
    erp.set_stock({enough.sku: 100, short.sku: 10})

    response = client.post(
        "/quick-order",
        data={"lines": f"{enough.sku} 5\n{short.sku} 50", "csrf_token": csrf("/quick-order")},
        headers=EN,
    )

    assert response.status_code == 200
    # The line left in the box is its first line now.
    assert f"Line 1: Only 10 of {short.sku} are available." in text_of(response)
    assert cart_lines() == {enough.sku: 5}


def test_the_cart_warns_when_the_stock_fell_below_a_line(client, csrf, login_as, erp, app):
    app.config["STOCK_CACHE_SECONDS"] = 0
    try:
        login_as(make_user())
        product = make_product()
        erp.set_stock({product.sku: 10})
        add(client, csrf, product.sku, 8)
        erp.set_stock({product.sku: 3})

        html = page(client, "/cart")
    finally:
        app.config["STOCK_CACHE_SECONDS"] = 300

    assert f"Only 3 of {product.sku} are available." in html
    assert "Some quantities exceed the available stock." in html


# --- checkout -----------------------------------------------------------------------------


def test_checkout_rechecks_with_fresh_stock_from_the_erp(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 10})
    add(client, csrf, product.sku, 5)
    form = checkout_form(client, csrf)
    erp.set_stock({product.sku: 3})  # sold by someone else meanwhile; the cache says 10

    response = client.post("/checkout", data=form, headers=EN)

    assert response.status_code == 409
    assert f"Only 3 of {product.sku} are available." in text_of(response)
    assert order_count() == 0
    assert cart_lines() == {product.sku: 5}


def test_checkout_of_a_sold_out_product_places_no_order(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 10})
    add(client, csrf, product.sku, 5)
    form = checkout_form(client, csrf)
    erp.set_stock({product.sku: 0})

    response = client.post("/checkout", data=form, headers=EN)

    assert response.status_code == 409
    assert f"{product.sku} is sold out just now." in text_of(response)
    assert order_count() == 0
    assert erp.orders() == {}


def test_checkout_while_the_erp_is_down_uses_the_last_known_stock_and_says_so(
    client, csrf, login_as, erp
):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 10})
    add(client, csrf, product.sku, 5)
    form = checkout_form(client, csrf)
    erp.stop()

    shown = page(client, "/checkout")
    response = client.post("/checkout", data=form)

    assert "the last known levels apply" in shown
    assert response.status_code == 302 and "/checkout/confirmation/" in response.location
    assert order_count() == 1


def test_checkout_while_the_erp_is_down_refuses_more_than_the_last_known_stock(
    client, csrf, login_as, erp
):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 10})
    add(client, csrf, product.sku, 5)
    erp.set_stock({product.sku: 3})
    form = checkout_form(client, csrf)  # the checkout page asked fresh: 3 is the last known
    erp.stop()

    response = client.post("/checkout", data=form, headers=EN)

    assert response.status_code == 409
    assert f"Only 3 of {product.sku} are available." in text_of(response)
    assert order_count() == 0


def test_a_product_on_backorder_can_be_ordered_beyond_its_stock(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product(allows_backorder=True)
    erp.set_stock({product.sku: 0})

    add(client, csrf, product.sku, 50)
    response = client.post("/checkout", data=checkout_form(client, csrf))

    assert response.status_code == 302
    assert order_count() == 1


# --- the approver's changes ---------------------------------------------------------------


def change_quantity(approver, number: str, quantity: int):
    html, fields = form_of(approver, f"/customer-center/approvals/{number}")
    line_id = LINE.search(html).group(1)
    return approver.post(
        f"/customer-center/approvals/{number}/change",
        data={
            **fields,
            f"quantity-{line_id}": str(quantity),
            "address": "keep",
            "payment_method": "invoice",
            "delivery_method": "standard",
        },
        headers=EN,
        follow_redirects=True,
    )


def test_an_approver_cannot_raise_a_quantity_beyond_the_stock(app, app_context, erp):
    company, main, clara, anna = team()
    order = order_over_budget(anna, quantity=15, price="10.00")
    sku = order.lines[0].sku
    erp.set_stock({sku: 20})
    approver = logged_in(app, clara)

    raised = change_quantity(approver, order.number, 50)
    lowered = change_quantity(approver, order.number, 12)

    assert f"Only 20 of {sku} are available." in text_of(raised)
    assert "Your changes are saved" in text_of(lowered)
    assert order_by_number(order.number).lines[0].quantity == 12
    assert order_by_number(order.number).total_net == Decimal("120.00")


def test_approving_with_an_unsaved_raise_beyond_the_stock_is_refused(app, app_context, erp):
    company, main, clara, anna = team()
    order = order_over_budget(anna, quantity=15, price="10.00")
    sku = order.lines[0].sku
    erp.set_stock({sku: 20})
    approver = logged_in(app, clara)
    html, fields = form_of(approver, f"/customer-center/approvals/{order.number}")
    line_id = LINE.search(html).group(1)

    response = approver.post(
        f"/customer-center/approvals/{order.number}/approve",
        data={
            **fields,
            f"quantity-{line_id}": "50",
            "address": "keep",
            "payment_method": "invoice",
            "delivery_method": "standard",
        },
        headers=EN,
        follow_redirects=True,
    )

    assert f"Only 20 of {sku} are available." in text_of(response)
    stored = order_by_number(order.number)
    assert stored.status == "awaiting_approval"
    assert stored.lines[0].quantity == 15
