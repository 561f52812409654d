"""Delivering outbox entries to the ERP and mails to the mail server: claim one, send
it, record the outcome. The two have separate loops (deliver_due, deliver_due_mails), so
neither server's outage holds back the other's entries.

Several workers may run at once. A worker claims an entry by writing a lease (claimed_by,
claimed_until) in a short transaction — on PostgreSQL the candidate row is picked with
FOR UPDATE SKIP LOCKED so workers never wait on each other — and sends it outside any
transaction. A worker that dies leaves a lease that expires; another worker then sends the
entry again, which the ERP answers idempotently (SubmitOrder by the shop's order number).

The attempt is counted in a commit of its own before the entry is sent, so an attempt that
never records an outcome (the worker died, or anything went wrong on the way) still counts:
no entry stays pending without its attempts growing, and after the last one it is parked
(#9).

The ERP loop claims a batch of due entries in one transaction (#10): the claim only leases
them. Each entry's attempt is counted, and its lease renewed, when the worker turns to it;
what the worker did not try is released when the batch ends. A worker that dies with a
batch (a poison entry that crashes it) costs an attempt only to the entry it was sending;
the others wait out their lease and count nothing. A worker that dies after the ERP took an
entry and before recording it sends it again later: the ERP answers idempotently (SubmitOrder
by the shop's order number), with the same ERP order number.

Recording an entry's delivery, counting the next entry's attempt and reading what that one
sends are one transaction (#10); the ERP call itself runs outside any transaction.
"""

import logging
import sys
from collections.abc import Callable, Collection
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, Update, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from erp_bridge import ErpClient, ErpRejected, ErpUnavailable, OrderToSubmit
from shop.domain.outbox import (
    ERP_KINDS,
    MAIL_KINDS,
    UNAVAILABLE_PREFIX,
    DeliveryOutcome,
    OutboxKind,
    OutboxStatus,
    excerpt,
    retry_delay,
    should_park,
)
from shop.domain.text import find_text_unfit_for_xml
from shop.extensions import db
from shop.mail import MailConnection, MailNotSent, mail_connection
from shop.models import Order, OutboxEntry
from shop.models.clock import utcnow
from shop.services import mail_outbox, outbox_handlers
from shop.services.unit_of_work import end_reads, unit_of_work

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(minutes=2)
# Entries the ERP loop leases in one claim.
BATCH_SIZE = 16
_ENTRIES = OutboxEntry.__table__
_BEGIN_ATTEMPT = (
    update(_ENTRIES)
    .where(
        _ENTRIES.c.id == bindparam("entry_id"),
        _ENTRIES.c.claimed_by == bindparam("holder"),
        _ENTRIES.c.status == OutboxStatus.PENDING.value,
    )
    .values(attempts=_ENTRIES.c.attempts + 1, claimed_until=bindparam("until"))
    .returning(_ENTRIES.c.kind, _ENTRIES.c.payload, _ENTRIES.c.attempts)
)
# _record's statements by the columns they write and whether a holder is named, built once.
_RECORDS: dict[tuple[tuple[str, ...], bool], Update] = {}


@dataclass(frozen=True)
class Delivery:
    entry_id: int
    kind: str
    outcome: DeliveryOutcome


@dataclass(frozen=True)
class Claimed:
    """What a worker needs of an entry it claimed, read inside the claim's transaction (the
    entry object itself is expired by the commit and would be read again)."""

    entry_id: int
    kind: str
    payload: dict
    attempts: int


class UnsendableText(ValueError):
    """An entry would carry text that XML 1.0 cannot hold: it could never reach the ERP."""


def enqueue(
    kind: OutboxKind, key: str, payload: dict, sent: OrderToSubmit | None = None
) -> OutboxEntry:
    """Add an entry to the caller's unit of work, written with the change it announces.

    Text SOAP cannot carry is refused here (#9): the exception leaves the caller's unit of
    work, so the change is rolled back instead of leaving an entry that never goes. `sent`:
    what the entry will send, when the caller built it already (see check_sendable).
    """
    check_sendable(kind, key, payload, sent)
    entry = OutboxEntry(kind=kind.value, key=key, payload=payload)
    db.session.add(entry)
    return entry


