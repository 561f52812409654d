"""An outbox handler whose reaction fails half-way leaves nothing of it behind (#13).

The outcome of a delivery and the shop's reaction to it are one unit of work: when the
reaction fails after it changed the order, the order stays as it was, and the entry is
parked all the same with both reasons.
"""

from dataclasses import dataclass

from erp_bridge import ErpRejected
from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind, OutboxStatus
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services import outbox_handlers
from shop.services.outbox import deliver_due
from tests.factories import events_of, make_company, make_order, make_user, order_by_number


@dataclass(frozen=True)
class HoldsThenFails(outbox_handlers.SubmitOrder):
    """The ERP refuses the order; the reaction puts it on hold, then fails."""

    def send(self, client, payload):
        raise ErpRejected("ORDER_INVALID", "refused for the test")

    def on_parked(self, payload, now, note=""):
        super().on_parked(payload, now, note)
        raise RuntimeError("reaction failed half-way")


def test_a_reaction_failing_half_way_leaves_the_order_as_it_was(app_context, erp, monkeypatch):
    monkeypatch.setitem(outbox_handlers.HANDLERS, OutboxKind.SUBMIT_ORDER, HoldsThenFails())
    number = make_order(make_user(make_company())).number

    deliveries = deliver_due(erp_client(), "worker-1", utcnow())

    assert [d.outcome for d in deliveries] == ["parked"]
    db.session.expire_all()
    entry = db.session.scalars(db.select(OutboxEntry).where(OutboxEntry.kind != "send_mail")).one()
    assert (entry.status, entry.claimed_by) == (OutboxStatus.PARKED.value, None)
    assert "refused for the test" in entry.last_error
    assert "reaction failed half-way" in entry.last_error
    assert order_by_number(number).status == OrderStatus.PLACED.value
    assert "hold" not in events_of(number)
