"""The ERP loop leases entries in batches (#10) and keeps every promise of one-at-a-time
claims: an attempt is counted only for an entry that is tried, entries of one key go out in
order within a round, and a worker that dies with a batch costs the others nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.domain.outbox import OutboxKind
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services import outbox
from shop.services.outbox import deliver_due, enqueue
from shop.services.unit_of_work import unit_of_work
from tests.factories import make_company, make_order, make_user

LEASE = timedelta(minutes=2)


class _Crash(BaseException):
    """The worker process dies here (nothing after it runs in that worker)."""


class _DiesOnFirstOrder:
    def submit_order(self, order):
        raise _Crash


class _DiesAfterTheErpTookIt:
    def __init__(self) -> None:
        self.answers = []

    def submit_order(self, order):
        self.answers.append(erp_client().submit_order(order))
        raise _Crash


def _orders(count: int) -> list[str]:
    user = make_user(make_company(customer_number="10001"))
    return [make_order(user).number for _ in range(count)]


def _erp_entries() -> list[OutboxEntry]:
    db.session.remove()
    kinds = [OutboxKind.SUBMIT_ORDER.value, OutboxKind.RELEASE_ORDER.value]
    return list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind.in_(kinds)).order_by(OutboxEntry.id)
        )
    )


def test_a_worker_dying_with_a_batch_costs_an_attempt_only_to_the_entry_it_was_sending(
    app_context, erp, monkeypatch
):
    orders = _orders(3)
    now = utcnow()
    with monkeypatch.context() as dying:
        dying.setattr(outbox, "_release", lambda *_: None)  # a dead worker releases nothing
        with pytest.raises(_Crash):
            deliver_due(_DiesOnFirstOrder(), "doomed", now, LEASE)

    still_leased = deliver_due(erp_client(), "next", now + timedelta(seconds=1), LEASE)
    after_lease = deliver_due(erp_client(), "next", now + LEASE + timedelta(seconds=1), LEASE)

    assert still_leased == []
    assert [d.outcome for d in after_lease] == ["delivered"] * 3
    assert [e.attempts for e in _erp_entries()] == [2, 1, 1]
    received = erp.orders()
    assert [received[number]["received"] for number in orders] == [1, 1, 1]


def test_entries_a_stopped_worker_did_not_try_are_released_at_once_without_an_attempt(
    app_context, erp
):
    _orders(3)
    now = utcnow()
    with pytest.raises(_Crash):
        deliver_due(_DiesOnFirstOrder(), "stopping", now, LEASE)

    entries = _erp_entries()
    assert [(e.attempts, e.claimed_by) for e in entries[1:]] == [(0, None), (0, None)]
    taken = deliver_due(erp_client(), "next", now, LEASE)
    assert [d.entry_id for d in taken] == [e.id for e in entries[1:]]


def test_a_round_sends_each_order_before_its_release_and_both_once(app_context, erp):
    orders = _orders(BATCH := outbox.BATCH_SIZE + 3)
    with unit_of_work():
        for number in orders:
            enqueue(OutboxKind.RELEASE_ORDER, f"order:{number}", {"order_number": number})

    deliveries = deliver_due(erp_client(), "worker-1", utcnow(), LEASE)

    assert [d.outcome for d in deliveries] == ["delivered"] * (2 * BATCH)
    entries = _erp_entries()
    assert {e.status for e in entries} == {"delivered"}
    submitted = {e.payload["order_number"]: e.id for e in entries if e.kind == "submit_order"}
    order_of = {d.entry_id: i for i, d in enumerate(deliveries)}
    for entry in entries:
        if entry.kind == "release_order":
            assert order_of[entry.id] > order_of[submitted[entry.payload["order_number"]]]
    received = erp.orders()
    assert all(received[number]["received"] == 1 for number in orders)
    assert all(received[number]["released"] for number in orders)


def test_an_order_sent_from_a_batch_but_not_recorded_is_sent_again_with_its_erp_number(
    app_context, erp, monkeypatch
):
    (number,) = _orders(1)
    now = utcnow()
    dies = _DiesAfterTheErpTookIt()
    with monkeypatch.context() as dying:
        dying.setattr(outbox, "_release", lambda *_: None)
        with pytest.raises(_Crash):
            deliver_due(dies, "doomed", now, LEASE)

    again = deliver_due(erp_client(), "next", now + LEASE + timedelta(seconds=1), LEASE)

    assert [d.outcome for d in again] == ["delivered"]
    received = erp.orders()[number]
    # The ERP is idempotent by the order number: the second call got the first answer.
    assert received["received"] == 2 and received["erpOrderNumber"] == dies.answers[0]
    assert _erp_entries()[0].result == dies.answers[0]
