"""The operator's ERP commands: sync now, list parked outbox entries, retry them, push."""

from datetime import timedelta

from sqlalchemy import select

from shop.domain.orders import OrderStatus
from shop.domain.outbox import MAX_ATTEMPTS
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.factories import make_company, make_order, make_user


def test_sync_customers_command_reports_what_it_did(app, app_context, erp):
    make_company(customer_number="10001", name="Old")

    result = app.test_cli_runner().invoke(args=["erp", "sync-customers", "--customer", "10001"])

    assert result.exit_code == 0
    assert "checked 1, changed 1, locked none, unknown none" in result.output


def test_outbox_commands_list_parked_entries_and_retry_them(app, app_context, erp):
    make_order(make_user(make_company(customer_number="99999")))
    deliver_due(erp_client(), "w", utcnow())
    runner = app.test_cli_runner()

    listed = runner.invoke(args=["erp", "outbox"])
    entry_id = listed.output.split()[0].lstrip("#")
    retried = runner.invoke(args=["erp", "retry", entry_id])
    again = runner.invoke(args=["erp", "retry", entry_id])

    assert "parked" in listed.output and "UnknownCustomer" in listed.output
    assert retried.exit_code == 0
    assert again.exit_code != 0 and "is not parked" in again.output


def entry_states() -> dict[int, tuple[str, int]]:
    """The entries for the ERP (the orders' mails have entries of their own)."""
    db.session.expire_all()
    query = select(OutboxEntry).where(OutboxEntry.kind != "send_mail")
    return {e.id: (e.status, e.attempts) for e in db.session.scalars(query)}


def rejected_entries(count: int) -> list[int]:
    """Parked entries: orders of a customer the ERP does not know."""
    user = make_user(make_company(customer_number="99999"))
    for _ in range(count):
        make_order(user)
    deliver_due(erp_client(), "w", utcnow())
    return sorted(entry_states())


def test_retry_takes_several_entry_ids(app, app_context, erp):
    first, second, third = rejected_entries(3)
    runner = app.test_cli_runner()

    two = runner.invoke(args=["erp", "retry", str(first), str(second)])
    with_unknown = runner.invoke(args=["erp", "retry", str(third), "999"])

    assert two.exit_code == 0 and f"Due again: {first}, {second}." in two.output
    assert with_unknown.exit_code != 0 and "entry 999 is not parked" in with_unknown.output
    assert f"Due again: {third}." in with_unknown.output
    assert entry_states() == {entry_id: ("pending", 0) for entry_id in (first, second, third)}


def test_retry_all_makes_every_parked_entry_due(app, app_context, erp):
    ids = rejected_entries(2)
    runner = app.test_cli_runner()

    retried = runner.invoke(args=["erp", "retry", "--all"])
    again = runner.invoke(args=["erp", "retry", "--all"])
    neither = runner.invoke(args=["erp", "retry"])

    assert retried.exit_code == 0 and f"Due again: {ids[0]}, {ids[1]}." in retried.output
    assert again.exit_code == 0 and "No parked entries." in again.output
    assert neither.exit_code != 0 and "entry ids or --all" in neither.output
    assert entry_states() == {entry_id: ("pending", 0) for entry_id in ids}


def test_push_sends_parked_and_waiting_entries_now_in_order(app, app_context, erp):
    user = make_user(make_company(customer_number="10001"))
    parked = make_order(user)
    now = utcnow()
    erp.fail(MAX_ATTEMPTS)
    for day in range(MAX_ATTEMPTS):
        deliver_due(erp_client(), "w", now + timedelta(days=day))
    waiting = make_order(user)
    erp.fail(1)
    deliver_due(erp_client(), "w", now + timedelta(days=MAX_ATTEMPTS))
    before = entry_states()
    held_before = parked.status
    listed = app.test_cli_runner().invoke(args=["erp", "outbox", "--all"])

    result = app.test_cli_runner().invoke(args=["erp", "push"])

    assert sorted(before.values()) == [("parked", MAX_ATTEMPTS), ("pending", 1)]
    assert "pending" in listed.output and "attempts=1 next=" in listed.output
    assert result.exit_code == 0, result.output
    assert "sent 2: delivered 2, failed again 0, parked 0" in result.output
    assert list(erp.orders()) == [parked.number, waiting.number]
    assert {status for status, _ in entry_states().values()} == {"delivered"}
    assert held_before == OrderStatus.ON_HOLD.value
    db.session.refresh(parked)
    assert parked.status == OrderStatus.TRANSMITTED.value
    assert parked.erp_order_number == erp.orders()[parked.number]["erpOrderNumber"]


def test_push_while_the_erp_is_still_down_says_so(app, app_context, erp):
    make_order(make_user(make_company(customer_number="10001")))
    erp.fail(1)

    result = app.test_cli_runner().invoke(args=["erp", "push"])

    assert result.exit_code != 0
    assert "sent 1: delivered 0, failed again 1, parked 0" in result.output
    assert "not everything was delivered" in result.output


def test_the_outbox_listing_says_which_entry_a_pending_one_waits_for(app, app_context, erp):
    user = make_user(make_company(customer_number="99999"))
    order = make_order(user)
    deliver_due(erp_client(), "w", utcnow())
    for _ in range(2):
        db.session.add(
            OutboxEntry(
                kind="submit_order",
                key=f"order:{order.number}",
                payload={"order_number": order.number},
            )
        )
    db.session.commit()
    parked = min(entry_states())

    output = app.test_cli_runner().invoke(args=["erp", "outbox", "--all"]).output
    listed = [line for line in output.splitlines() if "submit_order" in line]

    assert f"waits for #{parked}" in listed[1] and f"waits for #{parked}" in listed[2]
    assert "waits for" not in listed[0]