def check_sendable(
    kind: OutboxKind, key: str, payload: dict, sent: OrderToSubmit | None = None
) -> None:
    """UnsendableText when this entry could never reach the ERP (also for an order that
    waits for review before it is queued).

    `sent` is what the entry will send (an order's OrderToSubmit) when the caller has it in
    memory: placing an order builds it from the cart instead of reading the order back (#10).
    """
    if kind in MAIL_KINDS:
        # A mail travels over SMTP, not in XML: its names and reasons may hold any text.
        return
    found = _text_unfit_for_xml(kind, payload, sent)
    if found is not None:
        raise UnsendableText(f"{kind.value} {key}: {found} holds text XML 1.0 cannot carry")


def _text_unfit_for_xml(
    kind: OutboxKind, payload: dict, sent: OrderToSubmit | None = None
) -> str | None:
    """Where the payload, or for an order what will be sent of it, holds unsendable text."""
    found = find_text_unfit_for_xml(payload)
    if found is None and kind is OutboxKind.SUBMIT_ORDER:
        if sent is None:
            # The payload names the order; its texts travel at delivery time.
            order = db.session.scalar(select(Order).where(Order.number == payload["order_number"]))
            sent = outbox_handlers.order_to_submit(order) if order is not None else None
        if sent is not None:
            found = find_text_unfit_for_xml(sent)
    return found


def claim_next(
    worker_id: str,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    kinds: Collection[OutboxKind] = ERP_KINDS,
    claimed_at: datetime | None = None,
) -> OutboxEntry | None:
    """Lease the oldest entry of these kinds due at `now` whose key has no earlier
    undelivered entry (in order), from `claimed_at` (default `now`) on, counting the attempt
    now; an entry whose last attempt never ended is parked instead."""
    claimed = _claim(worker_id, now, lease, kinds, claimed_at or now)
    return claimed[0] if claimed else None


def _claim(
    worker_id: str,
    now: datetime,
    lease: timedelta,
    kinds: Collection[OutboxKind],
    claimed_at: datetime | None = None,
) -> tuple[OutboxEntry, Claimed] | None:
    while True:
        with unit_of_work():
            entry = db.session.scalar(_due_query(now, kinds))
            if entry is None:
                return None
            if entry.claimed_by is not None:
                # The lease ran out before its holder recorded an outcome: it died or hung.
                entry.last_error = excerpt(
                    f"worker {entry.claimed_by} stopped during attempt {entry.attempts} "
                    "without recording an outcome"
                )
                log.warning("outbox entry %s: %s", entry.id, entry.last_error)
            stale = None
            if should_park(entry.attempts):
                # Its last allowed attempt never ended: no further attempt, park it (after
                # this unit, in the parking's own unit, as the lease holder it found).
                stale = (entry.id, entry.claimed_by, entry.kind, dict(entry.payload))
                reason = entry.last_error or "no attempts left"
            else:
                entry.attempts += 1
                entry.claimed_by = worker_id
                entry.claimed_until = (claimed_at or now) + lease
                claimed = Claimed(entry.id, entry.kind, dict(entry.payload), entry.attempts)
        if stale is None:
            return entry, claimed
        _park(*stale, now, reason)


def _claim_batch(
    worker_id: str,
    now: datetime,
    lease: timedelta,
    kinds: Collection[OutboxKind],
    size: int,
    claimed_at: datetime,
) -> list[int]:
    """Lease up to `size` entries due at `now` in one transaction, oldest first, from
    `claimed_at` on, without counting an attempt (_begin_attempt does, entry by entry);
    returns their ids. An entry whose last allowed attempt never ended is parked instead,
    as in _claim."""
    stale = []
    with unit_of_work():
        ids = []
        for entry in db.session.scalars(_due_query(now, kinds, size)):
            if entry.claimed_by is not None:
                # It died or hung while sending this entry, or before it got to it.
                entry.last_error = excerpt(
                    f"the lease of worker {entry.claimed_by} ran out without an outcome "
                    f"(attempts so far: {entry.attempts})"
                )
                log.warning("outbox entry %s: %s", entry.id, entry.last_error)
            if should_park(entry.attempts):
                reason = entry.last_error or "no attempts left"
                stale.append((entry.id, entry.claimed_by, entry.kind, dict(entry.payload), reason))
            else:
                ids.append(entry.id)
        if ids:
            db.session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id.in_(ids))
                .values(claimed_by=worker_id, claimed_until=claimed_at + lease),
                execution_options={"synchronize_session": False},
            )
    for entry_id, holder, kind, payload, reason in stale:
        _park(entry_id, holder, kind, payload, now, reason)
    return ids


