"""Flask commands: demo data, the large-catalogue generator, the ERP worker and its tools."""

import logging
import signal
import threading
from collections.abc import Iterable
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from shop.domain.staff import StaffDetail
from shop.onboarding_cli import onboarding_cli

demo_cli = AppGroup("demo", help="Demo data.")
erp_cli = AppGroup("erp", help="ERP worker, customer sync and the outbox.")
approvals_cli = AppGroup("approvals", help="The approval workflow.")
staff_cli = AppGroup("staff", help="Staff accounts of the back office.")
catalog_cli = AppGroup("catalog", help="Catalogue import and the product content firewall.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the shop already has products.")
def load_command(if_empty: bool) -> None:
    """Load the demo catalogue, demo companies and users."""
    from shop.demo.loader import load_demo_data, shop_is_empty

    if if_empty and not shop_is_empty():
        click.echo("Shop already has data; demo data not loaded.")
        return
    click.echo(load_demo_data())


@demo_cli.command("generate")
@click.option("--products", type=int, required=True, help="How many products to add.")
def generate_command(products: int) -> None:
    """Add generated products for benchmarks (e.g. --products 100000)."""
    from shop.demo.loader import generate_products

    click.echo(f"{generate_products(products)} products added.")


@demo_cli.command("logins")
def logins_command() -> None:
    """Print the demo logins."""
    from shop.demo.loader import DEMO_LOGINS, DEMO_PASSWORD, DEMO_STAFF

    for email, role in DEMO_LOGINS:
        click.echo(f"  {email:<32} {role:<30} password: {DEMO_PASSWORD}")
    staff_role = "back office (/back-office/)"
    click.echo(f"  {DEMO_STAFF[0]:<32} {staff_role:<30} password: {DEMO_PASSWORD}")


@erp_cli.command("worker")
def worker_command() -> None:
    """Deliver the outbox to the ERP and sync customers, until stopped (SIGTERM/Ctrl-C)."""
    from shop.services.erp_worker import run_worker, worker_app

    # What the worker did each round (entries delivered, customer sync) is the operator's
    # only view into it: its INFO lines go to stderr, where a service manager keeps them.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    run_worker(worker_app(current_app._get_current_object()), stop)


@erp_cli.command("sync-customers")
@click.option("--customer", "customer_number", help="Only this customer number.")
def sync_customers_command(customer_number: str | None) -> None:
    """Refresh registered companies from the ERP now."""
    from shop.erp import erp_client
    from shop.models.clock import utcnow
    from shop.services.customer_sync import sync_customers

    report = sync_customers(erp_client(), utcnow(), customer_number)
    locked = ", ".join(report.locked) or "none"
    unknown = ", ".join(report.unknown) or "none"
    invalid = ", ".join(report.invalid) or "none"
    click.echo(
        f"checked {report.checked}, changed {report.changed}, locked {locked}, unknown {unknown}, "
        f"invalid ERP data {invalid}"
    )


@erp_cli.command("outbox")
@click.option("--all", "show_all", is_flag=True, help="Also pending entries, not only parked ones.")
def outbox_command(show_all: bool) -> None:
    """List parked outbox entries (those the worker gave up on) for an operator."""
    from shop.services.outbox import entries_held_back, listed_entries

    entries = listed_entries(parked_only=not show_all)
    held_back = entries_held_back()
    if not entries:
        click.echo("No parked entries." if not show_all else "The outbox is empty.")
    for entry in entries:
        due = (
            f"next={entry.next_attempt_at:%Y-%m-%d %H:%M:%S} " if entry.status == "pending" else ""
        )
        waits = f"waits for #{held_back[entry.id]} " if entry.id in held_back else ""
        click.echo(
            f"#{entry.id} {entry.status:<9} {entry.kind:<15} {entry.key:<28} "
            f"attempts={entry.attempts} {due}{waits}{entry.last_error}"
        )


@erp_cli.command("updates")
@click.option(
    "--reset-cursor",
    is_flag=True,
    help="Read the ERP's updates from the first again (e.g. after the ERP lost our cursor); "
    "updates handled before change nothing.",
)
def updates_command(reset_cursor: bool) -> None:
    """List ERP order updates parked for an operator (unknown order, transition refused)."""
    from shop.models.clock import utcnow
    from shop.services.order_updates import open_problems, read_cursor
    from shop.services.order_updates import reset_cursor as reset

    if reset_cursor:
        reset(utcnow())
    problems = open_problems()
    click.echo(f"cursor: after {read_cursor() or '(the first update)'}")
    if not problems:
        click.echo("No parked order updates.")
    for problem in problems:
        click.echo(
            f"#{problem.id} {problem.update_id} {problem.kind:<9} {problem.order_number:<20} "
            f"{problem.reason:<14} {problem.parked_at:%Y-%m-%d %H:%M:%S} {problem.detail}"
        )


