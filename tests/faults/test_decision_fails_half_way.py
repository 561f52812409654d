"""#13: a decision that fails half-way leaves nothing behind, not even for the next write of the
same session to commit: the decision's unit of work rolls back everything it did."""

import pytest
from sqlalchemy import func, select

from shop.domain.approvals import OrderEvent
from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services import decide_approval
from tests.factories import events_of, order_by_number, order_over_budget, team


class OutboxDown(Exception):
    pass


def test_an_approval_failing_at_the_outbox_is_not_committed_by_the_next_action(
    app_context, monkeypatch
):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    waiting_version = order.version
    entries_before = _erp_entries()

    def outbox_down(*args, **kwargs):
        raise OutboxDown()

    monkeypatch.setattr(decide_approval, "send_to_erp_or_hold", outbox_down)
    with pytest.raises(OutboxDown):
        decide_approval.decide(
            order.id, clara, waiting_version, OrderEvent.APPROVE, "Fine.", utcnow()
        )
    monkeypatch.undo()
    # The next write in the same session: the orderer takes the order back.
    decide_approval.withdraw(order.id, anna, waiting_version, "Not needed.", utcnow())

    assert order_by_number(order.number).status == OrderStatus.WITHDRAWN.value
    assert events_of(order.number) == ["submit_for_approval", "withdraw"]
    assert _erp_entries() == entries_before


def _erp_entries() -> int:
    # The withdrawal mails the approver through the outbox; no order went to the ERP.
    return db.session.scalar(
        select(func.count(OutboxEntry.id)).where(OutboxEntry.kind != OutboxKind.SEND_MAIL.value)
    )


def test_only_approve_and_reject_are_decisions(app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)

    with pytest.raises(ValueError):
        decide_approval.decide(order.id, clara, order.version, OrderEvent.WITHDRAW, "", utcnow())

    assert events_of(order.number) == ["submit_for_approval"]