def _begin_attempt(
    entry_id: int, worker_id: str, now: datetime, lease: timedelta
) -> Claimed | None:
    """Count an attempt of an entry this worker leased in a batch, renewing the lease from
    now, in a commit before it is sent; None when the lease went to another worker."""
    with unit_of_work():
        # A prebuilt Core statement on the unit's connection: the ORM's bulk-update path, and
        # building the statement anew, cost more CPU than running it (#10); the commit
        # expires the rest.
        row = (
            db.session.connection()
            .execute(
                _BEGIN_ATTEMPT,
                {"entry_id": entry_id, "holder": worker_id, "until": now + lease},
            )
            .one_or_none()
        )
    return None if row is None else Claimed(entry_id, row.kind, dict(row.payload), row.attempts)


def _release(entry_ids: Collection[int], worker_id: str) -> None:
    """Give back leased entries this worker did not try: their attempts were not counted."""
    with unit_of_work():
        db.session.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.id.in_(list(entry_ids)),
                OutboxEntry.claimed_by == worker_id,
                OutboxEntry.status == OutboxStatus.PENDING.value,
            )
            .values(claimed_by=None, claimed_until=None),
            execution_options={"synchronize_session": False},
        )


def _due_query(now: datetime, kinds: Collection[OutboxKind], size: int = 1) -> Select:
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
            OutboxEntry.kind.in_([kind.value for kind in kinds]),
            OutboxEntry.next_attempt_at <= now,
            or_(OutboxEntry.claimed_until.is_(None), OutboxEntry.claimed_until < now),
            ~blocked,
        )
        .order_by(OutboxEntry.id)
        .limit(size)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=OutboxEntry)
    return query


