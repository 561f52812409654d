"""Shopping lists (#15) when two things happen at once: the same name given twice in the same
moment, and the cart filled by another tab while a list is being put into it."""

from sqlalchemy import func, insert, select

from shop.domain.shopping_lists import LineProblem
from shop.extensions import db
from shop.models import Cart, CartLine, ShoppingList, User
from shop.models.clock import utcnow
from shop.services import cart as carts
from shop.services import shopping_lists as lists
from shop.services.shopping_lists import ListError, ListProblem, ListTarget
from tests.concurrency import run_at_once
from tests.factories import make_product, make_user


def test_two_lists_of_one_name_created_at_once_make_one_list(app, app_context, erp):
    user_id = make_user().id

    def create(index: int) -> int:
        return lists.create_list(db.session.get(User, user_id), "Weekly")

    results = run_at_once(app, 2, create)

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], ListError) and refused[0].reason is ListProblem.NAME_TAKEN
    assert db.session.scalar(select(func.count(ShoppingList.id))) == 1


def test_a_line_the_cart_filled_meanwhile_is_refused_and_the_others_go_in(
    app_context, erp, monkeypatch
):
    user = make_user()
    bolt, nut = make_product(sku="RACE-BOLT"), make_product(sku="RACE-NUT")
    erp.set_stock({bolt.sku: 10, nut.sku: 10})
    shopping_list = lists.add_product(user, ListTarget(new_name="Race"), bolt.sku, 6)
    lists.add_product(user, ListTarget(list_id=shopping_list.id), nut.sku, 2)
    user_id, bolt_id = user.id, bolt.id
    read_cart = carts.find_cart

    def another_tab_adds_bolts_meanwhile(reader):
        # After the list's lines were judged against the cart, before they go into it.
        found = read_cart(reader)
        with db.engine.begin() as other:
            other.execute(insert(Cart).values(user_id=user_id, updated_at=utcnow()))
            cart_id = other.scalar(select(Cart.id).where(Cart.user_id == user_id))
            other.execute(insert(CartLine).values(cart_id=cart_id, product_id=bolt_id, quantity=5))
        return found

    monkeypatch.setattr(carts, "find_cart", another_tab_adds_bolts_meanwhile)

    outcome = lists.order_lines(user, shopping_list.id)

    monkeypatch.undo()
    assert [o.line.product.sku for o in outcome.added] == ["RACE-NUT"]
    assert [(o.line.product.sku, o.verdict.problem) for o in outcome.refused] == [
        ("RACE-BOLT", LineProblem.STOCK)
    ]
    db.session.expire_all()
    cart = carts.find_cart(user)
    assert {line.product.sku: line.quantity for line in cart.lines} == {
        "RACE-BOLT": 5,
        "RACE-NUT": 2,
    }
