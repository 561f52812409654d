"""The background worker behind `flask erp worker`: send the outbox's mails, deliver the
outbox to the ERP, apply the ERP's order updates (§8), sync customers, remind approvers
of orders that wait too long (§6), and look up the stock that keeps categories from going
live (§13)."""

import logging
import os
import socket
import threading
import time
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


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def run_worker(app: Flask, stop: threading.Event, worker_id: str | None = None) -> None:
    """Loop until `stop` is set; a failing round is logged and the loop goes on."""
    worker_id = worker_id or worker_name()
    config = app.config
    lease = timedelta(seconds=config["OUTBOX_LEASE_SECONDS"])
    next_sync = time.monotonic()
    next_reminders = time.monotonic()
    next_updates = time.monotonic()
    next_stock = time.monotonic()
    watch = RecoveryWatch(config["OUTBOX_PROBE_SECONDS"])
    routed_on = None
    with app.app_context():
        _skip_pre_ping()
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
                if time.monotonic() >= next_updates:
                    next_updates = time.monotonic() + config["ERP_UPDATES_SECONDS"]
                    try:
                        applied = poll_order_updates(client, utcnow())
                    except ErpRejected as refusal:
                        # e.g. the ERP no longer knows our cursor: the rest of the round goes on.
                        log.error("the ERP refused GetOrderUpdates: %s", refusal)
                        applied = []
                    if applied:
                        log.info("handled %s order updates from the ERP", len(applied))
                if time.monotonic() >= next_sync:
                    # Until a sync succeeds, try again a minute later rather than an hour.
                    next_sync = time.monotonic() + min(60, config["CUSTOMER_SYNC_SECONDS"])
                    report = sync_customers(client, utcnow())
                    next_sync = time.monotonic() + config["CUSTOMER_SYNC_SECONDS"]
                    log.info("customer sync: %s", report)
                if routed_on != utcnow().date():
                    # Absences begin and end with the date: waiting orders follow (#14).
                    rerouted = reroute_for_the_day(utcnow())
                    routed_on = utcnow().date()
                    if rerouted:
                        log.info("routed %s waiting orders again for the day", rerouted)
                if time.monotonic() >= next_reminders:
                    next_reminders = time.monotonic() + REMINDER_CHECK_SECONDS
                    reminded = send_reminders(utcnow(), config["APPROVAL_REMINDER_HOURS"])
                    if reminded:
                        log.info("reminded the approvers of %s orders", reminded)
                    requested = queue_review_requests(utcnow())
                    if requested:
                        log.info("queued review requests for %s orders", requested)
                    trainings = send_training_reminders(utcnow())
                    if trainings:
                        log.info("queued %s training reminders", trainings)
                if time.monotonic() >= next_stock:
                    # Until a look-up succeeds, try again a minute later rather than later still.
                    next_stock = time.monotonic() + min(60, config["STOCK_LOOKUP_SECONDS"])
                    learnt = look_up_missing_stock(client, utcnow())
                    next_stock = time.monotonic() + config["STOCK_LOOKUP_SECONDS"]
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


def _skip_pre_ping() -> None:
    """The worker checks a connection out of the pool for every short transaction, and the
    pool's pre-ping made each checkout a round trip to the database: 13 % of a worker's time
    in the outbox bench (#10). Without it a connection the database dropped fails one round,
    which the loop survives like any failed round; SQLAlchemy then sees the disconnect and
    replaces the pool's connections, and the next round goes on."""
    db.engine.pool._pre_ping = False


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