def deliver_next(
    client: ErpClient, worker_id: str, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> Delivery | None:
    """Claim and send one entry; None when nothing is due.

    Whatever goes wrong with one entry (the ERP, its data, a bug in its handler) is recorded
    on that entry as a failed attempt; it never stops the worker or blocks other entries.
    """
    claimed = _claim(worker_id, now, lease, ERP_KINDS)
    if claimed is None:
        return None
    return _send_claimed(client, worker_id, claimed[1], now)


@dataclass(frozen=True)
class _Ready:
    """An entry whose attempt is counted, with what its handler sends."""

    entry: Claimed
    handler: outbox_handlers.Handler
    request: Any


@dataclass(frozen=True)
class _Sent:
    """An entry the ERP took whose outcome is not recorded yet."""

    entry: Claimed
    handler: outbox_handlers.Handler
    result: Any
    at: datetime


def _send_claimed(client: ErpClient, worker_id: str, entry: Claimed, now: datetime) -> Delivery:
    """Send an entry whose attempt is counted, and record the outcome."""
    ready = _prepare_alone(entry, worker_id, now)
    if isinstance(ready, Delivery):
        return ready
    sent = _send(client, ready, worker_id, now)
    return sent if isinstance(sent, Delivery) else _record_delivered(sent, worker_id)


def _prepare(entry: Claimed) -> _Ready:
    handler = outbox_handlers.HANDLERS[OutboxKind(entry.kind)]
    return _Ready(entry, handler, handler.prepare(entry.payload))


def _prepare_alone(entry: Claimed, worker_id: str, now: datetime) -> _Ready | Delivery:
    """Read what an entry sends in a read of its own; poison data is a failed attempt."""
    try:
        ready = _prepare(entry)
    except Exception as error:  # poison data, a handler's bug: still an attempt with a reason
        log.exception("outbox entry %s (%s) could not be sent", entry.entry_id, entry.kind)
        return _fail(
            entry.entry_id,
            worker_id,
            entry.kind,
            entry.payload,
            entry.attempts,
            now,
            _describe(error),
        )
    # No transaction stays open while the ERP answers.
    end_reads()
    return ready


def _send(client: ErpClient, ready: _Ready, worker_id: str, now: datetime) -> _Sent | Delivery:
    """Send an entry; a failure is recorded at once, a success is left to record."""
    entry = ready.entry
    entry_id, kind, payload, attempts = entry.entry_id, entry.kind, entry.payload, entry.attempts
    try:
        result = ready.handler.send(client, ready.request)
    except ErpRejected as error:
        # A business fault will not go away by retrying: park it and let the handler react.
        reason = excerpt(f"ERP rejected: {error.code}: {error.message}")
        log.warning("outbox entry %s (%s) rejected: %s", entry_id, kind, reason)
        _park(entry_id, worker_id, kind, payload, now, reason, note=error.message)
        return Delivery(entry_id, kind, DeliveryOutcome.PARKED)
    except ErpUnavailable as error:
        return _fail(
            entry_id, worker_id, kind, payload, attempts, now, UNAVAILABLE_PREFIX + str(error)
        )
    except Exception as error:  # a handler's bug: still an attempt with a reason
        log.exception("outbox entry %s (%s) could not be sent", entry_id, kind)
        return _fail(entry_id, worker_id, kind, payload, attempts, now, _describe(error))
    return _Sent(ready.entry, ready.handler, result, now)


def _record_delivery(sent: _Sent, worker_id: str) -> None:
    entry = sent.entry
    _record(
        entry.entry_id,
        worker_id,
        status=OutboxStatus.DELIVERED,
        delivered_at=sent.at,
        result=str(sent.result)[:100],
        last_error="",
        after=lambda: sent.handler.on_delivered(entry.payload, sent.result, sent.at),
    )


def _record_delivered(sent: _Sent, worker_id: str) -> Delivery:
    """Record a delivery in a unit of work of its own."""
    entry = sent.entry
    entry_id, kind, payload, attempts = entry.entry_id, entry.kind, entry.payload, entry.attempts
    try:
        _record_delivery(sent, worker_id)
    except Exception as error:
        # The unit of work rolled the recording back.
        log.exception("outbox entry %s (%s): recording the delivery failed", entry_id, kind)
        # Sent but not recorded: try again later (the ERP answers a resend idempotently).
        reason = f"recording the delivery failed: {_describe(error)}"
        return _fail(entry_id, worker_id, kind, payload, attempts, sent.at, reason)
    return Delivery(entry_id, kind, DeliveryOutcome.DELIVERED)


def _record_and_begin(
    sent: _Sent | None, following: int | None, worker_id: str, now: datetime, lease: timedelta
) -> tuple[Delivery | None, _Ready | Delivery | None]:
    """Record the delivery of `sent`, count the attempt of `following` and read what it
    sends, in one transaction (#10): one commit per entry where there were three
    transactions. A crash before the commit leaves `sent` unrecorded (sent again after its
    lease, answered idempotently) and `following` untried; after it, as if done apart.

    If a part fails, nothing of it is written: the parts are done again one by one, each
    with its own way of failing (an unrecordable delivery or unreadable data is a failed
    attempt of that entry alone)."""
    try:
        with unit_of_work():
            if sent is not None:
                _record_delivery(sent, worker_id)
            claimed = None
            if following is not None:
                claimed = _begin_attempt(following, worker_id, now, lease)
            ready = None if claimed is None else _prepare(claimed)
    except Exception as error:
        log.info("outbox: recording and beginning together failed (%s): one by one", error)
    else:
        delivered = None
        if sent is not None:
            delivered = Delivery(sent.entry.entry_id, sent.entry.kind, DeliveryOutcome.DELIVERED)
        return delivered, ready
    delivered = None if sent is None else _record_delivered(sent, worker_id)
    claimed = None if following is None else _begin_attempt(following, worker_id, now, lease)
    return delivered, None if claimed is None else _prepare_alone(claimed, worker_id, now)


def deliver_due(
    client: ErpClient,
    worker_id: str,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 1000,
) -> list[Delivery]:
    """Send everything due now for the ERP (up to `limit` entries), claimed in batches."""
    clock = _round_clock(now)
    deliveries: list[Delivery] = []
    while len(deliveries) < limit:
        size = min(BATCH_SIZE, limit - len(deliveries))
        # Due as the round began: an entry that failed in this round waits for the next.
        untried = _claim_batch(worker_id, now, lease, ERP_KINDS, size, clock())
        if not untried:
            break
        sent: _Sent | None = None
        try:
            while untried or sent is not None:
                moment = clock()
                following = untried[0] if untried else None
                delivered, ready = _record_and_begin(sent, following, worker_id, moment, lease)
                sent = None
                if following is not None:
                    untried.pop(0)
                if delivered is not None:
                    deliveries.append(delivered)
                if isinstance(ready, _Ready):
                    ready = _send(client, ready, worker_id, moment)
                if isinstance(ready, _Sent):
                    sent = ready
                elif ready is not None:
                    deliveries.append(ready)
        finally:
            if untried:
                _release(untried, worker_id)
    return deliveries


def _round_clock(now: datetime) -> Callable[[], datetime]:
    """`now` moved on by the time the round has taken so far.

    Each entry's lease runs from its own claim: a lease counted from the start of a round
    that lasts longer than a lease was over before the entry was sent, and another worker
    took it over mid-send (the ERP received the order twice).
    """
    started = utcnow()
    return lambda: now + (utcnow() - started)


def deliver_due_mails(
    worker_id: str, now: datetime, lease: timedelta = DEFAULT_LEASE, limit: int = 1000
) -> list[Delivery]:
    """Send the mail entries due now (up to `limit`) over one SMTP connection.

    Each mail is rendered now from the current data. A mail server that cannot be reached
    or refuses a mail is a failed attempt (retried with backoff, parked after the last);
    a mail whose order is gone is parked at once with the reason.
    """
    clock = _round_clock(now)
    deliveries: list[Delivery] = []
    with _MailBatch() as batch:
        while len(deliveries) < limit:
            moment = clock()
            entry = claim_next(worker_id, now, lease, MAIL_KINDS, claimed_at=moment)
            if entry is None:
                break
            deliveries.append(_deliver_mail(batch, entry, worker_id, moment))
    return deliveries


def _deliver_mail(
    batch: "_MailBatch", entry: OutboxEntry, worker_id: str, now: datetime
) -> Delivery:
    entry_id, kind, payload, attempts = entry.id, entry.kind, dict(entry.payload), entry.attempts
    try:
        message = mail_outbox.compose_queued_mail(payload)
    except mail_outbox.MailObsolete as error:
        _park(entry_id, worker_id, kind, payload, now, excerpt(f"nothing to mail: {error}"))
        return Delivery(entry_id, kind, DeliveryOutcome.PARKED)
    except Exception as error:  # a template's or the data's fault: an attempt with a reason
        log.exception("outbox entry %s (%s) could not be rendered", entry_id, kind)
        return _fail(entry_id, worker_id, kind, payload, attempts, now, _describe(error))
    try:
        batch.send(message)
    except MailNotSent as error:
        return _fail(entry_id, worker_id, kind, payload, attempts, now, f"mail not sent: {error}")
    try:
        _record(
            entry_id,
            worker_id,
            status=OutboxStatus.DELIVERED,
            delivered_at=now,
            result=str(message["Message-ID"])[:100],
            last_error="",
        )
    except Exception as error:
        # Sent but not recorded: sent again later (a duplicate mail rather than a lost one).
        log.exception("outbox entry %s (%s): recording the delivery failed", entry_id, kind)
        reason = f"recording the delivery failed: {_describe(error)}"
        return _fail(entry_id, worker_id, kind, payload, attempts, now, reason)
    return Delivery(entry_id, kind, DeliveryOutcome.DELIVERED)


class _MailBatch:
    """One SMTP connection for a batch of mails, opened for the first mail and again after
    a failed one (the server may have dropped it)."""

    def __init__(self) -> None:
        self._stack: ExitStack | None = None
        self._connection: MailConnection | None = None

    def __enter__(self) -> "_MailBatch":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def send(self, message) -> None:
        if self._connection is None:
            stack = ExitStack()
            self._connection = stack.enter_context(mail_connection())
            self._stack = stack
        try:
            self._connection.send(message)
        except MailNotSent:
            self.close()
            raise

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
        self._stack = self._connection = None


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _fail(
    entry_id: int,
    worker_id: str,
    kind: str,
    payload: dict,
    attempts: int,
    now: datetime,
    reason: str,
) -> Delivery:
    """A failed attempt: try again after a backoff, or park after the last one."""
    reason = excerpt(reason)
    log.warning("outbox entry %s (%s) failed, attempt %s: %s", entry_id, kind, attempts, reason)
    if should_park(attempts):
        _park(entry_id, worker_id, kind, payload, now, reason)
        return Delivery(entry_id, kind, DeliveryOutcome.PARKED)
    _record(
        entry_id,
        worker_id,
        status=OutboxStatus.PENDING,
        next_attempt_at=now + retry_delay(attempts),
        last_error=reason,
    )
    return Delivery(entry_id, kind, DeliveryOutcome.RETRY)


def _park(
    entry_id: int,
    holder: str | None,
    kind: str,
    payload: dict,
    now: datetime,
    reason: str,
    note: str = "",
) -> None:
    """Give up on an entry and let its handler react (an order goes on hold).

    If the handler itself fails, the entry is parked all the same, with both reasons: a
    parked entry must never depend on the code that could not deal with it.
    """
    try:
        handler = outbox_handlers.HANDLERS.get(OutboxKind(kind))
    except ValueError:  # a kind this code does not know: nothing to react with
        handler = None
    try:
        _record(
            entry_id,
            holder,
            status=OutboxStatus.PARKED,
            last_error=reason,
            after=None if handler is None else lambda: handler.on_parked(payload, now, note),
        )
    except Exception as error:
        # The unit of work rolled back the parking and the handler's reaction alike.
        log.exception("outbox entry %s (%s): reacting to parking failed", entry_id, kind)
        reason = excerpt(f"{reason}; then parking it failed: {_describe(error)}")
        _record(entry_id, holder, status=OutboxStatus.PARKED, last_error=reason)


def _record(
    entry_id: int,
    holder: str | None,
    status: OutboxStatus,
    after: Callable[[], None] | None = None,
    **values,
) -> bool:
    """Write the outcome, guarded by the lease: if the lease was lost, another worker owns it.

    The outcome and the handler's reaction (`after`) are one unit of work: if the reaction
    fails, neither is written.
    """
    names = tuple(sorted(values))
    with unit_of_work():
        # Core, prebuilt, as in _begin_attempt.
        changed = db.session.connection().execute(
            _record_statement(names, holder is not None),
            {
                "entry_id": entry_id,
                "holder": holder,
                "new_status": status.value,
                **{f"new_{name}": values[name] for name in names},
            },
        )
        if changed.rowcount == 1 and after is not None:
            after()
    return changed.rowcount == 1


def _record_statement(names: tuple[str, ...], held: bool) -> Update:
    """The lease-guarded UPDATE that writes an outcome with these columns."""
    statement = _RECORDS.get((names, held))
    if statement is None:
        holder = _ENTRIES.c.claimed_by
        statement = (
            update(_ENTRIES)
            .where(
                _ENTRIES.c.id == bindparam("entry_id"),
                holder == bindparam("holder") if held else holder.is_(None),
                _ENTRIES.c.status == OutboxStatus.PENDING.value,
            )
            .values(
                status=bindparam("new_status"),
                claimed_by=None,
                claimed_until=None,
                **{name: bindparam(f"new_{name}") for name in names},
            )
        )
        _RECORDS[(names, held)] = statement
    return statement


def listed_entries(parked_only: bool) -> list[OutboxEntry]:
    """The entries an operator looks at: parked ones, or all, oldest first."""
    query = select(OutboxEntry).order_by(OutboxEntry.id)
    if parked_only:
        query = query.where(OutboxEntry.status == OutboxStatus.PARKED.value)
    return list(db.session.scalars(query))


def undelivered_entries(limit: int = 500) -> list[OutboxEntry]:
    """Parked and pending entries, oldest first, for the back office's outbox page."""
    return list(
        db.session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.status.in_((OutboxStatus.PENDING.value, OutboxStatus.PARKED.value)))
            .order_by(OutboxEntry.id)
            .limit(limit)
        )
    )


