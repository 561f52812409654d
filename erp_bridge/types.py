"""Plain data exchanged with the ERP; nothing here knows SOAP."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class DataProblem(StrEnum):
    """Why data the ERP sent cannot be used as it is (validated at the boundary)."""

    INVALID_NAME = "invalid_name"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    INVALID_ADDRESS = "invalid_address"
    INVALID_TEXT = "invalid_text"  # VAT id, payment terms


@dataclass(frozen=True)
class ErpAddress:
    kind: str  # "billing" | "delivery"
    name: str
    street: str
    postal_code: str
    city: str
    country: str  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Customer:
    customer_number: str
    name: str
    vat_id: str
    customer_center: bool  # may this customer use the customer center?
    payment_terms: str
    payment_methods: tuple[str, ...]  # "invoice", "prepayment", "direct_debit"
    addresses: tuple[ErpAddress, ...]
    # Set by the client when a field breaks the text rules; such a customer is not stored.
    problems: tuple[DataProblem, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Contact:
    contact_id: str | None  # the ERP's id; None for a contact the ERP does not know yet
    name: str
    email: str
    phone: str = ""
    # Set by the client when a field from the ERP breaks the text rules (e.g. CR/LF in the
    # e-mail): such a contact is shown but never taken over.
    problems: tuple[DataProblem, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CustomerChange:
    """A change of the customer's master data the shop asks the ERP for (contract v1.2)."""

    request_id: str  # the shop's id: RequestCustomerChange is idempotent on it
    kind: str  # "billing_address" | "delivery_address" | "vat_id"
    requested_by: str  # who asked, "Name <e-mail>", for the ERP's clerk
    vat_id: str = ""  # kind "vat_id"
    address: ErpAddress | None = None  # the address kinds


@dataclass(frozen=True)
class Price:
    sku: str
    net_price: Decimal
    currency: str = "EUR"


@dataclass(frozen=True)
class StockLevel:
    sku: str
    quantity: int


@dataclass(frozen=True)
class OrderLineToSubmit:
    line_number: int  # unique within the order, from 1
    sku: str
    quantity: int
    unit: str  # of the quantity, e.g. "piece", "box"
    unit_price: Decimal  # net
    vat_rate: Decimal  # percent, e.g. Decimal("19.00")


@dataclass(frozen=True)
class OrderToSubmit:
    order_number: str  # the shop's order number: SubmitOrder is idempotent on it
    customer_number: str
    ordered_at: datetime
    currency: str
    total_net: Decimal
    payment_method: str
    delivery_method: str
    delivery_address: ErpAddress
    customer_reference: str
    comment: str
    orderer_email: str
    lines: tuple[OrderLineToSubmit, ...] = field(default_factory=tuple)
    # Added in contract v1.2 (#15): the day the customer asks to receive the order; None
    # leaves it out, so an ERP that does not know the field still takes the order.
    requested_delivery_date: date | None = None


@dataclass(frozen=True)
class ShippedLine:
    """One line of a shipment: the order line (its lineNumber as sent) and how many left."""

    line_number: int
    sku: str
    quantity: int


@dataclass(frozen=True)
class OrderUpdate:
    update_id: str
    order_number: str  # the shop's order number
    erp_order_number: str
    kind: str  # "confirmed" | "paid" | "shipped" | "invoiced" | "delivered" | "rejected"
    occurred_at: datetime
    tracking_number: str = ""
    tracking_url: str = ""
    invoice_number: str = ""
    invoice_pdf: bytes = b""
    message: str = ""
    # Added in contract v1.1; an older ERP leaves them out (empty / None).
    carrier: str = ""  # "shipped": e.g. "DHL", "UPS"
    shipped_lines: tuple[ShippedLine, ...] = ()  # "shipped": empty means the whole order
    invoice_date: date | None = None  # "invoiced"
    due_date: date | None = None  # "invoiced"
    currency: str = ""  # of the amounts below
    net_amount: Decimal | None = None  # "invoiced"
    vat_amount: Decimal | None = None  # "invoiced"
    gross_amount: Decimal | None = None  # "invoiced"
    paid_amount: Decimal | None = None  # "paid"


@dataclass(frozen=True)
class OrderUpdatePage:
    """One page of GetOrderUpdates: pass next_cursor as `after` to read on."""

    updates: tuple[OrderUpdate, ...]
    next_cursor: str | None  # None: the ERP has recorded no update yet
    has_more: bool


@dataclass(frozen=True)
class ArticleAttribute:
    """A technical attribute of an article (contract v1.3): its key and value per language."""

    key: str
    value_en: str
    value_de: str = ""  # empty: the same as value_en


@dataclass(frozen=True)
class Article:
    """An article as the ERP keeps it (contract v1.3, GetArticles). None: the ERP sent no
    value, and the shop keeps what it has."""

    sku: str
    changed_at: datetime
    name_en: str | None = None
    name_de: str | None = None
    description_en: str | None = None
    description_de: str | None = None
    manufacturer: str | None = None
    category_code: str | None = None
    product_type_code: str | None = None
    unit: str | None = None
    ean: str | None = None
    list_price: Decimal | None = None
    vat_rate: Decimal | None = None
    attributes: tuple[ArticleAttribute, ...] = ()
    image_url: str | None = None  # absolute, on the ERP's host
    datasheet_url: str | None = None


@dataclass(frozen=True)
class ArticlePage:
    """One page of GetArticles: pass next_page_token to read on; None: the last page."""

    articles: tuple[Article, ...]
    next_page_token: str | None
