"""The operator's ERP commands: sync now, list parked outbox entries, retry one."""

from shop.erp import erp_client
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
