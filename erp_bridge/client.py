"""ErpClient: the shop's typed view of the ERP contract (erp.wsdl).

Methods take and return the dataclasses of erp_bridge.types and raise only
ErpUnavailable (technical, retry later) or ErpRejected (business refusal).
"""

import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from erp_bridge.circuit import CallGate
from erp_bridge.errors import ErpRejected, ErpUnavailable
from erp_bridge.soap import SoapService
from erp_bridge.types import (
    Article,
    ArticleAttribute,
    ArticlePage,
    Contact,
    Customer,
    CustomerChange,
    ErpAddress,
    OrderToSubmit,
    OrderUpdate,
    OrderUpdatePage,
    Price,
    ShippedLine,
    StockLevel,
)
from erp_bridge.validation import contact_problems, customer_problems

# Contract v1.3: GetArticles is optional. An ERP without article data answers this code;
# the client gives the same for an ERP whose contract has no GetArticles at all.
NO_ARTICLE_DATA = "Client.NoArticleData"
# get_article_file: a URL not on the ERP's own host (never fetched), and a file the ERP
# does not serve.
FOREIGN_URL = "Client.ForeignUrl"
UNKNOWN_FILE = "Client.UnknownFile"
MAX_ARTICLE_FILE_BYTES = 10 * 1024 * 1024
# Faults an ERP answers for an operation it does not know (spyne; other SOAP stacks).
_UNKNOWN_OPERATION = ("Client.ResourceNotFound", "Client.MethodNotFound", "Client.NotImplemented")


