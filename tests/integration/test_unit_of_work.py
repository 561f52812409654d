"""The unit of work: commit on success, roll back on any exception, join when nested."""

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.routing import NoApproverAvailable
from shop.domain.stock import Availability, InsufficientStock
from shop.extensions import db
from shop.models import Cart, Company, Order, OutboxEntry
from shop.models.clock import utcnow
from shop.services.cart import CartError, add_lines, add_to_cart, remove_line, update_line
from shop.services.outbox import UnsendableText
from shop.services.place_order import place_order
from shop.services.unit_of_work import UnsavedChanges, end_reads, unit_of_work
from shop.services.user_locale import remember_language
from tests.factories import CHECKOUT_DETAILS, make_company, make_product, make_user, unique


def _name_in_database(company_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Company, company_id).name


def test_changes_in_a_unit_of_work_are_committed(app_context):
    company = make_company()

    with unit_of_work():
        company.name = "Renamed GmbH"
    db.session.rollback()

    assert _name_in_database(company.id) == "Renamed GmbH"


def test_an_exception_rolls_back_everything_the_unit_changed(app_context):
    company = make_company(name="Before GmbH")

    with pytest.raises(ValueError), unit_of_work():
        company.name = "Half-done GmbH"
        db.session.flush()
        raise ValueError("business rule refused")

    assert _name_in_database(company.id) == "Before GmbH"


def test_a_nested_unit_joins_the_outer_one_which_commits_or_rolls_back(app_context):
    company = make_company(name="Outer GmbH")

    with pytest.raises(ValueError), unit_of_work():
        with unit_of_work():
            company.name = "Inner GmbH"
        assert db.session().in_transaction()
        raise ValueError("outer refused")

    assert _name_in_database(company.id) == "Outer GmbH"


def test_changes_made_outside_a_unit_of_work_are_refused_not_committed(app_context):
    company = make_company(name="Untouched GmbH")
    company.name = "Sneaked in GmbH"

    with pytest.raises(UnsavedChanges), unit_of_work():
        pass

    db.session.rollback()
    assert _name_in_database(company.id) == "Untouched GmbH"


def test_reads_before_the_unit_are_read_again_inside_it(app_context):
    company = make_company(name="Read GmbH")
    assert company.name == "Read GmbH"
    other = db.session.get(Company, company.id)
    db.session.execute(
        Company.__table__.update().where(Company.id == company.id).values(name="Fresh GmbH")
    )
    db.session.commit()

    with unit_of_work():
        seen = other.name

    assert seen == "Fresh GmbH"


def test_end_reads_is_refused_inside_a_unit_of_work(app_context):
    with pytest.raises(RuntimeError), unit_of_work():
        end_reads()


# -- services that fail half-way leave nothing behind ---------------------------------------
# Each refusal below used to be a hand-placed rollback (or, for the last step of an order,
# none at all); now the exception leaves the service's unit of work. The next write of the
# same request (here: remembering the language) must not commit anything of the failed one.


def _orders_with_token(token: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Order.id)).where(Order.checkout_token == token))


def _cart_of(user_id: int) -> list[tuple[int, int]]:
    db.session.expire_all()
    cart = db.session.scalar(select(Cart).where(Cart.user_id == user_id))
    return [(line.product_id, line.quantity) for line in cart.lines] if cart else []


def test_an_order_failing_at_its_last_step_leaves_the_cart_and_no_order(app_context, erp):
    user = make_user()
    product = make_product()
    add_to_cart(user, product.sku, 2)
    # Text the ERP's XML cannot carry is refused by the outbox, after the order was written
    # and the cart emptied in the same unit.
    details = replace(CHECKOUT_DETAILS, comment="Please\x01deliver")

    with pytest.raises(UnsendableText):
        place_order(user, details, "half-done", utcnow())
    remember_language(user.id, "de")

    assert _orders_with_token("half-done") == 0
    assert _cart_of(user.id) == [(product.id, 2)]
    assert db.session.scalar(select(func.count(OutboxEntry.id))) == 0


def test_an_order_nobody_could_approve_writes_nothing(app_context, erp):
    company = make_company()
    buyer = make_user(company, has_own_budget=True, max_order_value=Decimal("1.00"))
    product = make_product()
    add_to_cart(buyer, product.sku, 3)

    with pytest.raises(NoApproverAvailable):
        place_order(buyer, CHECKOUT_DETAILS, "nobody-approves", utcnow())
    remember_language(buyer.id, "de")

    assert _orders_with_token("nobody-approves") == 0
    assert _cart_of(buyer.id) == [(product.id, 3)]


def test_a_refused_first_add_to_the_cart_creates_no_cart(app_context, erp):
    user = make_user()
    product = make_product(sku=unique("UOW"))
    erp.set_stock({product.sku: 1})

    with pytest.raises(InsufficientStock):
        add_to_cart(user, product.sku, 5)
    remember_language(user.id, "de")

    assert db.session.scalar(select(func.count(Cart.id)).where(Cart.user_id == user.id)) == 0


def test_lines_refused_together_change_none_of_the_cart(app_context, erp):
    user = make_user()
    plenty, scarce = make_product(sku=unique("UOW")), make_product(sku=unique("UOW"))
    erp.set_stock({plenty.sku: 100, scarce.sku: 1})
    add_to_cart(user, plenty.sku, 1)

    with pytest.raises(InsufficientStock):
        add_lines(
            user,
            {plenty.id: 2, scarce.id: 5},
            {plenty.id: Availability(100), scarce.id: Availability(1)},
        )
    remember_language(user.id, "de")

    assert _cart_of(user.id) == [(plenty.id, 1)]


def test_a_cart_change_of_a_line_already_gone_changes_nothing(app_context, erp):
    user = make_user()
    product = make_product()
    line_id = add_to_cart(user, product.sku, 4).id
    remove_line(user, line_id)

    with pytest.raises(CartError):
        update_line(user, line_id, 2)
    with pytest.raises(CartError):
        remove_line(user, line_id)

    assert _cart_of(user.id) == []
