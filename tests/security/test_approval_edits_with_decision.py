"""#14: a decision is made on exactly what the approver sees. Edits in the approval form
travel with Approve or Reject (recorded as a change, then the decision, in one transaction),
without JavaScript and with htmx headers alike."""

import re

import pytest
from sqlalchemy import select

from shop.domain.orders import OrderStatus
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OrderEventRecord
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.clients import LINE, form_of, logged_in, text_of
from tests.factories import events_of, order_by_number, order_over_budget, team

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://localhost/customer-center/approvals"}


def approval_form(client, number: str, **values) -> dict:
    """Everything the approval page's one form sends, as a browser submits it."""
    html, fields = form_of(client, f"/customer-center/approvals/{number}")
    (line_id,) = LINE.findall(html)
    return {
        **fields,
        f"quantity-{line_id}": values.pop("quantity", "5"),
        "address": "keep",
        "new_name": "",
        "new_street": "",
        "new_postal_code": "",
        "new_city": "",
        "new_country": "DE",
        "payment_method": "invoice",
        "delivery_method": "standard",
        "comment": "",
        **values,
    }


def record(number: str, event: str) -> OrderEventRecord:
    order = order_by_number(number)
    return db.session.scalar(
        select(OrderEventRecord).where(
            OrderEventRecord.order_id == order.id, OrderEventRecord.event == event
        )
    )


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-javascript", "htmx"])
def test_approving_with_an_unsaved_quantity_change_sends_the_changed_order(
    app, app_context, erp, headers
):
    company, main, clara, anna = team(customer_number="10001")
    order = order_over_budget(anna, quantity=5, price="30.00")
    approver = logged_in(app, clara)
    form = approval_form(approver, order.number, quantity="3", comment="3 are enough")

    response = approver.post(
        f"/customer-center/approvals/{order.number}/approve", data=form, headers=headers
    )
    delivered = deliver_due(erp_client(), "worker-1", utcnow())

    assert response.status_code == 302
    placed = order_by_number(order.number)
    assert [line.quantity for line in placed.lines] == [3]
    assert str(placed.total_net) == "90.00"
    assert events_of(order.number) == ["submit_for_approval", "change", "approve", "transmit"]
    assert record(order.number, "change").changes["lines"][0]["new"] == 3
    assert record(order.number, "approve").comment == "3 are enough"
    assert [d.outcome for d in delivered] == ["delivered"]
    sent = erp.orders()[order.number]
    assert [int(line["quantity"]) for line in sent["order"]["lines"]] == [3]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-javascript", "htmx"])
def test_rejecting_with_an_unsaved_change_records_the_change_then_the_rejection(
    app, app_context, headers
):
    company, main, clara, anna = team()
    order = order_over_budget(anna, quantity=5, price="30.00")
    approver = logged_in(app, clara)
    form = approval_form(approver, order.number, quantity="3", comment="3 would do.")

    response = approver.post(
        f"/customer-center/approvals/{order.number}/reject", data=form, headers=headers
    )

    assert response.status_code == 302
    rejected = order_by_number(order.number)
    assert rejected.status == OrderStatus.REJECTED.value
    assert [line.quantity for line in rejected.lines] == [3]
    assert events_of(order.number) == ["submit_for_approval", "change", "reject"]


def test_approving_with_an_invalid_edit_decides_nothing(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna, quantity=5, price="30.00")
    approver = logged_in(app, clara)
    form = approval_form(approver, order.number, quantity="-3")

    response = approver.post(f"/customer-center/approvals/{order.number}/approve", data=form)

    assert response.status_code == 422
    assert "Please enter quantities between 0 and 99999." in text_of(response)
    unchanged = order_by_number(order.number)
    assert unchanged.status == OrderStatus.AWAITING_APPROVAL.value
    assert [line.quantity for line in unchanged.lines] == [5]
    assert events_of(order.number) == ["submit_for_approval"]


def test_the_approval_page_has_one_form_for_the_edits_and_the_decision(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna, quantity=5, price="30.00")
    approver = logged_in(app, clara)

    html = text_of(approver.get(f"/customer-center/approvals/{order.number}"))

    forms = re.findall(r'<form[^>]*action="/customer-center/approvals/[^"]*"', html)
    assert len(forms) == 1, forms
    form = html[html.index(forms[0]) :]
    form = form[: form.index("</form>")]
    for part in ('name="quantity-', 'name="comment"', 'value="approve"', 'value="reject"'):
        assert part in form
