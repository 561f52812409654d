"""#13: access to an approval is checked once, before any handler: somebody who may not open
an order's approval page gets the same 404 for every action on it, GET and POST alike, and
the order stays as it was."""

import pytest

from shop.domain.orders import OrderStatus
from shop.models.clock import utcnow
from shop.services.customer_center import approvers
from tests.clients import form_of, logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import APPROVER, events_of, make_user, order_by_number, order_over_budget, team

ACTIONS = ("approve", "reject", "change")
# A valid form as the approval page sends it, so only the access check can refuse it.
KEEP_AS_IT_IS = {
    "address": "keep",
    "payment_method": "invoice",
    "delivery_method": "standard",
    "new_country": "DE",
    "comment": "Forced.",
}


@pytest.mark.parametrize("action", ACTIONS)
def test_an_approver_the_order_is_not_routed_to_gets_404_for_page_and_action_alike(
    app, app_context, action
):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    otto = make_user(company, roles=APPROVER, name="Otto Other")
    client = logged_in(app, otto)
    token = csrf_token_from(text_of(client.get("/customer-center/approvals")))
    path = f"/customer-center/approvals/{order.number}"

    page = client.get(path)
    forced = client.post(
        f"{path}/{action}",
        data={"csrf_token": token, "version": order.version, **KEEP_AS_IT_IS},
    )

    assert page.status_code == 404
    assert forced.status_code == 404
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value
    assert events_of(order.number) == ["submit_for_approval"]


@pytest.mark.parametrize("action", ACTIONS)
def test_an_approver_the_order_was_taken_from_gets_404_for_page_and_stale_form_alike(
    app, app_context, action
):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    path = f"/customer-center/approvals/{order.number}"
    approver = logged_in(app, clara)
    _, opened_before = form_of(approver, path)

    approvers.set_user_approvers(main, anna.id, [], utcnow())
    page = approver.get(path)
    forced = approver.post(f"{path}/{action}", data={**opened_before, **KEEP_AS_IT_IS})

    assert page.status_code == 404
    assert forced.status_code == 404
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value
    assert events_of(order.number) == ["submit_for_approval", "reroute"]
