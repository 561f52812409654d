"""Playing an order's life by hand: the simulator's event command, the operator's commands,
and the worker picking the updates up on its own (§8, #16)."""

from shop.domain.orders import OrderStatus
from shop.erp import erp_client
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.factories import make_company, make_order, make_user
from tests.factories import order_by_number as reread
from tests.services import simulator_event, start_worker, stop_worker
from tests.waiting import wait_until


def transmitted_order(**details):
    order = make_order(make_user(make_company(customer_number="10001")), **details)
    deliver_due(erp_client(), "worker-1", utcnow())
    return order


def test_the_simulator_command_ships_an_order_with_carrier_tracking_and_lines(app_context, erp):
    order = transmitted_order()

    shipped = simulator_event(
        erp, order.number, "ship", "--carrier", "UPS", "--tracking", "1Z42", "--line", "1:1"
    )

    assert shipped.returncode == 0, shipped.stderr
    update = erp.control("updates")["updates"][-1]
    assert (update["kind"], update["carrier"], update["trackingNumber"]) == (
        "shipped",
        "UPS",
        "1Z42",
    )
    assert update["shippedLines"] == [{"lineNumber": 1, "sku": order.lines[0].sku, "quantity": 1}]


def test_the_simulator_command_refuses_to_ship_an_unreleased_prepayment_order(app_context, erp):
    order = transmitted_order(payment_method="prepayment")

    refused = simulator_event(erp, order.number, "ship")
    unknown = simulator_event(erp, "B2B-0000-000000", "pay")

    assert refused.returncode == 1 and "not released yet" in refused.stderr
    assert unknown.returncode == 1 and "no order" in unknown.stderr


def test_poll_and_list_commands_apply_updates_and_show_parked_ones(app, app_context, erp):
    order = transmitted_order()
    erp.add_order_event(order.number, "delivered")
    runner = app.test_cli_runner()

    polled = runner.invoke(args=["erp", "poll-updates"])
    listed = runner.invoke(args=["erp", "updates"])

    assert polled.exit_code == 0, polled.output
    assert (
        "confirmed: applied" in polled.output and "delivered: parked (not_allowed)" in polled.output
    )
    assert order.number in listed.output and "not_allowed" in listed.output


def test_the_worker_applies_the_erps_updates_on_its_own(app, app_context, erp, monkeypatch):
    order = make_order(make_user(make_company(customer_number="10001")))
    monkeypatch.setenv("ERP_UPDATES_SECONDS", "0.2")
    worker = start_worker(app, erp, "life")
    try:
        wait_until(lambda: reread(order.number).status == OrderStatus.CONFIRMED.value, timeout=60)
        erp.add_order_event(order.number, "shipped")
        wait_until(lambda: reread(order.number).status == OrderStatus.SHIPPED.value, timeout=60)
    finally:
        stop_worker(worker)


def test_after_the_erp_lost_the_cursor_a_reset_reads_from_its_first_update_again(
    app, app_context, erp
):
    order = transmitted_order()
    runner = app.test_cli_runner()
    runner.invoke(args=["erp", "poll-updates"])
    erp.reset()  # the ERP forgot its updates: our cursor is unknown to it now
    refused = runner.invoke(args=["erp", "poll-updates"])

    reset = runner.invoke(args=["erp", "updates", "--reset-cursor"])
    again = runner.invoke(args=["erp", "poll-updates"])

    assert refused.exit_code != 0 and "GetOrderUpdates failed" in refused.output
    assert reset.exit_code == 0 and "after (the first update)" in reset.output
    assert again.exit_code == 0 and "0 updates read." in again.output
    assert reread(order.number).status == OrderStatus.CONFIRMED.value