def entries_held_back() -> dict[int, int]:
    """Pending entries that wait for an earlier undelivered entry of their key (in order),
    by id, with the id of the earliest such entry."""
    earlier = aliased(OutboxEntry)
    rows = db.session.execute(
        select(OutboxEntry.id, func.min(earlier.id))
        .join(earlier, (earlier.key == OutboxEntry.key) & (earlier.id < OutboxEntry.id))
        .where(
            OutboxEntry.status == OutboxStatus.PENDING.value,
            earlier.status != OutboxStatus.DELIVERED.value,
        )
        .group_by(OutboxEntry.id)
    )
    return {entry_id: first for entry_id, first in rows}


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
    return retry_parked_entries([entry_id], now) == [entry_id]


def retry_parked_entries(entry_ids: Collection[int] | None, now: datetime) -> list[int]:
    """Make these parked entries (None: every parked one) due now with fresh attempt counts;
    returns the ids that were parked."""
    query = select(OutboxEntry.id).where(OutboxEntry.status == OutboxStatus.PARKED.value)
    if entry_ids is not None:
        query = query.where(OutboxEntry.id.in_(list(entry_ids)))
    with unit_of_work():
        ids = list(db.session.scalars(query.order_by(OutboxEntry.id)))
        if ids:
            db.session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id.in_(ids), OutboxEntry.status == OutboxStatus.PARKED.value)
                .values(status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now)
            )
    return ids


