"""Two requests of one user creating their cart at once (two tabs) share one cart.

Found by the slow-ERP load test (#9): two sessions of one buyer opening /cart together
both found no cart and both inserted one; the second request answered 500.
"""

from sqlalchemy import event, func, insert, select

from shop.extensions import db
from shop.models import Cart
from shop.models.clock import utcnow
from shop.services.cart import get_cart
from tests.factories import make_user


def test_a_cart_created_by_a_concurrent_request_is_used_instead_of_failing(app_context):
    user = make_user()
    session = db.session()
    competitor_done = []

    def the_other_tab_creates_the_cart_first(flushing, flush_context, instances):
        if competitor_done or not any(isinstance(o, Cart) for o in flushing.new):
            return
        competitor_done.append(True)
        with db.engine.begin() as other:
            other.execute(insert(Cart).values(user_id=user.id, updated_at=utcnow()))

    event.listen(session, "before_flush", the_other_tab_creates_the_cart_first)
    try:
        cart = get_cart(user)
        db.session.commit()
    finally:
        event.remove(session, "before_flush", the_other_tab_creates_the_cart_first)

    assert competitor_done
    assert cart.user_id == user.id
    assert db.session.scalar(select(func.count(Cart.id)).where(Cart.user_id == user.id)) == 1
