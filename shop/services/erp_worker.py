"""The background worker behind `flask erp worker`: send the outbox's mails, deliver the
outbox to the ERP, apply the ERP's order updates (§8), sync customers, remind approvers
of orders that wait too long (§6), and look up the stock that keeps categories from going
live (§13)."""

import logging
import math
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask

from erp_bridge import ErpClient, ErpRejected, ErpUnavailable
from shop.domain.outbox import DeliveryOutcome, RecoveryWatch, excerpt
from shop.erp import erp_client
from shop.extensions import db
from shop.models.clock import utcnow
from shop.services.approval_mails import send_reminders
from shop.services.approval_routing import reroute_for_the_day
from shop.services.customer_sync import sync_customers
from shop.services.onboarding import send_training_reminders
from shop.services.order_updates import poll_order_updates
from shop.services.outbox import (
    deliver_due,
    deliver_due_mails,
    entries_wait_for_erp,
    make_waiting_due,
)
from shop.services.review_requests import queue_review_requests
from shop.services.stock import look_up_missing_stock

log = logging.getLogger(__name__)

# How often the worker looks for orders whose approvers are due a reminder, and for
# delivered orders due a review request.
REMINDER_CHECK_SECONDS = 600
# A periodic job that failed is tried again this soon (or after its period, if shorter).
RETRY_SECONDS = 60


@dataclass
class Schedule:
    """A job the worker runs every `seconds`, the first time at once. A run that fails (it
    began and never succeeded) is tried again after min(retry_seconds, seconds), not a whole
    period later: an hourly customer sync must not wait an hour after an ERP blip."""

    seconds: float
    retry_seconds: float = RETRY_SECONDS
    next_at: float = float("-inf")

    def is_due(self, now: float) -> bool:
        return now >= self.next_at

    def began(self, now: float) -> None:
        self.next_at = now + min(self.retry_seconds, self.seconds)

    def succeeded(self, now: float) -> None:
        self.next_at = now + self.seconds


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def run_worker(app: Flask, stop: threading.Event, worker_id: str | None = None) -> None:
    """Loop until `stop` is set; a failing round is logged and the loop goes on."""
    worker_id = worker_id or worker_name()
    config = app.config
    lease = timedelta(seconds=config["OUTBOX_LEASE_SECONDS"])
    # Order updates and reminders wait their whole period after a failed run, as ever.
    updates = Schedule(config["ERP_UPDATES_SECONDS"], retry_seconds=math.inf)
    customers = Schedule(config["CUSTOMER_SYNC_SECONDS"])
    reminders = Schedule(REMINDER_CHECK_SECONDS, retry_seconds=math.inf)
    stock = Schedule(config["STOCK_LOOKUP_SECONDS"])
    watch = RecoveryWatch(config["OUTBOX_PROBE_SECONDS"])
    routed_on = None
    log.info("ERP worker %s started", worker_id)
    while not stop.is_set():
        busy = False
        with app.app_context():
            try:
                # First, and apart from the ERP: mails go out while the ERP is down (§8).
                mailed = deliver_due_mails(worker_id, utcnow(), lease)
                if mailed:
                    log.info("sent %s outbox mails", len(mailed))
                    busy = any(m.outcome is DeliveryOutcome.DELIVERED for m in mailed)
            except Exception:
                log.exception("sending the outbox's mails failed")
            try:
                client = erp_client()
                catch_up_after_recovery(client, watch)
                deliveries = deliver_due(client, worker_id, utcnow(), lease)
                if deliveries:
                    log.info("delivered %s outbox entries", len(deliveries))
                    # A delivery may have made the next entry of its key due: no pause (#10).
                    busy = busy or any(d.outcome is DeliveryOutcome.DELIVERED for d in deliveries)
                if updates.is_due(time.monotonic()):
                    updates.began(time.monotonic())
                    try:
                        applied = poll_order_updates(client, utcnow())
                    except ErpRejected as refusal:
                        # e.g. the ERP no longer knows our cursor: the rest of the round goes on.
                        log.error("the ERP refused GetOrderUpdates: %s", refusal)
                        applied = []
                    updates.succeeded(time.monotonic())
                    if applied:
                        log.info("handled %s order updates from the ERP", len(applied))
                if customers.is_due(time.monotonic()):
                    customers.began(time.monotonic())
                    report = sync_customers(client, utcnow())
                    customers.succeeded(time.monotonic())
                    log.info("customer sync: %s", report)
                if routed_on != utcnow().date():
                    # Absences begin and end with the date: waiting orders follow (#14).
                    rerouted = reroute_for_the_day(utcnow())
                    routed_on = utcnow().date()
                    if rerouted:
                        log.info("routed %s waiting orders again for the day", rerouted)
                if reminders.is_due(time.monotonic()):
                    reminders.began(time.monotonic())
                    reminded = send_reminders(utcnow(), config["APPROVAL_REMINDER_HOURS"])
                    if reminded:
                        log.info("reminded the approvers of %s orders", reminded)
                    requested = queue_review_requests(utcnow())
                    if requested:
                        log.info("queued review requests for %s orders", requested)
                    trainings = send_training_reminders(utcnow())
                    if trainings:
                        log.info("queued %s training reminders", trainings)
                    reminders.succeeded(time.monotonic())
                if stock.is_due(time.monotonic()):
                    stock.began(time.monotonic())
                    learnt = look_up_missing_stock(client, utcnow())
                    stock.succeeded(time.monotonic())
                    if learnt:
                        log.info("the ERP reported %s stock levels nobody knew", learnt)
            except ErpUnavailable as error:
                log.warning("ERP unavailable: %s", error)
            except Exception:  # keep the worker alive through database or bug blips
                log.exception("ERP worker round failed")
            finally:
                db.session.remove()
        if not busy:
            stop.wait(config["OUTBOX_POLL_SECONDS"])
    log.info("ERP worker %s stopped", worker_id)


def worker_app(app: Flask) -> Flask:
    """An app with `app`'s settings as the worker runs it: its engine pings no connection
    it checks out (shop.config.engine_options)."""
    from shop import create_app

    return create_app({**app.config, "ERP_WORKER_PROCESS": True})


def catch_up_after_recovery(client: ErpClient, watch: RecoveryWatch) -> int:
    """While entries wait out a backoff because the ERP could not be reached, ping it now and
    then; once it answers again they are due at once. Returns how many were made due."""
    if not watch.is_probe_due(time.monotonic()) or not entries_wait_for_erp(utcnow()):
        return 0
    try:
        client.ping()
        answered = True
    except ErpUnavailable as error:
        answered = False
        log.info("ERP probe: still unreachable: %s", excerpt(str(error)))
    if not watch.record_probe(time.monotonic(), answered):
        return 0
    made_due = make_waiting_due(utcnow())
    log.info("the ERP answers again: %s waiting outbox entries are due now", made_due)
    return made_due
