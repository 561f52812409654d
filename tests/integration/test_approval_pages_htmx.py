"""#13: the approval page and the orderer's order page answer through the one page-or-fragment
rule: htmx gets the form's fragment, a history restore the whole page, every answer varies on
HX-Request, and invalid input comes back with 422 and its message, page and fragment alike."""

import pytest

from shop.domain.orders import OrderStatus
from tests.clients import LINE, decide, form_of, logged_in, text_of
from tests.factories import events_of, order_by_number, order_over_budget, team

HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {**HTMX, "HX-History-Restore-Request": "true"}


def _approval(app):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    return logged_in(app, clara), order, anna


def test_the_approval_page_is_a_page_and_its_form_a_fragment_both_varying_on_htmx(app, app_context):
    approver, order, _ = _approval(app)
    path = f"/customer-center/approvals/{order.number}"

    page = approver.get(path)
    fragment = approver.get(path, headers=HTMX)
    restored = approver.get(path, headers=HISTORY_RESTORE)

    assert page.status_code == fragment.status_code == restored.status_code == 200
    assert "<html" in text_of(page) and "<html" in text_of(restored)
    assert "<html" not in text_of(fragment)
    assert 'class="approval-form"' in text_of(fragment)
    for response in (page, fragment, restored):
        assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_a_rejection_without_comment_is_422_with_the_message_at_the_field(
    app, app_context, headers
):
    approver, order, _ = _approval(app)
    path = f"/customer-center/approvals/{order.number}"
    _, fields = form_of(approver, path)

    response = approver.post(f"{path}/reject", data={**fields, "comment": " "}, headers=headers)

    assert response.status_code == 422
    assert "HX-Request" in response.headers["Vary"]
    assert "Please write a comment: the orderer needs to know why." in text_of(response)
    assert ("<html" in text_of(response)) == (not headers)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value


def test_an_approval_answers_with_a_redirect_that_varies_on_htmx(app, app_context):
    approver, order, _ = _approval(app)

    response = decide(approver, order.number, "approve")

    assert response.status_code == 302
    assert "HX-Request" in response.headers["Vary"]
    assert events_of(order.number) == ["submit_for_approval", "approve"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_a_resubmission_with_a_bad_quantity_is_422_and_changes_nothing(app, app_context, headers):
    approver, order, anna = _approval(app)
    decide(approver, order.number, "reject", "Fewer, please.")
    orderer = logged_in(app, anna)
    html, fields = form_of(orderer, f"/orders/{order.number}")
    line_id = LINE.search(html).group(1)

    response = orderer.post(
        f"/orders/{order.number}/resubmit",
        data={**fields, f"quantity-{line_id}": "-3", "comment": "Again."},
        headers=headers,
    )

    assert response.status_code == 422
    assert "HX-Request" in response.headers["Vary"]
    assert 'class="resubmit-form"' in text_of(response)
    assert ("<html" in text_of(response)) == (not headers)
    assert order_by_number(order.number).status == OrderStatus.REJECTED.value
