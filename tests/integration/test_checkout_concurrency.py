"""Double-clicked checkout: two requests with the same form token at the same moment.

Real commits on the real database, in two threads with their own connections: SQLite
queues the writers (BEGIN IMMEDIATE), PostgreSQL settles it with the unique checkout token
and the row lock on the order-number counter.
"""

import threading

from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Order, User
from shop.models.clock import utcnow
from shop.services.cart import add_to_cart
from shop.services.place_order import CheckoutDetails, DeliveryAddress, place_order
from tests.factories import make_product, make_user

DETAILS = CheckoutDetails(
    address=DeliveryAddress("Werk 1", "Weg 1", "10115", "Berlin", "DE"),
    payment_method="invoice",
    delivery_method="standard",
    customer_reference="",
    comment="",
)


def run_at_once(app, count: int, action) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = action(index)
            except Exception as error:  # collected and asserted on below
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_simultaneous_submits_of_one_checkout_create_one_order(app, app_context):
    user = make_user()
    add_to_cart(user, make_product().sku, 2)
    user_id = user.id

    def submit(_index):
        return place_order(
            db.session.get(User, user_id), DETAILS, "same-token-1234567", utcnow()
        ).number

    numbers = run_at_once(app, 2, submit)

    assert all(isinstance(n, str) for n in numbers), numbers
    assert numbers[0] == numbers[1]
    assert db.session.scalar(select(func.count(Order.id))) == 1


def test_simultaneous_orders_of_different_users_get_distinct_numbers(app, app_context):
    users = [make_user() for _ in range(4)]
    for user in users:
        add_to_cart(user, make_product().sku, 1)
    ids = [u.id for u in users]

    def submit(index):
        user = db.session.get(User, ids[index])
        return place_order(user, DETAILS, f"token-of-user-{index}-xxxxxxxx", utcnow()).number

    numbers = run_at_once(app, 4, submit)

    assert all(isinstance(n, str) for n in numbers), numbers
    assert len(set(numbers)) == 4
