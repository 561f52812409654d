"""Poison entries: data the ERP call cannot even be built from must not stay stuck (#9).

A NUL or another character XML 1.0 forbids in an order or a contact makes the SOAP client
fail while serialising, before anything reaches the ERP. Such an entry must still count its
attempts, be parked with the reason after the last one and (an order) go on hold.

The poison is written at the database level, as data that got in before the forms refused
it: PostgreSQL cannot store NUL in a text column, so there the poison is ESC only.
"""

from datetime import timedelta

from sqlalchemy import select

from shop.domain.orders import OrderStatus
from shop.domain.outbox import MAX_ATTEMPTS, OutboxKind
from shop.erp import erp_client
from shop.extensions import db
from shop.models import Order, OutboxEntry
from shop.models.clock import utcnow
from shop.services import outbox_handlers
from shop.services.outbox import claim_next, deliver_due
from tests.factories import make_company, make_order, make_user


def poison_characters() -> list[str]:
    forbidden_in_xml = ["\x1b"]
    if db.engine.dialect.name == "sqlite":
        forbidden_in_xml.append("\x00")
    return forbidden_in_xml


def poisoned_order(user, character: str) -> Order:
    order = make_order(user)
    order.comment = f"A{character}B"
    db.session.commit()
    return order


def poisoned_contact_update(user, character: str) -> OutboxEntry:
    entry = OutboxEntry(
        kind="upsert_contact",
        key=f"contact:{user.id}",
        payload={
            "customer_number": user.company.customer_number,
            "contact_id": None,
            "user_id": user.id,
            "name": f"Jane{character}Doe",
            "email": user.email,
            "phone": "",
        },
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def entries() -> list[OutboxEntry]:
    db.session.expire_all()
    # The entries for the ERP (the orders' mails have entries of their own).
    return list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind != "send_mail").order_by(OutboxEntry.id)
        )
    )


def test_poison_orders_and_contact_updates_count_attempts_and_are_parked_with_the_reason(
    app, app_context, erp
):
    user = make_user(make_company(customer_number="10001"))
    orders = [poisoned_order(user, character) for character in poison_characters()]
    for character in poison_characters():
        poisoned_contact_update(make_user(user.company), character)
    healthy = make_order(user)
    now = utcnow()

    attempts_per_round = []
    for round_number in range(MAX_ATTEMPTS):
        deliver_due(erp_client(), "worker-1", now + timedelta(days=round_number))
        attempts_per_round.append(
            {e.id: e.attempts for e in entries() if e.key != f"order:{healthy.number}"}
        )

    for round_number, attempts in enumerate(attempts_per_round, start=1):
        assert set(attempts.values()) == {round_number}
    poison = [e for e in entries() if e.key != f"order:{healthy.number}"]
    assert {e.status for e in poison} == {"parked"}
    assert all("XML" in e.last_error for e in poison), [e.last_error for e in poison]
    listed = app.test_cli_runner().invoke(args=["erp", "outbox"])
    assert all(f"#{e.id} parked" in listed.output for e in poison), listed.output
    for order in orders:
        db.session.refresh(order)
        assert order.status == OrderStatus.ON_HOLD.value
    db.session.refresh(healthy)
    assert healthy.status == OrderStatus.TRANSMITTED.value
    assert list(erp.orders()) == [healthy.number]


def test_a_pending_entry_never_stays_at_zero_attempts_across_leases(app_context, erp):
    order = make_order(make_user(make_company(customer_number="10001")))
    lease = timedelta(minutes=2)
    now = utcnow()

    # A worker claims the entry and dies without recording anything, three times over.
    seen = []
    for period in range(3):
        claimed = claim_next(
            f"doomed-{period}", now + period * (lease + timedelta(seconds=1)), lease
        )
        assert claimed is not None
        seen.append(entries()[0].attempts)

    assert seen == [1, 2, 3]
    assert "doomed-2" not in entries()[0].last_error and "doomed-1" in entries()[0].last_error
    assert order.number in entries()[0].key


class BuggyContactHandler:
    """A handler with bugs: sending fails, and so does its reaction to being parked."""

    def prepare(self, payload):
        return payload

    def send(self, client, payload):
        raise KeyError("phone_number")

    def on_delivered(self, payload, result, now):
        raise AssertionError("never delivered")

    def on_parked(self, payload, now, note=""):
        raise RuntimeError("cannot react")


def test_a_handler_bug_counts_attempts_and_the_entry_is_parked_all_the_same(
    app_context, erp, monkeypatch
):
    monkeypatch.setitem(outbox_handlers.HANDLERS, OutboxKind.UPSERT_CONTACT, BuggyContactHandler())
    user = make_user(make_company(customer_number="10001"))
    poisoned_contact_update(user, "")
    now = utcnow()

    attempts = []
    for round_number in range(MAX_ATTEMPTS):
        deliver_due(erp_client(), "worker-1", now + timedelta(days=round_number))
        attempts.append(entries()[0].attempts)

    assert attempts == list(range(1, MAX_ATTEMPTS + 1))
    entry = entries()[0]
    assert entry.status == "parked" and entry.claimed_by is None
    assert "KeyError" in entry.last_error and "cannot react" in entry.last_error


class UnrecordableContactHandler(BuggyContactHandler):
    """Sends fine, but recording the delivery fails."""

    def send(self, client, payload):
        return "sent"


def test_a_delivery_that_cannot_be_recorded_is_a_failed_attempt(app_context, erp, monkeypatch):
    monkeypatch.setitem(
        outbox_handlers.HANDLERS, OutboxKind.UPSERT_CONTACT, UnrecordableContactHandler()
    )
    poisoned_contact_update(make_user(make_company(customer_number="10001")), "")

    deliveries = deliver_due(erp_client(), "worker-1", utcnow())

    entry = entries()[0]
    assert [d.outcome for d in deliveries] == ["retry"]
    assert (entry.status, entry.attempts, entry.claimed_by) == ("pending", 1, None)
    assert "recording the delivery failed" in entry.last_error
