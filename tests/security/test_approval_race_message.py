"""#14: the losing approver of a race is told who decided, even after the worker has moved
the order on (transmitted to the ERP): the automatic processing never hides the decider."""

from sqlalchemy import select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import OrderEventRecord
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.clients import flashes_of, form_of, logged_in
from tests.concurrency import run_at_once
from tests.factories import (
    APPROVER,
    events_of,
    make_user,
    name_approver,
    order_by_number,
    order_over_budget,
    team,
)


def test_the_loser_of_an_approval_race_is_told_who_decided_after_the_erp_got_the_order(
    app, app_context, erp
):
    company, main, clara, anna = team(customer_number="10001")
    ben = make_user(company, roles=APPROVER, name="Ben Second")
    name_approver(company, ben, orderer=anna)
    order = order_over_budget(anna)
    path = f"/customer-center/approvals/{order.number}"
    clients = [logged_in(app, clara), logged_in(app, ben)]
    forms = [form_of(c, path)[1] for c in clients]

    statuses = run_at_once(
        app, 2, lambda i: clients[i].post(f"{path}/approve", data=forms[i]).status_code
    )
    delivered = deliver_due(erp_client(), "worker-1", utcnow())
    decider = db.session.scalar(
        select(OrderEventRecord.actor_id).where(
            OrderEventRecord.order_id == order.id, OrderEventRecord.event == "approve"
        )
    )
    winner, loser = ("Clara Schulz", 1) if decider == clara.id else ("Ben Second", 0)
    answer_in_the_race = flashes_of(clients[loser].get(path))
    # The loser's click may arrive only after the worker has sent the order to the ERP.
    late_answer = flashes_of(
        clients[loser].post(f"{path}/approve", data=forms[loser], follow_redirects=True)
    )

    assert statuses == [302, 302], statuses
    assert [d.outcome for d in delivered] == ["delivered"]
    assert events_of(order.number) == ["submit_for_approval", "approve", "transmit"]
    assert order_by_number(order.number).status == "transmitted"
    assert f"already approved by {winner} at" in answer_in_the_race
    assert f"already approved by {winner} at" in late_answer
    assert "Automatic order processing" not in late_answer