class ErpClient:
    """A client for one ERP endpoint. Constructing it does no I/O; the WSDL loads on first use."""

    def __init__(
        self,
        wsdl_url: str,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 5.0,
        operation_timeout: float | None = None,
        endpoint: str | None = None,
        gate: CallGate | None = None,
    ) -> None:
        self.wsdl_url = wsdl_url
        self._soap = SoapService(
            wsdl_url,
            username=username,
            password=password,
            timeout=timeout,
            operation_timeout=operation_timeout,
            endpoint=endpoint,
            gate=gate,
        )

    def load_wsdl(self) -> None:
        """Fetch and parse the WSDL now instead of on the first call."""
        self._soap.load()

    def ping(self) -> None:
        """Return when the ERP answers; raise ErpUnavailable otherwise (for /healthz)."""
        if self._soap.call("Ping") is not True:
            raise ErpUnavailable("the ERP answered Ping with something other than ok")

    def verify_customer_center_access(
        self, customer_number: str, invoice_number: str, email: str
    ) -> bool:
        """§3: may this customer register for the customer center with this invoice number?"""
        allowed = self._soap.call(
            "VerifyCustomerCenterAccess",
            customerNumber=customer_number,
            invoiceNumber=invoice_number,
            email=email,
        )
        return allowed is True

    def get_customer(self, customer_number: str) -> Customer:
        """The customer's master data; ErpRejected("Client.UnknownCustomer") if there is none."""
        raw = self._soap.call("GetCustomer", customerNumber=customer_number)
        customer = Customer(
            customer_number=raw["customerNumber"],
            name=raw["name"],
            vat_id=raw["vatId"] or "",
            customer_center=bool(raw["customerCenter"]),
            payment_terms=raw["paymentTerms"] or "",
            payment_methods=tuple(_items(raw["paymentMethods"], "paymentMethod")),
            addresses=tuple(_address(a) for a in _items(raw["addresses"], "address")),
        )
        # Data at the boundary: a real ERP holds text a mail header or XML refuses.
        return replace(customer, problems=customer_problems(customer))

    def list_contacts(self, customer_number: str) -> list[Contact]:
        """The customer's contacts as the ERP knows them."""
        raw = self._soap.call("ListContacts", customerNumber=customer_number)
        return [_contact(contact) for contact in _items(raw, "contact")]

    def upsert_contact(self, customer_number: str, contact: Contact) -> Contact:
        """Create the contact (contact_id None) or update it; returns it with the ERP's id."""
        raw = self._soap.call(
            "UpsertContact",
            customerNumber=customer_number,
            contact={
                "contactId": contact.contact_id,
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
            },
        )
        return _contact(raw)

    def request_customer_change(self, customer_number: str, change: CustomerChange) -> str:
        """Ask the ERP to change the customer's master data; returns the ERP's reference.

        Idempotent by change.request_id. ErpRejected("Client.ChangeRefused") when the ERP
        will not make the change; the shop's copy changes only through GetCustomer.
        """
        return self._soap.call(
            "RequestCustomerChange",
            customerNumber=customer_number,
            change={
                "requestId": change.request_id,
                "kind": change.kind,
                "vatId": change.vat_id or None,
                "address": _address_out(change.address) if change.address else None,
                "requestedBy": change.requested_by,
            },
        )

    def get_prices(self, customer_number: str, skus: Iterable[str]) -> dict[str, Price]:
        """Customer-specific net prices by SKU; SKUs the ERP has no price for are absent."""
        raw = self._soap.call("GetPrices", customerNumber=customer_number, skus={"sku": list(skus)})
        return {
            price["sku"]: Price(
                sku=price["sku"],
                net_price=Decimal(price["netPrice"]),
                currency=price["currency"],
            )
            for price in _items(raw, "price")
        }

    def get_stock(self, skus: Iterable[str]) -> dict[str, StockLevel]:
        """Available quantity by SKU."""
        raw = self._soap.call("GetStock", skus={"sku": list(skus)})
        return {
            level["sku"]: StockLevel(sku=level["sku"], quantity=int(level["quantity"]))
            for level in _items(raw, "stockLevel")
        }

    def submit_order(self, order: OrderToSubmit) -> str:
        """Send the order; returns the ERP order number. Idempotent by order.order_number."""
        fields: dict[str, Any] = {}
        if order.requested_delivery_date is not None:
            # Only when asked for: an ERP on the contract before v1.2 has no such element.
            fields["requestedDeliveryDate"] = order.requested_delivery_date
        return self._soap.call(
            "SubmitOrder",
            order={
                "orderNumber": order.order_number,
                "customerNumber": order.customer_number,
                "orderedAt": _utc(order.ordered_at),
                "currency": order.currency,
                "totalNet": order.total_net,
                "paymentMethod": order.payment_method,
                "deliveryMethod": order.delivery_method,
                "deliveryAddress": _address_out(order.delivery_address),
                "customerReference": order.customer_reference,
                "comment": order.comment,
                "ordererEmail": order.orderer_email,
                "lines": {
                    "line": [
                        {
                            "lineNumber": line.line_number,
                            "sku": line.sku,
                            "quantity": line.quantity,
                            "unit": line.unit,
                            "unitPrice": line.unit_price,
                            "vatRate": line.vat_rate,
                        }
                        for line in order.lines
                    ]
                },
                **fields,
            },
        )

    def release_order(self, order_number: str) -> None:
        """§8: the order may ship now (a prepayment order once paid). Idempotent; an order
        the ERP does not know is refused with Client.UnknownOrder."""
        self._soap.call("ReleaseOrder", orderNumber=order_number)

    def get_order_updates(self, after: str | None = None, limit: int = 100) -> OrderUpdatePage:
        """Up to `limit` updates recorded after the update with id `after` (None: from the
        first), in the ERP's order; the page's next_cursor is the `after` of the next call."""
        raw = self._soap.call("GetOrderUpdates", afterUpdateId=after, limit=limit)
        updates = tuple(_order_update(update) for update in _items(raw["updates"], "update"))
        return OrderUpdatePage(
            updates=updates,
            next_cursor=raw["nextCursor"] or None,
            has_more=raw["hasMore"] is True,
        )

    def get_articles(
        self,
        page_token: str | None = None,
        page_size: int = 200,
        changed_since: datetime | None = None,
    ) -> ArticlePage:
        """One page of the ERP's article data (contract v1.3); pass the page's
        next_page_token to read on. ErpRejected(NO_ARTICLE_DATA) when the ERP offers none,
        also when its contract predates GetArticles."""
        if not self._soap.offers("GetArticles"):
            raise ErpRejected(NO_ARTICLE_DATA, "the ERP's contract has no GetArticles")
        arguments: dict[str, Any] = {"pageSize": page_size}
        if page_token:
            arguments["pageToken"] = page_token
        if changed_since is not None:
            arguments["changedSince"] = _utc(changed_since)
        try:
            raw = self._soap.call("GetArticles", **arguments)
        except ErpRejected as refusal:
            # An ERP that validates requests against its own, older schema refuses the first
            # call as invalid data (spyne: "No matching global declaration"); a later page's
            # refusal is about its token.
            first_page = page_token is None
            if refusal.code in _UNKNOWN_OPERATION or (
                first_page and refusal.code == "Client.InvalidData"
            ):
                raise ErpRejected(NO_ARTICLE_DATA, refusal.message) from None
            raise
        return ArticlePage(
            articles=tuple(_article(article) for article in _items(raw["articles"], "article")),
            next_page_token=raw.get("nextPageToken") or None,
        )

    def get_article_file(self, url: str) -> bytes:
        """The image or data sheet an article names. Fetched only from the ERP's own host
        (scheme, host and port of the SOAP endpoint): anything else is
        ErpRejected(FOREIGN_URL) without a request, so article data cannot make the shop
        fetch from its internal network. ErpRejected(UNKNOWN_FILE) when the ERP has none."""
        if not _same_origin(url, self._soap.endpoint or self.wsdl_url):
            raise ErpRejected(FOREIGN_URL, "not on the ERP's host")
        return self._soap.get_file(url, MAX_ARTICLE_FILE_BYTES)


