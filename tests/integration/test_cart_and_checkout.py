from decimal import Decimal

from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Order
from tests.clients import add, checkout_form
from tests.factories import make_company, make_product, make_user


def test_cart_requires_login(client):
    response = client.get("/cart")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_add_to_cart_with_htmx_returns_a_fragment_with_the_new_count(client, csrf, login_as):
    login_as(make_user())
    product = make_product()

    response = add(client, csrf, product.sku, 3, htmx=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="cart-count"' in html and ">3<" in html


def test_add_to_cart_without_javascript_redirects_to_the_cart(client, csrf, login_as):
    login_as(make_user())
    product = make_product(list_price=Decimal("2.50"))

    response = add(client, csrf, product.sku, 4)
    cart = client.get("/cart", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert response.status_code == 302
    assert "€10.00" in cart


def test_cart_update_and_remove_keep_the_total_live(client, csrf, login_as):
    login_as(make_user())
    product = make_product(list_price=Decimal("2.00"))
    add(client, csrf, product.sku, 1)
    line_id = db.session.execute(db.text("SELECT id FROM cart_lines")).scalar_one()

    updated = client.post(
        f"/cart/lines/{line_id}",
        data={"quantity": 5, "csrf_token": csrf("/cart")},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    ).get_data(as_text=True)
    removed = client.post(
        f"/cart/lines/{line_id}/remove",
        data={"csrf_token": csrf("/cart")},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    ).get_data(as_text=True)

    assert "€10.00" in updated and "€11.90" in updated
    assert "Your cart is empty" in removed


def test_a_cart_line_of_another_user_cannot_be_changed(client, csrf, login_as):
    other = make_user()
    product = make_product()
    from shop.services.cart import add_to_cart

    add_to_cart(other, product.sku, 2)
    line_id = db.session.execute(db.text("SELECT id FROM cart_lines")).scalar_one()
    login_as(make_user())

    response = client.post(
        f"/cart/lines/{line_id}", data={"quantity": 9, "csrf_token": csrf("/cart")}
    )

    assert response.status_code == 404
    assert db.session.execute(db.text("SELECT quantity FROM cart_lines")).scalar_one() == 2


def test_quick_order_adds_all_lines(client, csrf, login_as):
    login_as(make_user())
    first, second = make_product(sku="QO-1"), make_product(sku="QO-2")

    response = client.post(
        "/quick-order", data={"lines": "qo-1 3\nQO-2;5", "csrf_token": csrf("/quick-order")}
    )

    cart = client.get("/cart").get_data(as_text=True)
    assert response.status_code == 302
    assert first.name_en in cart and second.name_en in cart


def test_quick_order_with_bad_lines_adds_the_good_ones_and_names_the_bad(client, csrf, login_as):
    login_as(make_user())
    product = make_product(sku="QO-3")

    response = client.post(
        "/quick-order",
        data={"lines": "QO-3 2\nNOPE-9 1\nQO-3 x", "csrf_token": csrf("/quick-order")},
        headers={"Accept-Language": "en"},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # The box keeps the two lines not added: numbered 1 and 2 now.
    assert "Line 1: we have no product NOPE-9." in html
    assert "Line 2: the quantity is not valid." in html
    assert product.name_en in client.get("/cart").get_data(as_text=True)


def test_checkout_creates_an_order_with_frozen_prices_and_empties_the_cart(client, csrf, login_as):
    user = login_as(make_user())
    product = make_product(list_price=Decimal("12.34"))
    add(client, csrf, product.sku, 2)

    response = client.post("/checkout", data=checkout_form(client, csrf))
    product.list_price = Decimal("99.99")
    db.session.commit()

    order = db.session.scalar(select(Order))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/checkout/confirmation/{order.number}")
    assert order.user_id == user.id
    assert order.total_net == Decimal("24.68")
    assert order.total_gross == Decimal("29.37")
    assert order.lines[0].unit_price == Decimal("12.34")
    assert order.customer_reference == "PO-4711"
    assert "Your cart is empty" in client.get("/cart").get_data(as_text=True)
    detail = client.get(f"/orders/{order.number}", headers={"Accept-Language": "en"})
    assert "€12.34" in detail.get_data(as_text=True)


def test_submitting_the_same_checkout_twice_creates_one_order(client, csrf, login_as):
    login_as(make_user())
    add(client, csrf, make_product().sku, 1)
    form = checkout_form(client, csrf)

    first = client.post("/checkout", data=form)
    second = client.post("/checkout", data=form)

    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_checkout_with_a_new_address_needs_its_fields(client, csrf, login_as):
    login_as(make_user())
    add(client, csrf, make_product().sku, 1)

    response = client.post(
        "/checkout",
        data=checkout_form(client, csrf, address="new", new_name="", new_street="Weg 1"),
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert "Required for a new address." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Order.id))) == 0


def test_checkout_refuses_a_payment_method_the_company_may_not_use(client, csrf, login_as):
    login_as(make_user(make_company(allowed_payment_methods=["invoice"])))
    add(client, csrf, make_product().sku, 1)

    response = client.post(
        "/checkout", data=checkout_form(client, csrf, payment_method="prepayment")
    )

    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Order.id))) == 0


def test_order_numbers_count_up_per_year(client, csrf, login_as):
    login_as(make_user())
    numbers = []
    for _ in range(3):
        add(client, csrf, make_product().sku, 1)
        client.post("/checkout", data=checkout_form(client, csrf))
    numbers = [o.number for o in db.session.scalars(select(Order).order_by(Order.id))]

    suffixes = [int(n.split("-")[1]) for n in numbers]
    assert suffixes == [1, 2, 3]


def test_orders_of_another_company_are_404(client, csrf, login_as):
    stranger = make_user()
    login_as(stranger)
    add(client, csrf, make_product().sku, 1)
    client.post("/checkout", data=checkout_form(client, csrf))
    number = db.session.scalar(select(Order.number))
    client.post("/logout", data={"csrf_token": csrf("/")})
    login_as(make_user())

    assert client.get(f"/orders/{number}").status_code == 404
    assert (
        client.post(f"/orders/{number}/reorder", data={"csrf_token": csrf("/")}).status_code == 404
    )
    assert number not in client.get("/orders").get_data(as_text=True)


def test_reorder_puts_the_products_back_at_todays_prices(client, csrf, login_as):
    login_as(make_user())
    product = make_product(list_price=Decimal("5.00"))
    add(client, csrf, product.sku, 3)
    client.post("/checkout", data=checkout_form(client, csrf))
    number = db.session.scalar(select(Order.number))
    product.list_price = Decimal("6.00")
    db.session.commit()

    client.post(f"/orders/{number}/reorder", data={"csrf_token": csrf("/")})

    cart = client.get("/cart", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "€18.00" in cart