@erp_cli.command("poll-updates")
def poll_updates_command() -> None:
    """Read and apply the ERP's order updates now, as the worker does every
    ERP_UPDATES_SECONDS."""
    from erp_bridge import ErpRejected, ErpUnavailable
    from shop.erp import erp_client
    from shop.models.clock import utcnow
    from shop.services.order_updates import poll_order_updates

    try:
        results = poll_order_updates(erp_client(), utcnow())
    except (ErpUnavailable, ErpRejected) as error:
        raise click.ClickException(f"GetOrderUpdates failed: {error}") from None
    for result in results:
        reason = f" ({result.park_reason})" if result.park_reason else ""
        click.echo(
            f"{result.update_id} {result.order_number} {result.kind}: {result.outcome}{reason}"
        )
    click.echo(f"{len(results)} updates read.")


@erp_cli.command("retry")
@click.argument("entry_ids", nargs=-1, type=int)
@click.option("--all", "retry_all", is_flag=True, help="Every parked entry.")
def retry_command(entry_ids: tuple[int, ...], retry_all: bool) -> None:
    """Send parked outbox entries again (the worker picks them up): ids, or --all."""
    from shop.models.clock import utcnow
    from shop.services.outbox import retry_parked_entries

    if bool(entry_ids) == retry_all:
        raise click.UsageError("name entry ids or --all, not both")
    retried = retry_parked_entries(None if retry_all else entry_ids, utcnow())
    if retried:
        click.echo(f"Due again: {_ids(retried)}.")
    elif retry_all:
        click.echo("No parked entries.")
    missing = sorted(set(entry_ids) - set(retried))
    if len(missing) == 1:
        raise click.ClickException(f"entry {missing[0]} is not parked")
    if missing:
        raise click.ClickException(f"entries {_ids(missing)} are not parked")


@erp_cli.command("push")
def push_command() -> None:
    """After an outage: send every pending and parked entry now, in order, and report."""
    from collections import Counter

    from shop.domain.outbox import DeliveryOutcome
    from shop.erp import erp_client
    from shop.models.clock import utcnow
    from shop.services.erp_worker import worker_name
    from shop.services.outbox import push

    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    deliveries = push(erp_client(), f"push-{worker_name()}", utcnow(), lease)
    outcomes = Counter(delivery.outcome for delivery in deliveries)
    delivered, retry, parked = (
        outcomes[DeliveryOutcome.DELIVERED],
        outcomes[DeliveryOutcome.RETRY],
        outcomes[DeliveryOutcome.PARKED],
    )
    click.echo(
        f"sent {len(deliveries)}: delivered {delivered}, failed again {retry}, parked {parked}"
    )
    if retry or parked:
        raise click.ClickException("not everything was delivered: see `flask erp outbox --all`")


def _ids(ids: Iterable[int]) -> str:
    return ", ".join(str(entry_id) for entry_id in ids)


@approvals_cli.command("remind")
@click.option(
    "--hours", type=float, help="Remind after this many hours (default APPROVAL_REMINDER_HOURS)."
)
def remind_command(hours: float | None) -> None:
    """Mail approvers about orders waiting too long now (the ERP worker does it every 10 min)."""
    from shop.models.clock import utcnow
    from shop.services.approval_mails import send_reminders

    hours = hours if hours is not None else current_app.config["APPROVAL_REMINDER_HOURS"]
    click.echo(f"{send_reminders(utcnow(), hours)} orders reminded.")


# What `staff create` says about a detail it refuses (operators read English on the console).
STAFF_DETAIL_PROBLEMS = {
    StaffDetail.EMAIL: "the e-mail address must be a valid address of at most 254 characters, "
    "on one line",
    StaffDetail.NAME: "the name must be 1 to 200 characters on one line, without control "
    "characters",
    StaffDetail.PASSWORD: "the password cannot contain control characters",
}