_clients: dict[tuple[Any, ...], ErpClient] = {}
_clients_lock = threading.Lock()


def get_client(
    wsdl_url: str,
    username: str | None = None,
    password: str | None = None,
    timeout: float = 5.0,
    operation_timeout: float | None = None,
    endpoint: str | None = None,
    gate: CallGate | None = None,
) -> ErpClient:
    """The process-wide ErpClient for these arguments (the WSDL is parsed once per process)."""
    key = (wsdl_url, username, password, timeout, operation_timeout, endpoint, gate)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = ErpClient(
                wsdl_url,
                username=username,
                password=password,
                timeout=timeout,
                operation_timeout=operation_timeout,
                endpoint=endpoint,
                gate=gate,
            )
            _clients[key] = client
        return client


def _items(wrapper: Any, member: str) -> list[Any]:
    # Arrays travel as a wrapper element holding repeated members (<prices><price/>...).
    if wrapper is None:
        return []
    if isinstance(wrapper, dict):
        return list(wrapper.get(member) or [])
    return list(wrapper)


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return parts.scheme, parts.hostname.lower(), port


def _same_origin(url: str, erp_url: str) -> bool:
    origin = _origin(url)
    return origin is not None and origin == _origin(erp_url)


def _text(value: Any) -> str | None:
    # An element left out and an empty one both mean "no value": the shop keeps its own.
    return value if value else None


def _article(raw: dict[str, Any]) -> Article:
    return Article(
        sku=raw["sku"],
        changed_at=_utc(raw["changedAt"]),
        name_en=_text(raw.get("nameEn")),
        name_de=_text(raw.get("nameDe")),
        description_en=_text(raw.get("descriptionEn")),
        description_de=_text(raw.get("descriptionDe")),
        manufacturer=_text(raw.get("manufacturer")),
        category_code=_text(raw.get("categoryCode")),
        product_type_code=_text(raw.get("productTypeCode")),
        unit=_text(raw.get("unit")),
        ean=_text(raw.get("ean")),
        list_price=_decimal(raw.get("listPrice")),
        vat_rate=_decimal(raw.get("vatRate")),
        attributes=tuple(
            ArticleAttribute(
                key=attribute["key"],
                value_en=attribute["valueEn"],
                value_de=attribute.get("valueDe") or "",
            )
            for attribute in _items(raw.get("attributes"), "attribute")
        ),
        image_url=_text(raw.get("imageUrl")),
        datasheet_url=_text(raw.get("datasheetUrl")),
    )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _order_update(raw: dict[str, Any]) -> OrderUpdate:
    return OrderUpdate(
        update_id=raw["updateId"],
        order_number=raw["orderNumber"],
        erp_order_number=raw["erpOrderNumber"],
        kind=raw["kind"],
        occurred_at=_utc(raw["occurredAt"]),
        tracking_number=raw.get("trackingNumber") or "",
        tracking_url=raw.get("trackingUrl") or "",
        invoice_number=raw.get("invoiceNumber") or "",
        invoice_pdf=raw.get("invoicePdf") or b"",
        message=raw.get("message") or "",
        carrier=raw.get("carrier") or "",
        shipped_lines=tuple(
            ShippedLine(
                line_number=int(line["lineNumber"]),
                sku=line["sku"],
                quantity=int(line["quantity"]),
            )
            for line in _items(raw.get("shippedLines"), "shippedLine")
        ),
        invoice_date=raw.get("invoiceDate"),
        due_date=raw.get("dueDate"),
        currency=raw.get("currency") or "",
        net_amount=_decimal(raw.get("netAmount")),
        vat_amount=_decimal(raw.get("vatAmount")),
        gross_amount=_decimal(raw.get("grossAmount")),
        paid_amount=_decimal(raw.get("paidAmount")),
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _address(raw: dict[str, Any]) -> ErpAddress:
    return ErpAddress(
        kind=raw["kind"],
        name=raw["name"],
        street=raw["street"],
        postal_code=raw["postalCode"],
        city=raw["city"],
        country=raw["country"],
    )


def _address_out(address: ErpAddress) -> dict[str, str]:
    return {
        "kind": address.kind,
        "name": address.name,
        "street": address.street,
        "postalCode": address.postal_code,
        "city": address.city,
        "country": address.country,
    }


def _contact(raw: dict[str, Any]) -> Contact:
    contact = Contact(
        contact_id=raw.get("contactId"),
        name=raw["name"],
        email=raw["email"],
        phone=raw.get("phone") or "",
    )
    return replace(contact, problems=contact_problems(contact))
