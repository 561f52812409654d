"""Approving several orders at once from the approval inbox (#15): the confirm page explains
each order's budget, the POST approves each through the decision service, and an order
decided meanwhile is reported on its own while the rest go through."""

import re

from werkzeug.datastructures import MultiDict

from shop.domain.orders import OrderStatus
from tests.clients import decide, logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import events_of, order_by_number, order_over_budget, team

BULK = "/customer-center/approvals/bulk"
VERSIONS = re.compile(r'name="(version-[^"]+)" value="(\d+)"')


def confirm_page(client, numbers):
    return client.get(BULK, query_string=MultiDict([("order", number) for number in numbers]))


def confirmed_fields(html: str, numbers, comment: str = "") -> MultiDict:
    """The confirm form's fields as the browser would send them."""
    fields = [("csrf_token", csrf_token_from(html)), ("comment", comment)]
    fields += [("order", number) for number in numbers]
    fields += VERSIONS.findall(html)
    return MultiDict(fields)


def test_the_confirm_page_explains_each_selected_order_and_approving_places_them(
    app, app_context, mailbox
):
    company, main, clara, anna = team()
    first, second = order_over_budget(anna), order_over_budget(anna, quantity=12)
    approver = logged_in(app, clara)
    inbox = text_of(approver.get("/customer-center/approvals"))

    page = confirm_page(approver, [first.number, second.number])
    html = text_of(page)
    response = approver.post(
        BULK, data=confirmed_fields(html, [first.number, second.number], "Fine for both.")
    )
    after = text_of(approver.get(response.headers["Location"]))

    assert 'name="order" value="' + first.number in inbox and "Approve selected" in inbox
    assert page.status_code == 200
    assert first.number in html and second.number in html
    assert "Maximum order value" in html
    assert "€50.00" in html and "€20.00" in html  # exceeded by, per order
    assert "€150.00" in html and "€120.00" in html  # net totals
    assert "Approve 2 orders" in html
    assert response.status_code == 302 and response.headers["Location"].endswith("/approvals")
    for order in (first, second):
        assert order_by_number(order.number).status == OrderStatus.PLACED.value
        assert events_of(order.number)[-1] == "approve"
        assert f"Order {order.number} is approved." in after
    mailbox.wait_for(anna.email, first.number)
    mailbox.wait_for(anna.email, second.number)


def test_an_order_decided_meanwhile_is_reported_and_the_others_are_approved(app, app_context):
    company, main, clara, anna = team()
    first, second = order_over_budget(anna), order_over_budget(anna)
    approver = logged_in(app, clara)
    html = text_of(confirm_page(approver, [first.number, second.number]))
    decide(logged_in(app, clara), first.number, "reject", "Not this one.")

    response = approver.post(BULK, data=confirmed_fields(html, [first.number, second.number]))
    after = text_of(approver.get(response.headers["Location"]))

    assert order_by_number(first.number).status == OrderStatus.REJECTED.value
    assert order_by_number(second.number).status == OrderStatus.PLACED.value
    assert f"Order {first.number}: This order was already rejected by Clara Schulz" in after
    assert f"Order {second.number} is approved." in after


def test_a_resubmitted_order_within_budget_is_confirmed_as_within_budget(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)
    decide(approver, order.number, "reject", "Fewer, please.")
    orderer = logged_in(app, anna)
    html = text_of(orderer.get(f"/orders/{order.number}"))
    line_id = re.search(r'name="quantity-(\d+)"', html).group(1)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    orderer.post(
        f"/orders/{order.number}/resubmit",
        data={
            "csrf_token": csrf_token_from(html),
            "version": version,
            f"quantity-{line_id}": "9",
            "comment": "9 then.",
        },
    )

    page = text_of(confirm_page(approver, [order.number]))

    assert "As the order is now, it is within the budget." in page
    assert "Exceeded by" not in page


def test_a_user_who_may_not_decide_approvals_cannot_open_the_confirm_page(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    buyer = logged_in(app, anna)

    response = confirm_page(buyer, [order.number])

    assert response.status_code in (403, 404)


def test_nothing_selected_leads_back_to_the_inbox_with_a_message(app, app_context):
    company, main, clara, anna = team()
    order_over_budget(anna)
    approver = logged_in(app, clara)

    response = approver.get(BULK, follow_redirects=True)

    assert response.request.path == "/customer-center/approvals"
    assert "Please select at least one order to approve." in text_of(response)


def test_a_comment_with_control_characters_is_refused_and_nothing_is_approved(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)
    html = text_of(confirm_page(approver, [order.number]))

    response = approver.post(BULK, data=confirmed_fields(html, [order.number], "ok\x00"))

    assert response.status_code == 422
    assert "control characters" in text_of(response)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value


def test_an_unreadable_version_changes_nothing(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)
    html = text_of(confirm_page(approver, [order.number]))
    fields = confirmed_fields(html, [order.number])
    fields[f"version-{order.number}"] = "x"

    response = approver.post(BULK, data=fields, follow_redirects=True)

    assert response.status_code == 200
    assert "Please select the orders again" in text_of(response)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value


def test_approving_without_csrf_token_is_refused(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)

    response = approver.post(
        BULK, data={"order": order.number, f"version-{order.number}": str(order.version)}
    )

    assert response.status_code in (400, 422)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value