@staff_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The staff member's full name.")
@click.option(
    "--rights",
    default="",
    help="Comma-separated: review, outbox, customers, content (default: none).",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_staff_command(email: str, name: str, rights: str, password_stdin: bool) -> None:
    """Create a back office account (never a customer user); the password is prompted."""
    import sys

    from flask_babel import force_locale

    from shop.domain.staff import UnknownStaffRight, parse_rights
    from shop.models.clock import utcnow
    from shop.services.staff import (
        InvalidStaffDetail,
        StaffEmailInUse,
        StaffPasswordRejected,
        create_staff,
    )
    from shop.web.labels import PASSWORD_PROBLEM_LABELS

    try:
        parsed = parse_rights(rights.split(","))
    except UnknownStaffRight as unknown:
        raise click.BadParameter(
            f"unknown right {str(unknown)!r}; use review, outbox, customers, content",
            param_hint="--rights",
        ) from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        staff = create_staff(email, name, parsed, password, utcnow())
    except InvalidStaffDetail as invalid:
        raise click.ClickException(STAFF_DETAIL_PROBLEMS[invalid.detail]) from None
    except StaffEmailInUse:
        raise click.ClickException(f"a staff member with the e-mail {email} exists") from None
    except StaffPasswordRejected as rejected:
        # No request here to choose a language from: the console speaks English.
        with force_locale("en"):
            message = str(PASSWORD_PROBLEM_LABELS[rejected.problem])
        raise click.ClickException(message) from None
    granted = ", ".join(sorted(staff.rights_list)) or "none"
    click.echo(f"Staff member {staff.email} created (rights: {granted}).")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def catalog_import_command(path: str) -> None:
    """Import products from a CSV file; images and data sheets it names lie beside it."""
    from pathlib import Path

    from flask_babel import force_locale

    from shop.domain.catalog_import import UnreadableFile
    from shop.models.clock import utcnow
    from shop.services.catalog_import import import_catalog
    from shop.services.content_report import FolderFiles
    from shop.web.labels.content import file_problem_message

    file = Path(path)
    # The console speaks English, as `staff create` does.
    with force_locale("en"):
        try:
            report = import_catalog(
                file.read_bytes(), FolderFiles(file.parent), file.name, utcnow()
            )
        except UnreadableFile as unreadable:
            raise click.ClickException(
                file_problem_message(unreadable.problem, unreadable.detail)
            ) from None
        _echo_import_rows(report, "line")
    _echo_import_counts(report)


@catalog_cli.command("import-erp")
@click.option(
    "--changed-since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="only the articles the ERP changed after this time (UTC); default: all",
)
def catalog_import_erp_command(changed_since) -> None:
    """Import products from the ERP's article data (contract v1.3), its files from the ERP."""
    from flask_babel import force_locale

    from erp_bridge import ErpRejected, ErpUnavailable
    from shop.domain.catalog_import import UnreadableFile
    from shop.erp import erp_client
    from shop.models.clock import utcnow
    from shop.services.catalog_import import import_erp_articles
    from shop.web.labels.content import erp_import_failure_message

    with force_locale("en"):
        try:
            report = import_erp_articles(erp_client(), utcnow(), changed_since=changed_since)
        except (ErpRejected, ErpUnavailable, UnreadableFile) as failure:
            raise click.ClickException(erp_import_failure_message(failure)) from None
        _echo_import_rows(report, "article")
    _echo_import_counts(report)


def _echo_import_rows(report, unit: str) -> None:
    from shop.services.content_report import attribute_labels
    from shop.web.labels.content import content_problem_message, product_field_label

    # Attributes by their labels, as the report page names them, never by their keys.
    keys = {key for row in report.records for _code, key, _detail in row["problems"] if key}
    keys |= {key for row in report.records for _field, key in row["changes"] if key}
    labels = attribute_labels(keys, "en")
    for row in report.records:
        if row["outcome"] == "rejected":
            reasons = "; ".join(
                content_problem_message(*p, attribute_labels=labels) for p in row["problems"]
            )
            click.echo(f"{unit} {row['line']} {row['sku']}: rejected: {reasons}")
        elif row["outcome"] == "changed":
            changed = ", ".join(product_field_label(f, k, labels) for f, k in row["changes"])
            click.echo(f"{unit} {row['line']} {row['sku']}: changed: {changed}")


def _echo_import_counts(report) -> None:
    click.echo(
        f"accepted {report.accepted}, changed {report.changed}, unchanged {report.unchanged}, "
        f"rejected {report.rejected}"
    )
    if report.rejected:
        raise click.exceptions.Exit(1)


@catalog_cli.command("check")
def catalog_check_command() -> None:
    """Run the content firewall over every product: publish what passes, hold back the rest;
    a product unpublished without the firewall's reasons (withdrawn) is left alone."""
    from shop.services.product_content import check_products

    summary = check_products()
    click.echo(
        f"published {summary.published}, unpublished {summary.unpublished}, "
        f"left alone {summary.left_alone} (withdrawn)"
    )


def register_commands(app: Flask) -> None:
    app.cli.add_command(catalog_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(erp_cli)
    app.cli.add_command(approvals_cli)
    app.cli.add_command(onboarding_cli)
