"""What the approver reads on an order they rejected, and on a resubmitted order that is now
within budget (#15): the wording follows the reader and the order as it is now."""

from tests.clients import LINE, decide, form_of, logged_in, text_of
from tests.factories import order_over_budget, team


def _rejected_order(app):
    company, main, clara, anna = team()
    order = order_over_budget(anna)  # 15 × 10.00 = 150.00 net, Anna may order 100.00
    approver = logged_in(app, clara)
    decide(approver, order.number, "reject", "Please order 9 at most.")
    return order.number, approver, logged_in(app, anna)


def test_the_approver_is_not_told_to_change_or_withdraw_an_order_they_rejected(app, app_context):
    number, approver, orderer = _rejected_order(app)

    page = text_of(approver.get(f"/customer-center/approvals/{number}"))
    orderers_page = text_of(orderer.get(f"/orders/{number}"))

    assert "You can change quantities" not in page
    assert "sent back to Anna Buyer, who may change it" in page
    assert "You can change quantities" in orderers_page


def test_a_resubmitted_order_within_budget_is_not_said_to_exceed_it(app, app_context):
    number, approver, orderer = _rejected_order(app)
    html, fields = form_of(orderer, f"/orders/{number}")
    line_id = LINE.search(html).group(1)
    orderer.post(
        f"/orders/{number}/resubmit",
        data={**fields, f"quantity-{line_id}": "9", "comment": "9 it is."},
    )

    page = text_of(approver.get(f"/customer-center/approvals/{number}"))
    inbox = text_of(approver.get("/customer-center/approvals"))

    assert "exceeds the budget" not in page
    assert "within the budget" in page
    assert "<li>none</li>" not in inbox
    assert "Within the budget" in inbox
