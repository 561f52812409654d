"""A worker round that runs longer than a lease (#10): each entry's lease is measured from
when it is claimed, not from when the round began. A lease counted from the round's start
was already over when a late entry of the round was sent, so a second worker took that
entry over mid-send and the ERP received the order twice (the 4-worker bench saw one)."""

from datetime import timedelta

from shop.erp import erp_client
from shop.models.clock import utcnow
from shop.services import outbox
from shop.services.outbox import claim_next, deliver_due
from tests.factories import make_company, make_order, make_user

LEASE = timedelta(minutes=2)
# Each SubmitOrder "takes" this long on the wall clock: two of them outlast one lease.
CALL = timedelta(seconds=90)


class _SlowErp:
    """The real ERP client, on a wall clock that moves on by CALL per SubmitOrder; while the
    second order is on its way a second worker tries to claim whatever is due."""

    def __init__(self, start) -> None:
        self.now = start
        self.calls = 0
        self.taken_over = []

    def clock(self):
        return self.now

    def submit_order(self, order):
        self.calls += 1
        self.now += CALL
        if self.calls == 2:
            self.taken_over.append(claim_next("worker-2", self.now, LEASE))
        return erp_client().submit_order(order)


def test_an_entry_late_in_a_long_round_is_not_taken_over_while_it_is_sent(
    app_context, erp, monkeypatch
):
    user = make_user(make_company(customer_number="10001"))
    first, second = make_order(user), make_order(user)
    start = utcnow()
    slow = _SlowErp(start)
    monkeypatch.setattr(outbox, "utcnow", slow.clock, raising=False)

    deliveries = deliver_due(slow, "worker-1", start, LEASE)

    assert [d.outcome for d in deliveries] == ["delivered", "delivered"]
    assert slow.taken_over == [None]
    received = erp.orders()
    assert received[first.number]["received"] == received[second.number]["received"] == 1
