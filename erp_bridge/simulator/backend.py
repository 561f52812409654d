"""The simulated ERP's behaviour, free of SOAP: customers, prices, stock, orders, updates.

The SOAP service (service.py) and the control API (control.py) both call into
one ErpBackend. Every method holds the lock: the server is threaded. A method that changes
the state names what it changed (`_touch`) before `_save`, which appends just that to the
state's journal (state.py); the answer waits until it is on disk, outside the lock.
"""

import base64
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from erp_bridge.simulator.articles import ArticlePage, InvalidPageToken, article_page
from erp_bridge.simulator.data import CustomerData, ErpData
from erp_bridge.simulator.invoice_pdf import render_invoice_pdf
from erp_bridge.simulator.state import Path_, StateStore, empty_state, read_state
from erp_bridge.validation import is_valid_email, is_valid_name

UPDATE_KINDS = ("confirmed", "paid", "shipped", "invoiced", "delivered", "rejected")
CHANGE_KINDS = ("billing_address", "delivery_address", "vat_id")
CENT = Decimal("0.01")
# Larger amounts cannot be rounded to cents in Decimal's default precision (28 digits).
MAX_AMOUNT = Decimal("1e15")
MAX_SKUS = 1000
MAX_UPDATES_PER_PAGE = 500


class Rejected(Exception):
    """A business fault: the request was understood and refused."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class EventRefused(ValueError):
    """The ERP would not produce this event now (e.g. shipping an unreleased prepayment order)."""


# Days from the invoice date to its due date when the control API names none.
PAYMENT_DAYS = 30
DEFAULT_CARRIER = "DHL"


@dataclass(frozen=True)
class UpdatePage:
    updates: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


@dataclass
class Misbehaviour:
    """What the control API asked for: a delay per SOAP call, failures for the next calls,
    answers dripped one byte at a time."""

    delay_seconds: float = 0.0
    drip_seconds: float = 0.0  # pause before each byte of a SOAP answer; 0: send at once
    fail_count: int = 0
    fail_mode: str = "fault"  # "fault" (SOAP Server fault), "http" (bare 500), "malformed",
    # "slow" (answered correctly after SLOW_SECONDS: a timeout for any sensible client)
    fail_after: int = 0  # calls answered normally before the planned failures begin
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(default_factory=threading.Condition)
    generation: int = 0

    def wait_delay(self) -> None:
        """Hold the current call for the planned delay; a reset or a new delay ends it early."""
        with self.changed:
            generation = self.generation
            if self.delay_seconds > 0:
                self.changed.wait_for(
                    lambda: self.generation != generation, timeout=self.delay_seconds
                )

    def set_delay(self, seconds: float) -> None:
        with self.changed:
            self.delay_seconds = seconds
            self.generation += 1
            self.changed.notify_all()

    def set_drip(self, seconds: float) -> None:
        with self.changed:
            self.drip_seconds = seconds
            self.generation += 1
            self.changed.notify_all()

    def drip(self, body: bytes) -> Iterator[bytes]:
        """Yield `body` one byte per drip interval; a reset or a new setting sends the rest."""
        with self.changed:
            generation = self.generation
            seconds = self.drip_seconds
        for position in range(len(body)):
            with self.changed:
                interrupted = self.changed.wait_for(
                    lambda: self.generation != generation, timeout=seconds
                )
            if interrupted:
                yield body[position:]
                return
            yield body[position : position + 1]

    def hold(self, seconds: float) -> None:
        """Hold the current call for `seconds`; a reset or a new setting ends it early."""
        with self.changed:
            generation = self.generation
            self.changed.wait_for(lambda: self.generation != generation, timeout=seconds)

    def next_failure(self) -> str | None:
        """Consume one planned failure and say which kind, or None."""
        with self.lock:
            if self.fail_count <= 0:
                return None
            if self.fail_after > 0:  # failing mid-way: this call still succeeds
                self.fail_after -= 1
                return None
            self.fail_count -= 1
            return self.fail_mode


def now_utc() -> datetime:
    return datetime.now(UTC)


class ErpBackend:
    """One simulated ERP: read-only data from the data file, mutable state in the state file."""

    def __init__(self, data: ErpData, state_path: Path | None) -> None:
        self.data = data
        self.state_path = state_path
        self.state = read_state(state_path)
        self.misbehaviour = Misbehaviour()
        self._store = StateStore(state_path)
        self._store.open(self.state)
        self._lock = _StateLock(self._store)
        # What the running change altered (written under the lock), for the journal.
        self._changed: list[Path_] = []

    # -- article data (contract v1.3) -------------------------------------------

    def articles(
        self,
        changed_since: datetime | None,
        page_token: str | None,
        page_size: int,
        media_base: str,
    ) -> ArticlePage:
        """One page of GetArticles; Client.NoArticleData when the data file has none."""
        if self.data.articles is None:
            raise Rejected("Client.NoArticleData", "this ERP keeps no article data")
        try:
            return article_page(
                self.data.articles, changed_since, page_token, page_size, media_base
            )
        except InvalidPageToken:
            raise Rejected("Client.InvalidData", "unknown pageToken") from None

    # -- customers and contacts ------------------------------------------------

    def customer(self, customer_number: str) -> CustomerData:
        # Contract: customer numbers match without regard to case; answers carry the ERP's
        # own spelling.
        customer = self.data.find_customer(customer_number)
        if customer is None:
            raise Rejected("Client.UnknownCustomer", f"unknown customer {customer_number!r}")
        return customer

    def verify_customer_center_access(
        self, customer_number: str, invoice_number: str, email: str
    ) -> bool:
        """True when the customer exists, may use the customer center and the invoice is theirs.

        The e-mail address is not checked against the contacts: the person
        registering becomes the main contact and need not be known yet.
        """
        customer = self.data.find_customer(customer_number)
        if customer is None or not customer.customer_center or "@" not in (email or ""):
            return False
        wanted = (invoice_number or "").strip().upper()
        with self._lock:
            issued = {
                update["invoiceNumber"].upper()
                for update in self.state["updates"]
                if update["invoiceNumber"]
                and self.state["orders"].get(update["orderNumber"], {}).get("customerNumber")
                == customer.customer_number
            }
        return wanted in {number.upper() for number in customer.invoices} | issued

    def contacts(self, customer_number: str) -> list[dict[str, str]]:
        customer = self.customer(customer_number)
        with self._lock:
            changed = self.state["contacts"].get(customer.customer_number, {})
            result = []
            for contact in customer.contacts:
                original = {
                    "contactId": contact.contact_id,
                    "name": contact.name,
                    "email": contact.email,
                    "phone": contact.phone,
                }
                result.append(changed.get(contact.contact_id, original))
            known = {contact.contact_id for contact in customer.contacts}
            result.extend(value for key, value in changed.items() if key not in known)
            return [dict(contact) for contact in result]

    def upsert_contact(self, customer_number: str, contact: dict[str, Any]) -> dict[str, str]:
        """Update the contact with that id (or, without an id, that e-mail), else create one."""
        customer = self.customer(customer_number)
        name = (contact.get("name") or "").strip()
        email = (contact.get("email") or "").strip()
        phone = (contact.get("phone") or "").strip()
        if not is_valid_name(name):
            raise Rejected("Client.InvalidData", "contact.name must be one line of text")
        if not is_valid_email(email):
            raise Rejected("Client.InvalidData", f"contact.email {email!r} is not an address")
        with self._lock:
            existing = self.contacts(customer.customer_number)
            contact_id = (contact.get("contactId") or "").strip()
            if contact_id:
                if contact_id not in {c["contactId"] for c in existing}:
                    raise Rejected(
                        "Client.UnknownContact",
                        f"customer {customer.customer_number} has no contact {contact_id!r}",
                    )
            else:
                same_email = [c for c in existing if c["email"].lower() == email.lower()]
                if same_email:
                    contact_id = same_email[0]["contactId"]
                else:
                    contact_id = f"C-{customer.customer_number}-N{self.state['next_contact']:03d}"
                    self.state["next_contact"] += 1
                    self._touch("next_contact")
            # Contract: an empty phone leaves the ERP's phone as it is (the shop may not know it).
            if not phone:
                known = {c["contactId"]: c for c in existing}.get(contact_id, {})
                phone = known.get("phone", "")
            saved = {"contactId": contact_id, "name": name, "email": email, "phone": phone}
            self.state["contacts"].setdefault(customer.customer_number, {})[contact_id] = saved
            self._touch("contacts", customer.customer_number, contact_id)
            self._save()
            return dict(saved)

    def request_customer_change(self, customer_number: str, change: dict[str, Any]) -> str:
        """Record a requested change of the customer's master data; idempotent by requestId.

        The simulated ERP's own rule: a VAT id must carry the country of the customer's
        billing address (Client.ChangeRefused otherwise). Recorded requests are not applied:
        a person at the ERP makes the change, and GetCustomer shows it then.
        """
        customer = self.customer(customer_number)
        request_id = (change.get("requestId") or "").strip()
        if not request_id or change.get("kind") not in CHANGE_KINDS:
            raise Rejected("Client.InvalidData", "change: requestId and a known kind needed")
        if change["kind"] == "vat_id":
            vat_id = (change.get("vatId") or "").strip().upper()
            billing = [a for a in customer.addresses if a.kind == "billing"]
            country = billing[0].country.upper() if billing else ""
            if not vat_id or (country and not vat_id.startswith(country)):
                raise Rejected(
                    "Client.ChangeRefused",
                    f"VAT id {vat_id!r} does not belong to the billing country {country}",
                )
        elif change.get("address") is None:
            raise Rejected("Client.InvalidData", "change.address is required for this kind")
        with self._lock:
            requests = self.state["change_requests"]
            for known in requests:
                if known["requestId"] == request_id:
                    return known["reference"]
            reference = f"CR-{len(requests) + 1:05d}"
            requests.append(
                {
                    "reference": reference,
                    "customerNumber": customer.customer_number,
                    "receivedAt": now_utc().isoformat(),
                    **_jsonable(change),
                    "requestId": request_id,
                }
            )
            self._touch("change_requests", len(requests) - 1)
            self._save()
            return reference

    def change_requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(request) for request in self.state["change_requests"]]

    # -- prices and stock ---------------------------------------------------------

    def prices(self, customer_number: str, skus: list[str]) -> list[dict[str, Any]]:
        """Net prices for this customer; SKUs without a price are left out."""
        customer = self.customer(customer_number)
        result = []
        for sku in _distinct(skus):
            if sku in customer.special_prices:
                price = customer.special_prices[sku]
            elif sku in self.data.prices:
                factor = (Decimal(100) - customer.discount_percent) / Decimal(100)
                price = self.data.prices[sku] * factor
            else:
                continue
            result.append(
                {
                    "sku": sku,
                    "netPrice": price.quantize(CENT, ROUND_HALF_UP),
                    "currency": self.data.currency,
                }
            )
        return result

    def stock(self, skus: list[str]) -> list[dict[str, Any]]:
        with self._lock:
            overrides = dict(self.state["stock"])
        return [
            {
                "sku": sku,
                "quantity": overrides.get(sku, self.data.stock.get(sku, self.data.default_stock)),
            }
            for sku in _distinct(skus)
        ]

    def set_stock(self, levels: dict[str, int]) -> None:
        with self._lock:
            self.state["stock"].update(levels)
            for sku in levels:
                self._touch("stock", sku)
            self._save()

    # -- orders and updates -------------------------------------------------------

    def submit_order(self, order: dict[str, Any]) -> str:
        """Record the order and a "confirmed" update; a known order number changes nothing."""
        order_number = (order.get("orderNumber") or "").strip()
        if not order_number:
            raise Rejected("Client.InvalidData", "order.orderNumber must not be empty")
        with self._lock:
            known = self.state["orders"].get(order_number)
            if known is not None:
                # Idempotent by the shop's order number: a retry after a lost answer.
                known["received"] += 1
                self._touch("orders", order_number)
                self._save()
                return known["erpOrderNumber"]
            customer = self.customer(order.get("customerNumber") or "")
            _check_order(order, customer, self.data.currency)
            erp_order_number = f"SO-{100000 + self.state['next_erp_order']}"
            self.state["next_erp_order"] += 1
            self._touch("next_erp_order")
            self.state["orders"][order_number] = {
                "erpOrderNumber": erp_order_number,
                "customerNumber": customer.customer_number,
                "received": 1,
                "receivedAt": now_utc().isoformat(),
                "order": _jsonable(order),
                # §8: on-account orders may ship at once; prepayment waits for ReleaseOrder.
                "released": order.get("paymentMethod") != "prepayment",
            }
            self._touch("orders", order_number)
            self._append_update(order_number, "confirmed", message="Order confirmed")
            self._save()
            return erp_order_number

    def add_order_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """Append an update (shipped, invoiced, ...) for a received order (control API, CLI).

        Fields the event leaves out get realistic values: a tracking number and URL, the
        carrier DHL and every order line for "shipped"; an invoice number, today's date, a
        due date PAYMENT_DAYS later and the order's amounts for "invoiced"; the order's gross
        amount for "paid".
        """
        order_number = str(event.get("orderNumber") or "")
        kind = str(event.get("kind") or "")
        if kind not in UPDATE_KINDS:
            raise ValueError(f"kind: expected one of {', '.join(UPDATE_KINDS)}")
        with self._lock:
            order = self.state["orders"].get(order_number)
            if order is None:
                raise LookupError(f"orderNumber: no order {order_number!r} was received")
            if kind == "shipped" and not order.get("released", True):
                raise EventRefused(
                    f"order {order_number} is paid in advance and not released yet "
                    "(ReleaseOrder comes after the payment)"
                )
            amounts = _order_amounts(order["order"])
            fields: dict[str, Any] = {"message": str(event.get("message") or "")}
            tracking_number = str(event.get("trackingNumber") or "")
            tracking_url = str(event.get("trackingUrl") or "")
            if kind == "shipped":
                if not tracking_number:
                    tracking_number = (
                        f"TRK{order['erpOrderNumber'][3:]}{self.state['next_update']:04d}"
                    )
                fields["carrier"] = str(event.get("carrier") or DEFAULT_CARRIER)
                fields["shippedLines"] = _shipped_lines(event.get("shippedLines"), order["order"])
            if tracking_number and not tracking_url:
                tracking_url = f"https://tracking.example.com/parcel/{tracking_number}"
            fields["trackingNumber"] = tracking_number
            fields["trackingUrl"] = tracking_url
            if kind == "paid":
                fields["currency"] = amounts["currency"]
                fields["paidAmount"] = _money(event.get("paidAmount"), amounts["gross"])
            if kind == "invoiced":
                invoice_number = str(event.get("invoiceNumber") or "")
                if not invoice_number:
                    year = now_utc().year
                    invoice_number = (
                        f"RE-{year}-{order['customerNumber']}-S{self.state['next_invoice']:03d}"
                    )
                    self.state["next_invoice"] += 1
                    self._touch("next_invoice")
                invoice_date = _day(event.get("invoiceDate"), now_utc().date())
                net = _money(event.get("netAmount"), amounts["net"])
                vat = _money(event.get("vatAmount"), amounts["vat"])
                if event.get("invoicePdfBase64"):
                    pdf = base64.b64decode(event["invoicePdfBase64"], validate=True)
                else:
                    pdf = render_invoice_pdf(invoice_number, order_number, net)
                fields.update(
                    invoiceNumber=invoice_number,
                    invoicePdf=pdf,
                    invoiceDate=invoice_date,
                    dueDate=_day(event.get("dueDate"), invoice_date + timedelta(PAYMENT_DAYS)),
                    currency=amounts["currency"],
                    netAmount=net,
                    vatAmount=vat,
                    grossAmount=_money(event.get("grossAmount"), net + vat),
                )
            update = self._append_update(
                order_number,
                kind,
                tracking_number=fields.pop("trackingNumber"),
                tracking_url=fields.pop("trackingUrl"),
                invoice_number=fields.pop("invoiceNumber", ""),
                invoice_pdf=fields.pop("invoicePdf", b""),
                message=fields.pop("message"),
                **fields,
            )
            self._save()
            return {key: value for key, value in update.items() if key != "invoicePdf"}

    def release_order(self, order_number: str) -> bool:
        """§8: the order may ship now; releasing twice changes nothing."""
        number = (order_number or "").strip()
        with self._lock:
            order = self.state["orders"].get(number)
            if order is None:
                raise Rejected("Client.UnknownOrder", f"no order {order_number!r} was received")
            if not order.get("released", True):
                order["released"] = True
                self._touch("orders", number)
                self._save()
            return True

    def order_updates(self, after_update_id: str | None, limit: int) -> UpdatePage:
        """Up to `limit` updates recorded after `after_update_id` (None: from the first).

        Paging by the update id, not by time: two updates in the same instant, or a
        clock step backwards, can never make a client skip one.
        """
        after = (after_update_id or "").strip()
        with self._lock:
            updates = [dict(u) for u in self.state["updates"]]
        start = 0
        if after:
            ids = [update["updateId"] for update in updates]
            if after not in ids:
                raise Rejected("Client.InvalidData", f"afterUpdateId: unknown update {after!r}")
            start = ids.index(after) + 1
        page = updates[start : start + limit]
        for update in page:
            update["occurredAt"] = datetime.fromisoformat(update["occurredAt"])
            update["invoicePdf"] = base64.b64decode(update["invoicePdf"])
            # A state file written before contract v1.1 lacks the newer fields.
            update["shippedLines"] = update.get("shippedLines") or []
            update["carrier"] = update.get("carrier") or None
            update["currency"] = update.get("currency") or None
            for name in ("invoiceDate", "dueDate"):
                value = update.get(name)
                update[name] = date.fromisoformat(value) if value else None
            for name in ("netAmount", "vatAmount", "grossAmount", "paidAmount"):
                value = update.get(name)
                update[name] = Decimal(value) if value is not None else None
        next_cursor = page[-1]["updateId"] if page else after
        return UpdatePage(page, next_cursor, start + len(page) < len(updates))

    def received_orders(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {
                    "orderNumber": number,
                    "erpOrderNumber": order["erpOrderNumber"],
                    "customerNumber": order["customerNumber"],
                    "received": order["received"],
                    "receivedAt": order["receivedAt"],
                    "released": order.get("released", True),
                    "order": order["order"],
                }
                for number, order in self.state["orders"].items()
            ]

    def reset(self) -> None:
        """Forget everything received and every planned misbehaviour."""
        with self._lock:
            self.state = empty_state()
            self._save()
        with self.misbehaviour.lock:
            self.misbehaviour.fail_count = 0
            self.misbehaviour.fail_mode = "fault"
            self.misbehaviour.fail_after = 0
        self.misbehaviour.set_delay(0.0)
        self.misbehaviour.set_drip(0.0)

    def _append_update(
        self,
        order_number: str,
        kind: str,
        *,
        tracking_number: str = "",
        tracking_url: str = "",
        invoice_number: str = "",
        invoice_pdf: bytes = b"",
        message: str = "",
        **extra: Any,
    ) -> dict[str, Any]:
        update = {
            "updateId": f"U{self.state['next_update']:06d}",
            "orderNumber": order_number,
            "erpOrderNumber": self.state["orders"][order_number]["erpOrderNumber"],
            "kind": kind,
            "occurredAt": _monotonic_now(self.state["updates"]).isoformat(),
            "trackingNumber": tracking_number,
            "trackingUrl": tracking_url,
            "invoiceNumber": invoice_number,
            "invoicePdf": base64.b64encode(invoice_pdf).decode("ascii"),
            "message": message,
            **_jsonable(extra),
        }
        self.state["next_update"] += 1
        self.state["updates"].append(update)
        self._touch("next_update")
        self._touch("updates", len(self.state["updates"]) - 1)
        return update

    def _touch(self, *path: str | int) -> None:
        """Note that the value at `path` changed (under the lock), for the next _save."""
        self._changed.append(path)

    def _save(self) -> None:
        """Keep the changes noted since the last save; without any noted (a reset, or a
        change that names none), the whole state is written anew."""
        if self._changed:
            position = self._store.record(self.state, self._changed)
        else:
            self._store.compact(self.state)
            position = 0
        self._changed = []
        self._lock.wait_for_disk(position)


class _StateLock:
    """The backend's lock (reentrant). When a thread leaves its outermost hold, it waits
    until its changes are on disk, after releasing the lock: the next change need not wait
    for this one's fsync, and waiting writers share one."""

    def __init__(self, store: StateStore) -> None:
        self._lock = threading.RLock()
        self._store = store
        self._local = threading.local()

    def __enter__(self) -> None:
        self._lock.acquire()
        self._local.depth = getattr(self._local, "depth", 0) + 1

    def __exit__(self, *exc_info: object) -> None:
        self._local.depth -= 1
        position = 0
        if self._local.depth == 0:
            position = getattr(self._local, "position", 0)
            self._local.position = 0
        self._lock.release()
        if position:
            self._store.sync(position)

    def wait_for_disk(self, position: int) -> None:
        """Called under the lock: sync up to `position` when the outermost hold ends."""
        self._local.position = max(getattr(self._local, "position", 0), position)


