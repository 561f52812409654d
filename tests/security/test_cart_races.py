"""Adding to and removing from one cart at the same moment (issue #14: StaleDataError 500s).

Real threads, each with its own test client, session and database connection, on the
session's database (SQLite here, PostgreSQL with TEST_DATABASE_URL). Each round puts one
line in the cart, then adds the same product and removes that line at once.
"""

import threading

from sqlalchemy import select

from shop.extensions import db
from shop.models import Cart, CartLine
from shop.services.cart import add_to_cart
from tests.clients import logged_in
from tests.conftest import csrf_token_from
from tests.factories import make_product, make_user

ROUNDS = 20


def _logged_in_client(app, user):
    client = logged_in(app, user)
    return client, csrf_token_from(client.get("/cart").get_data(as_text=True))


def _post_at_once(requests: dict[str, tuple]) -> dict[str, object]:
    """POST each (client, path, data) in its own thread, released together; status per name."""
    barrier = threading.Barrier(len(requests))
    results: dict[str, object] = {}

    def post(name: str, client, path: str, data: dict) -> None:
        barrier.wait()
        try:
            results[name] = client.post(path, data=data).status_code
        except Exception as error:  # the testing app propagates what would be a 500
            results[name] = error

    threads = [threading.Thread(target=post, args=(n, *r)) for n, r in requests.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _cart_lines(user_id: int) -> list[tuple[int, int]]:
    db.session.expire_all()
    cart = db.session.scalar(select(Cart).where(Cart.user_id == user_id))
    return [(line.product_id, line.quantity) for line in cart.lines] if cart else []


def test_adding_and_removing_at_once_never_fails_and_leaves_a_sane_cart(app, app_context, erp):
    user = make_user()
    product = make_product()
    user_id, product_id, sku = user.id, product.id, product.sku
    adder, add_token = _logged_in_client(app, user)
    remover, remove_token = _logged_in_client(app, user)

    for _round in range(ROUNDS):
        line_id = add_to_cart(user, sku, 1).id

        results = _post_at_once(
            {
                "add": (adder, "/cart/add", {"sku": sku, "quantity": "1", "csrf_token": add_token}),
                "remove": (remover, f"/cart/lines/{line_id}/remove", {"csrf_token": remove_token}),
            }
        )

        # Plain form posts: both answer with a redirect, never an error.
        assert results == {"add": 302, "remove": 302}
        # Either the add came first (then the remove took the whole line) or the remove did
        # (then the add made a new line of one).
        assert _cart_lines(user_id) in ([], [(product_id, 1)])
        db.session.execute(db.delete(CartLine))
        db.session.commit()


def test_two_first_adds_at_once_make_one_cart_with_both_quantities(app, app_context, erp):
    user = make_user()
    product = make_product()
    user_id, product_id, sku = user.id, product.id, product.sku
    first, first_token = _logged_in_client(app, user)
    second, second_token = _logged_in_client(app, user)
    db.session.execute(db.delete(Cart))
    db.session.commit()

    results = _post_at_once(
        {
            "first": (first, "/cart/add", {"sku": sku, "quantity": "2", "csrf_token": first_token}),
            "second": (
                second,
                "/cart/add",
                {"sku": sku, "quantity": "3", "csrf_token": second_token},
            ),
        }
    )

    assert results == {"first": 302, "second": 302}
    assert _cart_lines(user_id) == [(product_id, 5)]
