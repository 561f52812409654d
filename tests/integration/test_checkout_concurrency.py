"""Double-clicked checkout: two requests with the same form token at the same moment.

Real commits on the real database, in two threads with their own connections: SQLite
queues the writers (BEGIN IMMEDIATE), PostgreSQL settles it with the unique checkout token
and the row lock on the order-number counter.
"""

from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Order, User
from shop.models.clock import utcnow
from shop.services.cart import add_to_cart
from shop.services.place_order import place_order
from tests.concurrency import run_at_once
from tests.factories import CHECKOUT_DETAILS, make_product, make_user


def test_two_simultaneous_submits_of_one_checkout_create_one_order(app, app_context):
    user = make_user()
    add_to_cart(user, make_product().sku, 2)
    user_id = user.id

    def submit(_index):
        return place_order(
            db.session.get(User, user_id), CHECKOUT_DETAILS, "same-token-1234567", utcnow()
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
        return place_order(
            user, CHECKOUT_DETAILS, f"token-of-user-{index}-xxxxxxxx", utcnow()
        ).number

    numbers = run_at_once(app, 4, submit)

    assert all(isinstance(n, str) for n in numbers), numbers
    assert len(set(numbers)) == 4
