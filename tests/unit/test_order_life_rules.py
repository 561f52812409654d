"""The rules for ERP order updates, payment status and tracking links (§8, #16)."""

from datetime import date

import pytest

from shop.domain.approvals import OrderEvent as E
from shop.domain.order_life import (
    ParkReason,
    PaymentStatus,
    UpdatePlan,
    can_hold,
    is_overdue,
    needs_release,
    parse_tracking_templates,
    payment_status,
    plan_update,
    tracking_link,
    waits_for_payment,
)
from shop.domain.orders import OrderStatus as S


@pytest.mark.parametrize(
    ("kind", "state", "events"),
    [
        ("confirmed", S.TRANSMITTED, (E.CONFIRM,)),
        ("paid", S.CONFIRMED, (E.PAY,)),
        ("shipped", S.CONFIRMED, (E.SHIP,)),
        ("shipped", S.PAID, (E.SHIP,)),
        ("invoiced", S.SHIPPED, (E.INVOICE,)),
        ("delivered", S.INVOICED, (E.DELIVER,)),
        ("rejected", S.TRANSMITTED, (E.HOLD,)),
        ("rejected", S.PLACED, (E.HOLD,)),
        # the ERP has the order although the submit's answer is not recorded yet
        ("confirmed", S.PLACED, (E.TRANSMIT, E.CONFIRM)),
    ],
)
def test_an_update_moves_the_order_by_its_event(kind, state, events):
    assert plan_update(kind, state, "invoice") == UpdatePlan(events=events)


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        ("shipped", S.SHIPPED),
        ("shipped", S.INVOICED),
        ("invoiced", S.INVOICED),
        ("invoiced", S.DELIVERED),
        ("paid", S.PAID),
        ("paid", S.INVOICED),
        ("paid", S.DELIVERED),
    ],
)
def test_a_further_parcel_invoice_or_payment_is_recorded_without_a_transition(kind, state):
    assert plan_update(kind, state, "invoice") == UpdatePlan()


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        ("delivered", S.TRANSMITTED),
        ("invoiced", S.CONFIRMED),
        ("confirmed", S.SHIPPED),
        ("confirmed", S.ON_HOLD),
        ("shipped", S.AWAITING_APPROVAL),
        ("paid", S.WITHDRAWN),
        ("rejected", S.DELIVERED),
    ],
)
def test_an_update_the_state_machine_refuses_is_parked(kind, state):
    assert plan_update(kind, state, "invoice").park == ParkReason.NOT_ALLOWED


def test_an_update_for_no_order_is_parked_as_unknown():
    assert plan_update("confirmed", None, "").park == ParkReason.UNKNOWN_ORDER


def test_an_update_of_a_kind_the_shop_does_not_know_is_parked():
    assert plan_update("returned", S.DELIVERED, "invoice").park == ParkReason.UNKNOWN_KIND


def test_an_update_behind_a_parked_one_of_the_same_order_is_parked_too():
    plan = plan_update("confirmed", S.TRANSMITTED, "invoice", earlier_update_parked=True)

    assert plan.park == ParkReason.BEHIND_PARKED


@pytest.mark.parametrize("state", [S.CONFIRMED, S.TRANSMITTED, S.PLACED])
def test_an_unpaid_prepayment_order_does_not_ship(state):
    assert plan_update("shipped", state, "prepayment").park == ParkReason.NOT_PAID


def test_a_paid_prepayment_order_ships_and_an_on_account_order_ships_at_once():
    assert plan_update("shipped", S.PAID, "prepayment").events == (E.SHIP,)
    assert plan_update("shipped", S.CONFIRMED, "invoice").events == (E.SHIP,)


def test_only_prepayment_orders_before_payment_wait_for_it():
    assert waits_for_payment("prepayment", S.CONFIRMED)
    assert not waits_for_payment("prepayment", S.PAID)
    assert not waits_for_payment("invoice", S.CONFIRMED)


def test_the_payment_of_a_prepayment_order_releases_it():
    assert needs_release("prepayment", E.PAY)
    assert not needs_release("invoice", E.PAY)
    assert not needs_release("prepayment", E.SHIP)


@pytest.mark.parametrize(
    ("state", "holdable"),
    [(S.TRANSMITTED, True), (S.PAID, True), (S.SHIPPED, False), (S.ON_HOLD, False), (None, False)],
)
def test_a_parked_update_holds_the_order_only_before_shipment(state, holdable):
    assert can_hold(state) is holdable


@pytest.mark.parametrize(
    ("method", "state", "paid", "invoiced", "status"),
    [
        ("prepayment", S.CONFIRMED, False, False, PaymentStatus.AWAITING_PREPAYMENT),
        ("prepayment", S.PAID, False, False, PaymentStatus.PAID),
        ("invoice", S.CONFIRMED, False, False, PaymentStatus.ON_ACCOUNT),
        ("invoice", S.INVOICED, False, True, PaymentStatus.INVOICE_DUE),
        ("invoice", S.DELIVERED, True, True, PaymentStatus.PAID),
    ],
)
def test_the_payment_status_follows_method_payments_and_invoices(
    method, state, paid, invoiced, status
):
    assert payment_status(method, state, paid, invoiced) == status


def test_an_unpaid_invoice_is_overdue_only_after_its_due_date():
    due = date(2026, 12, 1)

    assert not is_overdue(due, date(2026, 12, 1), paid=False)
    assert is_overdue(due, date(2026, 12, 2), paid=False)
    assert not is_overdue(due, date(2026, 12, 2), paid=True)
    assert not is_overdue(None, date(2026, 12, 2), paid=False)


def test_tracking_templates_are_read_per_carrier_and_broken_entries_are_left_out():
    templates = parse_tracking_templates(
        " DHL = https://dhl.example/t?c={tracking} ;UPS=https://ups.example/{tracking};"
        "GLS=https://gls.example/no-placeholder;DPD=javascript:alert({tracking});junk"
    )

    assert templates == {
        "dhl": "https://dhl.example/t?c={tracking}",
        "ups": "https://ups.example/{tracking}",
    }


def test_the_configured_tracking_link_wins_over_the_erps_and_quotes_the_number():
    templates = {"dhl": "https://dhl.example/t?c={tracking}"}

    link = tracking_link("Dhl", "00 34/5&x", "https://erp.example/parcel", templates)

    assert link == "https://dhl.example/t?c=00%2034%2F5%26x"


def test_a_carrier_without_a_template_gets_the_erps_link_if_it_is_a_web_address():
    assert tracking_link("GLS", "1", "https://gls.example/1", {}) == "https://gls.example/1"
    assert tracking_link("GLS", "1", "javascript:alert(1)", {}) == ""
    assert tracking_link("GLS", "1", "", {}) == ""
