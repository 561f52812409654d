"""Every quantity field takes ASCII digits only (#14): "٣", "３", "𝟑", "1_000", "+5" and a
leading no-break space were read as numbers by int(); now each is refused and nothing changes."""

import pytest
from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import CartLine, Company, OrderLine, User
from tests.clients import LINE, form_of, logged_in
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_product, make_user, order_over_budget, team

EN = {"Accept-Language": "en"}
NOT_QUANTITIES = ["٣", "３", "𝟑", "1_000", "+5", "\xa05"]


def token(client, path: str) -> str:
    return csrf_token_from(client.get(path, headers=EN).get_data(as_text=True))


def cart_quantities() -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(CartLine.quantity)))


def test_adding_to_the_cart_takes_ascii_digits_only(client, login_as):
    login_as(make_user())
    product = make_product()

    for quantity in NOT_QUANTITIES:
        client.post(
            "/cart/add",
            data={"sku": product.sku, "quantity": quantity, "csrf_token": token(client, "/cart")},
            headers=EN,
        )

        assert cart_quantities() == [], repr(quantity)


def test_changing_a_cart_line_takes_ascii_digits_only(client, login_as):
    login_as(make_user())
    product = make_product()
    client.post(
        "/cart/add",
        data={"sku": product.sku, "quantity": "2", "csrf_token": token(client, "/cart")},
    )
    line_id = db.session.scalar(select(CartLine.id))

    for quantity in NOT_QUANTITIES:
        client.post(
            f"/cart/lines/{line_id}",
            data={"quantity": quantity, "csrf_token": token(client, "/cart")},
            headers=EN,
        )

        assert cart_quantities() == [2], repr(quantity)


def test_quick_order_takes_ascii_digits_only(client, login_as):
    login_as(make_user())
    make_product(sku="QTY-1")

    for quantity in NOT_QUANTITIES:
        response = client.post(
            "/quick-order",
            data={"lines": f"QTY-1;{quantity}", "csrf_token": token(client, "/quick-order")},
            headers=EN,
        )

        assert response.status_code == 422, repr(quantity)
        assert cart_quantities() == [], repr(quantity)


def test_the_approvers_quantity_change_takes_ascii_digits_only(app, app_context):
    _company, _main, clara, anna = team()
    number = order_over_budget(anna, quantity=15).number
    approver = logged_in(app, clara)
    path = f"/customer-center/approvals/{number}"
    line_id = LINE.search(approver.get(path).get_data(as_text=True)).group(1)

    for quantity in NOT_QUANTITIES:
        _html, fields = form_of(approver, path)
        response = approver.post(
            f"{path}/change",
            data={
                **fields,
                f"quantity-{line_id}": quantity,
                "address": "keep",
                "payment_method": "invoice",
                "delivery_method": "standard",
                "new_country": "DE",
            },
        )

        assert response.status_code == 422, repr(quantity)
        db.session.expire_all()
        assert db.session.scalar(select(OrderLine.quantity)) == 15, repr(quantity)


@pytest.mark.parametrize("quantity", NOT_QUANTITIES)
def test_a_budgets_maximum_quantity_takes_ascii_digits_only(client, login_as, quantity):
    main = make_user(make_company(), roles=(PredefinedRole.MAIN_CONTACT,))
    buyer = make_user(main.company)
    login_as(main)
    page = "/customer-center/budgets"

    default = client.post(
        f"{page}/default",
        data={"csrf_token": token(client, page), "default-max_quantity_per_order": quantity},
        headers=EN,
    )
    own = client.post(
        f"{page}/users/{buyer.id}",
        data={
            "csrf_token": token(client, page),
            f"user-{buyer.id}-source": "own",
            f"user-{buyer.id}-max_quantity_per_order": quantity,
        },
        headers=EN,
    )

    assert default.status_code == 422 and own.status_code == 422
    assert "Enter a whole number of pieces." in own.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Company, main.company_id).default_max_quantity_per_order is None
    assert db.session.get(User, buyer.id).max_quantity_per_order is None
