"""The approval workflow of §6 over HTTP: routing, inbox, change, reject, resubmit, approve,
the conversation, the mails, and the order reaching the ERP exactly once."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.orders import OrderStatus
from shop.erp import erp_client
from shop.extensions import db
from shop.models import Absence, OutboxEntry
from shop.models.clock import utcnow
from shop.services.approval_mails import send_reminders
from shop.services.outbox import deliver_due
from tests.clients import LINE, add, checkout_form, decide, form_of, logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import (
    APPROVER,
    MAIN,
    events_of,
    make_company,
    make_order,
    make_product,
    make_user,
    name_approver,
    order_by_number,
    order_over_budget,
    team,
)
from tests.services import free_port

# --- the whole story ---------------------------------------------------------------------


def test_order_over_budget_is_changed_rejected_resubmitted_approved_and_sent_to_the_erp_once(
    app, client, csrf, login_as, mailbox, erp
):
    company, main, clara, anna = team(customer_number="10001")
    product = make_product(list_price=Decimal("10.00"), name_en="Hex bolt M8")
    login_as(anna)
    add(client, csrf, product.sku, 15)

    cart = text_of(client.get("/cart"))
    checkout = text_of(client.get("/checkout"))
    response = client.post("/checkout", data=checkout_form(client, csrf))
    confirmation = text_of(client.get(response.headers["Location"]))
    number = response.headers["Location"].rsplit("/", 1)[-1]
    approver_mail = mailbox.wait_for(clara.email, number)
    orderer_mail = mailbox.wait_for(anna.email, number)

    for page in (cart, checkout):
        assert "exceeds your budget" in page
        assert "Maximum order value" in page and "€50.00" in page
        assert "Clara Schulz" in page and "per-user approver of Anna Buyer" in page
    assert "Send for approval" in checkout
    assert "waits for approval" in confirmation and "Clara Schulz" in confirmation
    assert order_by_number(number).status == OrderStatus.AWAITING_APPROVAL.value
    assert f"http://localhost/customer-center/approvals/{number}" in approver_mail.text
    assert "per-user approver of Anna Buyer" in approver_mail.text
    assert "Clara Schulz" in orderer_mail.text

    approver = logged_in(app, clara)
    inbox = text_of(approver.get("/customer-center/approvals"))
    html, fields = form_of(approver, f"/customer-center/approvals/{number}")
    line_id = LINE.search(html).group(1)
    changed = approver.post(
        f"/customer-center/approvals/{number}/change",
        data={
            **fields,
            f"quantity-{line_id}": "8",
            "address": "keep",
            "payment_method": "invoice",
            "delivery_method": "express",
            "new_country": "DE",
        },
    )
    rejected = decide(approver, number, "reject", "Please order 9 at most this month.")
    rejection_mail = mailbox.wait_for(anna.email, "not approved")

    assert number in inbox and "Maximum order value" in inbox
    assert changed.status_code == 302 and rejected.status_code == 302
    assert order_by_number(number).status == OrderStatus.REJECTED.value
    assert "Please order 9 at most this month." in rejection_mail.text

    mailbox.clear()
    html, fields = form_of(client, f"/orders/{number}")
    resubmitted = client.post(
        f"/orders/{number}/resubmit",
        data={**fields, f"quantity-{line_id}": "9", "comment": "9 it is, thanks."},
    )
    mailbox.wait_for(clara.email, "sent back")
    approved = decide(approver, number, "approve", "Fine.")
    mailbox.wait_for(anna.email, "approved")
    delivered = deliver_due(erp_client(), "worker-1", utcnow())
    again = deliver_due(erp_client(), "worker-1", utcnow())

    assert resubmitted.status_code == 302 and approved.status_code == 302
    assert [d.outcome for d in delivered] == ["delivered"] and again == []
    assert erp.orders()[number]["received"] == 1
    assert order_by_number(number).status == OrderStatus.TRANSMITTED.value
    assert order_by_number(number).total_net == Decimal("90.00")
    assert events_of(number) == [
        "submit_for_approval",
        "change",
        "reject",
        "resubmit",
        "approve",
        "transmit",
    ]
    conversation = text_of(client.get(f"/orders/{number}"))
    assert conversation.index("Sent for approval") < conversation.index("Changed by the approver")
    assert conversation.index("Changed by the approver") < conversation.index("Rejected")
    assert conversation.index("Sent back for approval") < conversation.index("Fine.")
    assert "Hex bolt M8 (" in conversation and "quantity 15 → 8" in conversation
    assert "quantity 8 → 9" in conversation
    assert "Net total: €150.00 → €80.00" in conversation
    assert "Delivery method:" in conversation and "Express delivery" in conversation
    assert (
        "Please order 9 at most this month." in conversation and "9 it is, thanks." in conversation
    )


def test_within_budget_orders_go_straight_to_placed_and_the_outbox(client, csrf, login_as):
    login_as(make_user())
    add(client, csrf, make_product().sku, 3)

    response = client.post("/checkout", data=checkout_form(client, csrf))

    number = response.headers["Location"].rsplit("/", 1)[-1]
    assert order_by_number(number).status == OrderStatus.PLACED.value
    assert events_of(number) == ["place_within_budget"]
    assert (
        db.session.scalar(select(func.count(OutboxEntry.id)).where(OutboxEntry.kind != "send_mail"))
        == 1
    )


# --- who may decide --------------------------------------------------------------------------


def test_approver_cannot_approve_own_order(app, app_context):
    company = make_company()
    main = make_user(company, roles=MAIN, name="Max Main", has_own_budget=True)
    main.max_order_value = Decimal("100.00")
    db.session.commit()
    clara = make_user(company, roles=APPROVER, name="Clara Schulz")
    name_approver(company, clara)
    order = order_over_budget(main)
    own = logged_in(app, main)

    page = text_of(own.get(f"/customer-center/approvals/{order.number}"))
    response = own.post(
        f"/customer-center/approvals/{order.number}/approve",
        data={"csrf_token": csrf_token_from(page), "version": order.version},
        follow_redirects=True,
    )

    assert "This is your own order" in page
    assert response.status_code == 200
    assert "Nobody can approve, reject or change their own order." in text_of(response)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value
    assert events_of(order.number) == ["submit_for_approval"]


def test_a_colleague_who_is_not_asked_cannot_decide(app, app_context):
    company, main, clara, anna = team()
    other = make_user(company, roles=APPROVER, name="Otto Other")
    order = order_over_budget(anna)
    client = logged_in(app, other)

    page = client.get(f"/customer-center/approvals/{order.number}")
    inbox = text_of(client.get("/customer-center/approvals"))
    forced = client.post(
        f"/customer-center/approvals/{order.number}/approve",
        data={"csrf_token": csrf_token_from(inbox), "version": order.version},
    )

    assert page.status_code == 404
    assert order.number not in inbox
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value
    # #13: the action answers as the page does, before any handler runs.
    assert forced.status_code == 404


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/orders/{number}"),
        ("get", "/customer-center/approvals/{number}"),
        ("post", "/customer-center/approvals/{number}/approve"),
        ("post", "/customer-center/approvals/{number}/reject"),
        ("post", "/customer-center/approvals/{number}/change"),
        ("post", "/orders/{number}/withdraw"),
        ("post", "/orders/{number}/resubmit"),
    ],
)
def test_users_of_another_company_get_404_for_an_order(app, app_context, method, path):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    stranger = make_user(make_company(), roles=MAIN)
    client = logged_in(app, stranger)
    token = csrf_token_from(text_of(client.get("/cart")))

    url = path.format(number=order.number)
    response = (
        client.get(url)
        if method == "get"
        else client.post(url, data={"csrf_token": token, "version": order.version})
    )

    assert response.status_code == 404
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value


def test_approver_sees_orders_routed_to_them_without_seeing_company_orders(app, app_context):
    company, main, clara, anna = team()
    routed = order_over_budget(anna)
    unrelated = make_order(make_user(company))
    client = logged_in(app, clara)

    assert client.get(f"/orders/{routed.number}").status_code == 200
    assert client.get(f"/orders/{unrelated.number}").status_code == 404
    assert routed.number in text_of(client.get("/orders"))


def test_deputy_decides_while_the_approver_is_absent(app, app_context, mailbox):
    company, main, clara, anna = team()
    dora = make_user(company, roles=APPROVER, name="Dora Deputy")
    today = date.today()
    db.session.add(Absence(user_id=clara.id, start=today, end=date(2099, 3, 14), deputy_id=dora.id))
    db.session.commit()

    order = order_over_budget(anna)
    mail = mailbox.wait_for(dora.email, order.number)
    deputy = logged_in(app, dora)
    inbox = text_of(deputy.get("/customer-center/approvals"))
    page = text_of(deputy.get(f"/customer-center/approvals/{order.number}"))
    response = decide(deputy, order.number, "approve")

    assert "deputy for Clara Schulz, absent until 14 March 2099" in mail.text
    assert order.number in inbox
    assert "deputy for Clara Schulz, absent until 14 March 2099" in page
    assert response.status_code == 302
    assert order_by_number(order.number).status == OrderStatus.PLACED.value


def test_deputy_of_an_approver_who_went_away_after_the_order_sees_it_and_decides(app, app_context):
    company, main, clara, anna = team()
    dora = make_user(company, roles=APPROVER, name="Dora Deputy")
    order = order_over_budget(anna)
    today = date.today()
    db.session.add(
        Absence(user_id=clara.id, start=today, end=today + timedelta(days=3), deputy_id=dora.id)
    )
    db.session.commit()
    deputy = logged_in(app, dora)

    inbox = text_of(deputy.get("/customer-center/approvals"))
    response = decide(deputy, order.number, "reject", "Not this month.")

    assert order.number in inbox
    assert response.status_code == 302
    assert order_by_number(order.number).status == OrderStatus.REJECTED.value


def test_main_contact_approves_when_no_approver_is_named(app, app_context, mailbox):
    company = make_company()
    main = make_user(company, roles=MAIN, name="Max Main")
    anna = make_user(
        company, name="Anna Buyer", has_own_budget=True, max_order_value=Decimal("100.00")
    )

    order = order_over_budget(anna)

    mail = mailbox.wait_for(main.email, order.number)
    assert "main contact, as no approver is named" in mail.text
    page = text_of(logged_in(app, anna).get(f"/orders/{order.number}"))
    assert "Max Main" in page and "main contact, as no approver is named" in page


# --- decisions -------------------------------------------------------------------------------


def test_double_click_on_approve_makes_one_decision_and_one_erp_submission(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)
    _, fields = form_of(approver, f"/customer-center/approvals/{order.number}")

    first = approver.post(f"/customer-center/approvals/{order.number}/approve", data=fields)
    second = approver.post(f"/customer-center/approvals/{order.number}/approve", data=fields)

    assert first.status_code == 302 and second.status_code == 302
    assert events_of(order.number) == ["submit_for_approval", "approve"]
    assert (
        db.session.scalar(select(func.count(OutboxEntry.id)).where(OutboxEntry.kind != "send_mail"))
        == 1
    )


def test_second_approver_acting_on_a_stale_page_is_told_who_decided(app, app_context):
    company, main, clara, anna = team()
    ben = make_user(company, roles=APPROVER, name="Ben Second")
    name_approver(company, ben, orderer=anna)
    order = order_over_budget(anna)
    first = logged_in(app, clara)
    second = logged_in(app, ben)
    _, stale_fields = form_of(second, f"/customer-center/approvals/{order.number}")

    decide(first, order.number, "approve")
    response = second.post(
        f"/customer-center/approvals/{order.number}/reject",
        data={**stale_fields, "comment": "Too much."},
        follow_redirects=True,
    )

    assert "This order was already approved by Clara Schulz at" in text_of(response)
    assert order_by_number(order.number).status == OrderStatus.PLACED.value
    assert events_of(order.number) == ["submit_for_approval", "approve"]


def test_rejection_needs_a_comment(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)

    response = decide(approver, order.number, "reject", "  ")

    assert response.status_code == 422
    assert "the orderer needs to know why" in text_of(response)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value


def test_approver_cannot_remove_every_line(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)
    html, fields = form_of(approver, f"/customer-center/approvals/{order.number}")
    line_id = LINE.search(html).group(1)

    response = approver.post(
        f"/customer-center/approvals/{order.number}/change",
        data={
            **fields,
            f"remove-{line_id}": "1",
            "address": "keep",
            "payment_method": "invoice",
            "delivery_method": "standard",
        },
        follow_redirects=True,
    )

    assert "An order needs at least one line" in text_of(response)
    assert len(order_by_number(order.number).lines) == 1


def test_approver_changes_the_address_and_removes_a_line_and_the_diff_is_recorded(app, app_context):
    company, main, clara, anna = team()
    bolt = make_product(list_price=Decimal("10.00"), name_en="Bolt")
    nut = make_product(list_price=Decimal("1.00"), name_en="Nut")
    order = make_order(anna, lines=[(bolt, 10), (nut, 20)])
    approver = logged_in(app, clara)
    html, fields = form_of(approver, f"/customer-center/approvals/{order.number}")
    bolt_line, nut_line = LINE.findall(html)

    response = approver.post(
        f"/customer-center/approvals/{order.number}/change",
        data={
            **fields,
            f"remove-{nut_line}": "1",
            "address": "new",
            "new_name": "Werk 2",
            "new_street": "Hafenweg 2",
            "new_postal_code": "20457",
            "new_city": "Hamburg",
            "new_country": "DE",
            "payment_method": "prepayment",
            "delivery_method": "standard",
        },
    )
    page = text_of(approver.get(f"/customer-center/approvals/{order.number}"))

    assert response.status_code == 302
    assert "Nut (" in page and "removed (was 20)" in page
    assert "Hamburg" in page and "Delivery address:" in page
    assert "Payment method: On account (invoice) → Prepayment" in page
    assert "Net total: €120.00 → €100.00" in page
    assert "As the order is now, it is within the budget." in page
    changed = order_by_number(order.number)
    assert changed.delivery_city == "Hamburg" and changed.total_net == Decimal("100.00")
    assert changed.status == OrderStatus.AWAITING_APPROVAL.value


def test_orderer_withdraws_a_rejected_order(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    decide(logged_in(app, clara), order.number, "reject", "No.")
    orderer = logged_in(app, anna)
    html, fields = form_of(orderer, f"/orders/{order.number}/withdraw")

    response = orderer.post(f"/orders/{order.number}/withdraw", data=fields)

    assert response.status_code == 302
    assert order_by_number(order.number).status == OrderStatus.WITHDRAWN.value


def test_illegal_transition_is_refused_with_a_message_not_an_error(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    orderer = logged_in(app, anna)
    # The order's version from a form of the waiting order: the withdraw confirm page.
    html, fields = form_of(orderer, f"/orders/{order.number}/withdraw")

    response = orderer.post(
        f"/orders/{order.number}/resubmit", data={**fields, "comment": "x"}, follow_redirects=True
    )

    assert response.status_code == 200
    assert "This is not possible any more" in text_of(response)


def test_a_decision_without_csrf_token_is_refused(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)

    response = approver.post(
        f"/customer-center/approvals/{order.number}/approve", data={"version": order.version}
    )

    assert response.status_code in (400, 422)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value


def test_a_mail_server_failure_does_not_undo_the_approval(app, app_context, monkeypatch):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    approver = logged_in(app, clara)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())

    response = decide(approver, order.number, "approve")

    assert response.status_code == 302
    assert order_by_number(order.number).status == OrderStatus.PLACED.value
    assert (
        db.session.scalar(select(func.count(OutboxEntry.id)).where(OutboxEntry.kind != "send_mail"))
        == 1
    )


# --- inbox and reminders ---------------------------------------------------------------------


def test_inbox_lists_the_oldest_order_first_with_its_exceeded_limits_and_pages(
    app, app_context, monkeypatch
):
    company, main, clara, anna = team(max_order_value=Decimal("100.00"), max_quantity_per_order=10)
    orders = [order_over_budget(anna) for _ in range(3)]
    base = utcnow() - timedelta(days=5)
    for days, order in zip((2, 0, 1), orders, strict=True):
        order.awaiting_since = base + timedelta(days=days)
    db.session.commit()
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    approver = logged_in(app, clara)

    first = text_of(approver.get("/customer-center/approvals"))
    second = text_of(approver.get("/customer-center/approvals?page=2"))

    assert first.index(orders[1].number) < first.index(orders[2].number)
    assert orders[0].number not in first and orders[0].number in second
    assert "Maximum order value: exceeded by €50.00" in first
    assert "Maximum quantity per order: exceeded by 5" in first
    assert "Page 1 of 2" in first


def test_inbox_needs_the_right_to_decide_approvals(app, app_context):
    buyer = logged_in(app, make_user())

    assert buyer.get("/customer-center/approvals").status_code == 403


def test_approvers_are_reminded_once_per_interval(app, app_context, mailbox):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    mailbox.clear()
    later = utcnow() + timedelta(hours=25)

    first = send_reminders(later, 24)
    again = send_reminders(later, 24)
    mail = mailbox.wait_for(clara.email, "Reminder")

    assert (first, again) == (1, 0)
    assert order.number in mail.subject
    assert send_reminders(later + timedelta(hours=25), 24) == 1


def test_remind_command_uses_the_configured_hours(app, app_context):
    company, main, clara, anna = team()
    order_over_budget(anna)

    result = app.test_cli_runner().invoke(args=["approvals", "remind"])

    assert result.exit_code == 0, result.output
    assert "0 orders reminded." in result.output


def test_the_absence_date_in_a_reason_is_formatted_for_the_readers_locale(app):
    from flask_babel import force_locale

    from shop.web.labels.routing import describe_reason

    reason = {
        "kind": "deputy",
        "approver_id": 5,
        "orderer_id": 1,
        "deputy_for_id": 2,
        "absent_until": "2026-03-14",
        "names": {"2": "Max"},
    }

    with app.test_request_context():
        with force_locale("en"):
            english = describe_reason(reason)
        with force_locale("de"):
            german = describe_reason(reason)

    assert english == "deputy for Max, absent until 14 March 2026"
    assert "14. März 2026" in german
