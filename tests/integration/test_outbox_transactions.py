"""The ERP loop records an entry's delivery, counts the next entry's attempt and reads what
that one sends in one transaction (#10), and still neither loses nor duplicates an entry
when a worker dies in between."""

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from shop.domain.outbox import OutboxKind
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services import outbox
from shop.services.outbox import deliver_due
from shop.services.unit_of_work import end_reads
from tests.factories import make_company, make_order, make_user

LEASE = timedelta(minutes=2)


class _Crash(BaseException):
    """The worker process dies here (nothing after it runs in that worker)."""


def _orders(count: int) -> list[str]:
    user = make_user(make_company(customer_number="10001"))
    return [make_order(user).number for _ in range(count)]


def _erp_entries() -> list[OutboxEntry]:
    db.session.remove()
    return list(
        db.session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.kind == OutboxKind.SUBMIT_ORDER.value)
            .order_by(OutboxEntry.id)
        )
    )


def test_a_round_ends_one_transaction_per_entry_and_none_holds_the_erp_call(app_context, erp):
    _orders(4)
    end_reads()
    ended = []
    on_commit = lambda connection: ended.append("commit")  # noqa: E731
    on_rollback = lambda connection: ended.append("rollback")  # noqa: E731
    event.listen(db.engine, "commit", on_commit)
    event.listen(db.engine, "rollback", on_rollback)
    try:
        deliveries = deliver_due(erp_client(), "worker-1", utcnow(), LEASE)
    finally:
        event.remove(db.engine, "commit", on_commit)
        event.remove(db.engine, "rollback", on_rollback)

    assert [d.outcome for d in deliveries] == ["delivered"] * 4
    # The batch's claim; each entry's attempt with the previous one's recording; the last
    # recording; the claim that finds nothing more. No read transaction left to roll back.
    assert ended == ["commit"] * (1 + 4 + 1 + 1)


def test_a_worker_dying_between_one_entry_sent_and_the_next_begun_loses_neither(
    app_context, erp, monkeypatch
):
    first, second = _orders(2)
    now = utcnow()
    prepared = []
    prepare = outbox._prepare

    def dies_on_the_second(entry):
        prepared.append(entry.entry_id)
        if len(prepared) == 2:
            raise _Crash
        return prepare(entry)

    with monkeypatch.context() as dying:
        dying.setattr(outbox, "_prepare", dies_on_the_second)
        dying.setattr(outbox, "_release", lambda *_: None)  # a dead worker releases nothing
        with pytest.raises(_Crash):
            deliver_due(erp_client(), "doomed", now, LEASE)

    # The first was sent; its recording died with the second's attempt, which never counted.
    assert [(e.status, e.attempts) for e in _erp_entries()] == [("pending", 1), ("pending", 0)]
    again = deliver_due(erp_client(), "next", now + LEASE + timedelta(seconds=1), LEASE)

    assert [d.outcome for d in again] == ["delivered"] * 2
    received = erp.orders()
    # The ERP answered the resend idempotently, with the ERP order number of the first call.
    assert received[first]["received"] == 2 and received[second]["received"] == 1
    entries = _erp_entries()
    assert entries[0].result == received[first]["erpOrderNumber"]
    assert [e.attempts for e in entries] == [2, 1]