def _monotonic_now(updates: list[dict[str, Any]]) -> datetime:
    # Occurrence times never go backwards even if the wall clock does, so "since" stays usable.
    moment = now_utc()
    if updates:
        last = datetime.fromisoformat(updates[-1]["occurredAt"])
        if moment <= last:
            moment = last + timedelta(microseconds=1)
    return moment


def _check_order(order: dict[str, Any], customer: CustomerData, currency: str) -> None:
    lines = order.get("lines") or []
    if not lines:
        raise Rejected("Client.InvalidData", "order.lines must contain at least one line")
    line_numbers = [line.get("lineNumber") for line in lines]
    if len(set(line_numbers)) != len(line_numbers):
        raise Rejected("Client.InvalidData", "order.lines: lineNumber must be unique")
    for index, line in enumerate(lines):
        if not (line.get("sku") or "").strip():
            raise Rejected("Client.InvalidData", f"order.lines[{index}].sku must not be empty")
        if not (line.get("unit") or "").strip():
            raise Rejected("Client.InvalidData", f"order.lines[{index}].unit must not be empty")
        if not Decimal(0) <= (line.get("vatRate") or Decimal(0)) <= Decimal(100):
            raise Rejected(
                "Client.InvalidData", f"order.lines[{index}].vatRate must be 0 to 100 (percent)"
            )
        if (line.get("quantity") or 0) < 1:
            raise Rejected("Client.InvalidData", f"order.lines[{index}].quantity must be >= 1")
        if (line.get("unitPrice") or Decimal(0)) < 0:
            raise Rejected("Client.InvalidData", f"order.lines[{index}].unitPrice must be >= 0")
    if order.get("currency") != currency:
        raise Rejected("Client.InvalidData", f"order.currency must be {currency}")
    if order.get("paymentMethod") not in customer.payment_methods:
        raise Rejected(
            "Client.InvalidData",
            f"payment method {order.get('paymentMethod')!r} is not allowed for customer "
            f"{customer.customer_number}",
        )
    if "@" not in (order.get("ordererEmail") or ""):
        raise Rejected("Client.InvalidData", "order.ordererEmail is not an e-mail address")


