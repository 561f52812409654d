"""Two requests of one user creating their cart at once (two tabs) share one cart.

Found by the slow-ERP load test (#9): two sessions of one buyer opening /cart together
both found no cart and both inserted one; the second request answered 500. Since #13 a cart
is created in one place only, by the first change to it; reading a cart never creates one.
"""

from sqlalchemy import func, insert, select

from shop.extensions import db
from shop.models import Cart
from shop.models.clock import utcnow
from shop.services import cart as carts
from shop.services.cart import add_to_cart, view_cart
from tests.clients import logged_in
from tests.concurrency import run_at_once
from tests.factories import make_product, make_user


def _carts_of(user_id: int) -> int:
    return db.session.scalar(select(func.count(Cart.id)).where(Cart.user_id == user_id))


def test_a_cart_created_by_a_concurrent_request_is_used_instead_of_failing(
    app_context, erp, monkeypatch
):
    user = make_user()
    product = make_product()
    user_id, sku = user.id, product.sku
    ask_erp_for_stock = carts.stock_for
    competitor_done = []

    def the_other_tab_creates_the_cart_meanwhile(products, *args, **kwargs):
        # While this request asks the ERP for stock, before it holds the cart.
        with db.engine.begin() as other:
            other.execute(insert(Cart).values(user_id=user_id, updated_at=utcnow()))
        competitor_done.append(True)
        return ask_erp_for_stock(products, *args, **kwargs)

    monkeypatch.setattr(carts, "stock_for", the_other_tab_creates_the_cart_meanwhile)

    line = add_to_cart(user, sku, 2)

    assert competitor_done
    assert _carts_of(user_id) == 1
    assert line.quantity == 2
    assert db.session.get(Cart, line.cart_id).user_id == user_id


def test_viewing_a_cart_that_does_not_exist_yet_creates_none(app_context, erp):
    user = make_user()

    cart = view_cart(user)

    assert cart.is_empty
    assert _carts_of(user.id) == 0


def test_two_tabs_opening_a_cart_that_does_not_exist_yet_both_see_it_empty(app, app_context, erp):
    user = make_user()
    tabs = [logged_in(app, user), logged_in(app, user)]

    statuses = run_at_once(app, 2, lambda index: tabs[index].get("/cart").status_code)

    assert statuses == [200, 200]
    assert _carts_of(user.id) == 0