def push(
    client: ErpClient, worker_id: str, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> list[Delivery]:
    """After an outage, an operator's push: every pending and parked entry is sent now, in
    order (parked ones with fresh attempts)."""
    make_all_due(now)
    return deliver_due(client, worker_id, now, lease, limit=sys.maxsize)


def make_all_due(now: datetime) -> int:
    """Every parked entry gets fresh attempts and every pending one stops waiting out its
    backoff: all are due now. Returns how many pending entries there are now."""
    parked = retry_parked_entries(None, now)
    with unit_of_work():
        waiting = db.session.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.status == OutboxStatus.PENDING.value, OutboxEntry.next_attempt_at > now
            )
            .values(next_attempt_at=now)
        ).rowcount
        due = db.session.scalar(
            select(func.count(OutboxEntry.id)).where(
                OutboxEntry.status == OutboxStatus.PENDING.value
            )
        )
    log.info("outbox push: %s parked and %s waiting entries are due now", len(parked), waiting)
    return due


def _waiting_for_erp(now: datetime) -> tuple[ColumnElement[bool], ...]:
    # Failed only because the ERP could not be reached, now waiting out the backoff.
    return (
        OutboxEntry.status == OutboxStatus.PENDING.value,
        OutboxEntry.next_attempt_at > now,
        OutboxEntry.last_error.startswith(UNAVAILABLE_PREFIX, autoescape=True),
    )


def entries_wait_for_erp(now: datetime) -> bool:
    """Are entries waiting out a backoff because the ERP could not be reached?"""
    waiting = db.session.scalar(select(exists().where(*_waiting_for_erp(now))))
    # The caller pings the ERP next: no transaction stays open while it waits.
    end_reads()
    return bool(waiting)


def make_waiting_due(now: datetime) -> int:
    """The ERP answers again: entries that failed because it could not be reached are due
    now instead of after their backoff. Returns how many."""
    with unit_of_work():
        changed = db.session.execute(
            update(OutboxEntry).where(*_waiting_for_erp(now)).values(next_attempt_at=now)
        ).rowcount
    return changed
