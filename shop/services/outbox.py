"""Delivering outbox entries to the ERP: claim one, send it, record the outcome.

Several workers may run at once. A worker claims an entry by writing a lease (claimed_by,
claimed_until) in a short transaction — on PostgreSQL the candidate row is picked with
FOR UPDATE SKIP LOCKED so workers never wait on each other — and sends it outside any
transaction. A worker that dies leaves a lease that expires; another worker then sends the
entry again, which the ERP answers idempotently (SubmitOrder by the shop's order number).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from erp_bridge import ErpClient, ErpRejected, ErpUnavailable
from shop.domain.outbox import OutboxKind, OutboxStatus, retry_delay, should_park
from shop.domain.text import find_text_unfit_for_xml
from shop.extensions import db
from shop.models import Order, OutboxEntry
from shop.services import outbox_handlers
from shop.services.transactions import begin_write

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class Delivery:
    entry_id: int
    kind: str
    outcome: str  # "delivered" | "retry" | "parked"


class UnsendableText(ValueError):
    """An entry would carry text that XML 1.0 cannot hold: it could never reach the ERP."""


def enqueue(kind: OutboxKind, key: str, payload: dict) -> OutboxEntry:
    """Add an entry to the caller's transaction (the caller commits).

    Text SOAP cannot carry is refused here (#9): raising leaves the caller's transaction
    uncommitted, so the change is rolled back instead of leaving an entry that never goes.
    """
    found = _text_unfit_for_xml(kind, payload)
    if found is not None:
        raise UnsendableText(f"{kind.value} {key}: {found} holds text XML 1.0 cannot carry")
    entry = OutboxEntry(kind=kind.value, key=key, payload=payload)
    db.session.add(entry)
    return entry


def _text_unfit_for_xml(kind: OutboxKind, payload: dict) -> str | None:
    """Where the payload, or for an order what will be sent of it, holds unsendable text."""
    found = find_text_unfit_for_xml(payload)
    if found is None and kind is OutboxKind.SUBMIT_ORDER:
        # The payload names the order; its texts travel at delivery time.
        order = db.session.scalar(select(Order).where(Order.number == payload["order_number"]))
        if order is not None:
            found = find_text_unfit_for_xml(outbox_handlers.order_to_submit(order))
    return found


def claim_next(
    worker_id: str, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> OutboxEntry | None:
    """Lease the oldest due entry whose key has no earlier undelivered entry (in order)."""
    begin_write()
    earlier = aliased(OutboxEntry)
    blocked = exists().where(
        earlier.key == OutboxEntry.key,
        earlier.id < OutboxEntry.id,
        earlier.status != OutboxStatus.DELIVERED.value,
    )
    query = (
        select(OutboxEntry)
        .where(
            OutboxEntry.status == OutboxStatus.PENDING.value,
            OutboxEntry.next_attempt_at <= now,
            or_(OutboxEntry.claimed_until.is_(None), OutboxEntry.claimed_until < now),
            ~blocked,
        )
        .order_by(OutboxEntry.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=OutboxEntry)
    entry = db.session.scalar(query)
    if entry is not None:
        entry.claimed_by = worker_id
        entry.claimed_until = now + lease
    db.session.commit()
    return entry


def deliver_next(
    client: ErpClient, worker_id: str, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> Delivery | None:
    """Claim and send one entry; None when nothing is due."""
    entry = claim_next(worker_id, now, lease)
    if entry is None:
        return None
    entry_id, kind, payload, attempts = entry.id, entry.kind, dict(entry.payload), entry.attempts
    handler = outbox_handlers.HANDLERS[OutboxKind(kind)]
    try:
        result = handler.send(client, payload)
    except ErpUnavailable as error:
        parked = should_park(attempts + 1)
        _record(
            entry_id,
            worker_id,
            status=OutboxStatus.PARKED if parked else OutboxStatus.PENDING,
            attempts=attempts + 1,
            next_attempt_at=now + retry_delay(attempts + 1),
            last_error=f"ERP unavailable: {error}",
        )
        log.warning(
            "outbox entry %s (%s) failed, attempt %s: %s", entry_id, kind, attempts + 1, error
        )
        return Delivery(entry_id, kind, "parked" if parked else "retry")
    except ErpRejected as error:
        # A business fault will not go away by retrying: park it and let the handler react.
        _record(
            entry_id,
            worker_id,
            status=OutboxStatus.PARKED,
            attempts=attempts + 1,
            last_error=f"ERP rejected: {error.code}: {error.message}",
            after=lambda rejection=error: handler.on_rejected(payload, rejection, now),
        )
        log.warning("outbox entry %s (%s) rejected: %s", entry_id, kind, error)
        return Delivery(entry_id, kind, "parked")
    _record(
        entry_id,
        worker_id,
        status=OutboxStatus.DELIVERED,
        attempts=attempts + 1,
        delivered_at=now,
        result=str(result)[:100],
        last_error="",
        after=lambda: handler.on_delivered(payload, result, now),
    )
    return Delivery(entry_id, kind, "delivered")


def deliver_due(
    client: ErpClient,
    worker_id: str,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 1000,
) -> list[Delivery]:
    """Send everything due now (up to `limit` entries)."""
    deliveries = []
    while len(deliveries) < limit and (delivery := deliver_next(client, worker_id, now, lease)):
        deliveries.append(delivery)
    return deliveries


def _record(entry_id: int, worker_id: str, status: OutboxStatus, after=None, **values) -> None:
    """Write the outcome, guarded by our lease: if the lease was lost, another worker owns it."""
    begin_write()
    changed = db.session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id == entry_id, OutboxEntry.claimed_by == worker_id)
        .values(status=status.value, claimed_by=None, claimed_until=None, **values)
    )
    if changed.rowcount == 1 and after is not None:
        after()
    db.session.commit()


def parked_entries() -> list[OutboxEntry]:
    return list(
        db.session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.status == OutboxStatus.PARKED.value)
            .order_by(OutboxEntry.id)
        )
    )


def retry_parked(entry_id: int, now: datetime) -> bool:
    """An operator sends a parked entry again: it becomes due now with a fresh attempt count."""
    begin_write()
    changed = db.session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id == entry_id, OutboxEntry.status == OutboxStatus.PARKED.value)
        .values(status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now)
    )
    db.session.commit()
    return changed.rowcount == 1
