"""Shopping lists (#15) while the ERP is down: the list still opens (last known prices and
stock), and ordering it still fills the cart with the last known stock applied (§7, §8)."""

from decimal import Decimal

from shop.extensions import db
from shop.models import CachedStock
from shop.models.clock import utcnow
from shop.services import shopping_lists as lists
from shop.services.cart import find_cart
from shop.services.shopping_lists import ListTarget
from tests.clients import logged_in, text_of
from tests.factories import make_company, make_product, make_user

EN = {"Accept-Language": "en"}


def test_a_list_opens_and_is_ordered_while_the_erp_is_down(app, app_context, erp):
    buyer = make_user(make_company(customer_number="10001"))
    known = make_product(sku="DOWN-KNOWN", list_price=Decimal("3.00"))
    never = make_product(sku="DOWN-NEVER", list_price=Decimal("4.00"))
    # The last level the ERP told: 5 left.
    db.session.add(CachedStock(sku=known.sku, quantity=5, fetched_at=utcnow()))
    db.session.commit()
    shopping_list = lists.add_product(buyer, ListTarget(new_name="Down"), known.sku, 8)
    lists.add_product(buyer, ListTarget(list_id=shopping_list.id), never.sku, 2)
    client = logged_in(app, buyer)
    erp.stop()

    page = client.get(f"/lists/{shopping_list.id}", headers=EN)
    outcome = lists.order_lines(buyer, shopping_list.id)

    assert page.status_code == 200 and "DOWN-KNOWN" in text_of(page)
    assert [o.line.product.sku for o in outcome.added] == ["DOWN-NEVER"]
    assert [o.line.product.sku for o in outcome.refused] == ["DOWN-KNOWN"]
    db.session.expire_all()
    assert {line.product.sku: line.quantity for line in find_cart(buyer).lines} == {"DOWN-NEVER": 2}