def _order_amounts(order: dict[str, Any]) -> dict[str, Any]:
    """Net, VAT (per line, rounded half-up) and gross of a received order, as the ERP bills."""
    net = vat = Decimal(0)
    for line in order.get("lines") or []:
        line_net = (Decimal(str(line["unitPrice"])) * int(line["quantity"])).quantize(CENT)
        net += line_net
        vat += (line_net * Decimal(str(line["vatRate"])) / 100).quantize(CENT, ROUND_HALF_UP)
    return {"net": net, "vat": vat, "gross": net + vat, "currency": order.get("currency")}


def _money(value: Any, default: Decimal) -> Decimal:
    if value is None or value == "":
        return default
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValueError(f"amount {value!r}: expected a decimal such as 12.50") from None
    if not amount.is_finite() or not 0 <= amount < MAX_AMOUNT:
        raise ValueError(f"amount {value!r}: expected a decimal from 0 to below {MAX_AMOUNT}")
    return amount.quantize(CENT, ROUND_HALF_UP)


def _day(value: Any, default: date) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"date {value!r}: expected YYYY-MM-DD") from None


def _shipped_lines(wanted: Any, order: dict[str, Any]) -> list[dict[str, Any]]:
    """The lines of a shipment: those named (lineNumber, quantity), else every order line."""
    lines = {int(line["lineNumber"]): line for line in order.get("lines") or []}
    if not wanted:
        return [
            {"lineNumber": number, "sku": line["sku"], "quantity": int(line["quantity"])}
            for number, line in sorted(lines.items())
        ]
    if not isinstance(wanted, list):
        raise ValueError("shippedLines: expected a list of {lineNumber, quantity}")
    result = []
    for item in wanted:
        try:
            number, quantity = int(item["lineNumber"]), int(item["quantity"])
        except (KeyError, TypeError, ValueError):
            raise ValueError("shippedLines: each needs a lineNumber and a quantity") from None
        if number not in lines or not 1 <= quantity <= int(lines[number]["quantity"]):
            raise ValueError(f"shippedLines: line {number} is not in the order or too many")
        result.append({"lineNumber": number, "sku": lines[number]["sku"], "quantity": quantity})
    return result


def _distinct(skus: list[str]) -> list[str]:
    if len(skus) > MAX_SKUS:
        raise Rejected("Client.InvalidData", f"at most {MAX_SKUS} SKUs per call")
    return list(dict.fromkeys(sku.strip() for sku in skus if sku and sku.strip()))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
