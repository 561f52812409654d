"""The simulator's data file: customers, price list and stock, validated at start-up.

The file is plain JSON (schema in erp_bridge/README.md). Validation names the
first bad field with its path, e.g. ``customers[2].invoices: expected a list of
strings``, so a hand-edited file fails with a message someone can act on.

``allow_bad_text`` loads a file whose names, e-mails and other texts break the text
rules (control characters, malformed addresses) while still refusing every structural
error: a real ERP holds such data, and tests must show the shop copes with it.
"""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from erp_bridge.simulator.articles import InvalidArticles, parse_articles
from erp_bridge.validation import (
    customer_number_key,
    has_control_characters,
    is_currency_code,
    is_valid_email,
)

DEMO_DATA_PATH = Path(__file__).with_name("demo_data.json")
PAYMENT_METHODS = ("invoice", "prepayment", "direct_debit")
ADDRESS_KINDS = ("billing", "delivery")


class InvalidDataFile(Exception):
    """The data file cannot be used; the message names the bad field."""


@dataclass(frozen=True)
class AddressData:
    kind: str
    name: str
    street: str
    postal_code: str
    city: str
    country: str


@dataclass(frozen=True)
class ContactData:
    contact_id: str
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class CustomerData:
    customer_number: str
    name: str
    vat_id: str
    customer_center: bool
    payment_terms: str
    payment_methods: tuple[str, ...]
    addresses: tuple[AddressData, ...]
    contacts: tuple[ContactData, ...]
    invoices: tuple[str, ...]
    discount_percent: Decimal
    special_prices: dict[str, Decimal]


@dataclass(frozen=True)
class ErpData:
    currency: str
    customers: dict[str, CustomerData]
    prices: dict[str, Decimal]
    stock: dict[str, int]
    default_stock: int
    # Contract v1.3: None when the file has no "articles" (an ERP without article data).
    articles: tuple[dict[str, Any], ...] | None = None

    def find_customer(self, customer_number: str) -> CustomerData | None:
        """The customer with this number, compared without regard to case (the contract's rule)."""
        key = customer_number_key(customer_number or "")
        for customer in self.customers.values():
            if customer_number_key(customer.customer_number) == key:
                return customer
        return None


def load_data(path: Path, allow_bad_text: bool = False) -> ErpData:
    """Read and validate the data file; raise InvalidDataFile naming the bad field.

    The messages do not repeat the path: whoever reports them names the file once.
    """
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidDataFile("file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidDataFile(f"cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise InvalidDataFile(f"not valid JSON: {error}") from None
    return parse_data(raw, allow_bad_text=allow_bad_text)


def parse_data(raw: Any, allow_bad_text: bool = False) -> ErpData:
    """Validate already-decoded JSON and turn it into ErpData."""
    rules = _TextRules(enforced=not allow_bad_text)
    root = _object(raw, "(file)", required=("customers", "prices", "stock"))
    _no_unknown(root, "(file)", {"currency", "customers", "prices", "stock", "articles"})
    currency = _string(root.get("currency", "EUR"), "currency")
    if not is_currency_code(currency):
        raise InvalidDataFile("currency: expected an ISO 4217 code such as 'EUR'")

    raw_customers = root["customers"]
    if not isinstance(raw_customers, list):
        raise InvalidDataFile("customers: expected a list of objects")
    customers: dict[str, CustomerData] = {}
    numbers: dict[str, int] = {}
    invoices: dict[str, int] = {}
    contact_ids: set[str] = set()
    for index, item in enumerate(raw_customers):
        customer = _customer(item, f"customers[{index}]", rules)
        key = customer_number_key(customer.customer_number)
        if key in numbers:
            raise InvalidDataFile(
                f"customers[{index}].customerNumber: duplicate {customer.customer_number!r} "
                f"(customers[{numbers[key]}] has the same number; case does not count)"
            )
        numbers[key] = index
        for position, invoice in enumerate(customer.invoices):
            # VerifyCustomerCenterAccess compares invoice numbers without regard to case.
            owner = invoices.setdefault(invoice.upper(), index)
            if owner != index:
                raise InvalidDataFile(
                    f"customers[{index}].invoices[{position}]: {invoice!r} belongs to "
                    f"customers[{owner}] already"
                )
        for position, contact in enumerate(customer.contacts):
            if contact.contact_id in contact_ids:
                raise InvalidDataFile(
                    f"customers[{index}].contacts[{position}].contactId: "
                    f"duplicate {contact.contact_id!r}"
                )
            contact_ids.add(contact.contact_id)
        customers[customer.customer_number] = customer

    prices_raw = _object(root["prices"], "prices", required=("list",))
    _no_unknown(prices_raw, "prices", {"list"})
    prices = {
        sku: _money(value, f"prices.list[{sku!r}]")
        for sku, value in _object(prices_raw["list"], "prices.list").items()
    }

    stock_raw = _object(root["stock"], "stock", required=("levels",))
    _no_unknown(stock_raw, "stock", {"levels", "default"})
    stock = {
        sku: _quantity(value, f"stock.levels[{sku!r}]")
        for sku, value in _object(stock_raw["levels"], "stock.levels").items()
    }
    default_stock = _quantity(stock_raw.get("default", 0), "stock.default")
    articles = None
    if "articles" in root:
        try:
            articles = parse_articles(root["articles"])
        except InvalidArticles as error:
            raise InvalidDataFile(str(error)) from None
    return ErpData(currency, customers, prices, stock, default_stock, articles)


_CUSTOMER_FIELDS = {
    "customerNumber",
    "name",
    "vatId",
    "customerCenter",
    "paymentTerms",
    "paymentMethods",
    "addresses",
    "contacts",
    "invoices",
    "discountPercent",
    "specialPrices",
}


class _TextRules:
    """The checks on text content that `allow_bad_text` switches off."""

    def __init__(self, enforced: bool) -> None:
        self.enforced = enforced

    def text(self, value: str, where: str, multi_line: bool = False) -> str:
        if self.enforced and has_control_characters(value, allow_line_breaks=multi_line):
            raise InvalidDataFile(f"{where}: contains a control character")
        return value

    def email(self, value: str, where: str) -> str:
        if self.enforced and not is_valid_email(value):
            raise InvalidDataFile(f"{where}: expected an e-mail address")
        return value


def _identifier(raw: Any, where: str) -> str:
    # A blank at either end is invisible in most tools: " 7201" beside "7201" would look
    # like one customer listed twice, and a number typed without the blank would not match.
    value = _string(raw, where, non_empty=True)
    if value != value.strip():
        raise InvalidDataFile(f"{where}: must not start or end with blanks")
    if has_control_characters(value):
        raise InvalidDataFile(f"{where}: contains a control character")
    return value


def _customer(raw: Any, where: str, rules: _TextRules) -> CustomerData:
    item = _object(
        raw,
        where,
        required=("customerNumber", "name", "customerCenter", "paymentMethods", "addresses"),
    )
    _no_unknown(item, where, _CUSTOMER_FIELDS)
    customer_number = _identifier(item["customerNumber"], f"{where}.customerNumber")
    if not isinstance(item["customerCenter"], bool):
        raise InvalidDataFile(f"{where}.customerCenter: expected true or false")
    methods = _strings(item["paymentMethods"], f"{where}.paymentMethods")
    for position, method in enumerate(methods):
        if method not in PAYMENT_METHODS:
            raise InvalidDataFile(
                f"{where}.paymentMethods[{position}]: {method!r} is not one of "
                + ", ".join(PAYMENT_METHODS)
            )
    raw_addresses = item["addresses"]
    if not isinstance(raw_addresses, list):
        raise InvalidDataFile(f"{where}.addresses: expected a list of objects")
    if not raw_addresses:
        raise InvalidDataFile(f"{where}.addresses: expected at least one address")
    addresses = tuple(
        _address(address, f"{where}.addresses[{position}]", rules)
        for position, address in enumerate(raw_addresses)
    )
    raw_contacts = item.get("contacts", [])
    if not isinstance(raw_contacts, list):
        raise InvalidDataFile(f"{where}.contacts: expected a list of objects")
    contacts = tuple(
        _contact(contact, f"{where}.contacts[{position}]", customer_number, position, rules)
        for position, contact in enumerate(raw_contacts)
    )
    invoices = _strings(item.get("invoices", []), f"{where}.invoices")
    for position, invoice in enumerate(invoices):
        _identifier(invoice, f"{where}.invoices[{position}]")
    discount = _money(item.get("discountPercent", 0), f"{where}.discountPercent")
    if discount > 100:
        raise InvalidDataFile(f"{where}.discountPercent: expected a number from 0 to 100")
    special = {
        sku: _money(value, f"{where}.specialPrices[{sku!r}]")
        for sku, value in _object(item.get("specialPrices", {}), f"{where}.specialPrices").items()
    }
    return CustomerData(
        customer_number=customer_number,
        name=rules.text(_string(item["name"], f"{where}.name", non_empty=True), f"{where}.name"),
        vat_id=rules.text(_string(item.get("vatId", ""), f"{where}.vatId"), f"{where}.vatId"),
        customer_center=item["customerCenter"],
        payment_terms=rules.text(
            _string(item.get("paymentTerms", ""), f"{where}.paymentTerms"),
            f"{where}.paymentTerms",
            multi_line=True,
        ),
        payment_methods=methods,
        addresses=addresses,
        contacts=contacts,
        invoices=invoices,
        discount_percent=discount,
        special_prices=special,
    )


def _address(raw: Any, where: str, rules: _TextRules) -> AddressData:
    fields = ("kind", "name", "street", "postalCode", "city", "country")
    item = _object(raw, where, required=fields)
    _no_unknown(item, where, set(fields))
    values = {
        name: rules.text(_string(item[name], f"{where}.{name}", non_empty=True), f"{where}.{name}")
        for name in fields
    }
    if values["kind"] not in ADDRESS_KINDS:
        raise InvalidDataFile(f"{where}.kind: expected 'billing' or 'delivery'")
    if len(values["country"]) != 2 or not values["country"].isupper():
        raise InvalidDataFile(f"{where}.country: expected an ISO 3166-1 alpha-2 code such as 'DE'")
    return AddressData(
        values["kind"],
        values["name"],
        values["street"],
        values["postalCode"],
        values["city"],
        values["country"],
    )


def _contact(
    raw: Any, where: str, customer_number: str, position: int, rules: _TextRules
) -> ContactData:
    item = _object(raw, where, required=("name", "email"))
    _no_unknown(item, where, {"contactId", "name", "email", "phone"})
    email = rules.email(_string(item["email"], f"{where}.email", non_empty=True), f"{where}.email")
    default_id = f"C-{customer_number}-{position + 1:02d}"
    return ContactData(
        contact_id=_identifier(item.get("contactId", default_id), f"{where}.contactId"),
        name=rules.text(_string(item["name"], f"{where}.name", non_empty=True), f"{where}.name"),
        email=email,
        phone=rules.text(_string(item.get("phone", ""), f"{where}.phone"), f"{where}.phone"),
    )


def _object(raw: Any, where: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidDataFile(f"{where}: expected an object")
    for name in required:
        if name not in raw:
            prefix = "" if where == "(file)" else f"{where}."
            raise InvalidDataFile(f"{prefix}{name}: missing")
    return raw


def _no_unknown(item: dict[str, Any], where: str, known: set[str]) -> None:
    # A typo such as "invoice" for "invoices" would otherwise be silently ignored.
    for name in item:
        if name not in known:
            prefix = "" if where == "(file)" else f"{where}."
            raise InvalidDataFile(f"{prefix}{name}: unknown field")


def _string(raw: Any, where: str, non_empty: bool = False) -> str:
    if not isinstance(raw, str):
        raise InvalidDataFile(f"{where}: expected a string")
    if non_empty and not raw.strip():
        raise InvalidDataFile(f"{where}: must not be empty")
    return raw


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(value, str) for value in raw):
        raise InvalidDataFile(f"{where}: expected a list of strings")
    return tuple(raw)


def _money(raw: Any, where: str) -> Decimal:
    # Numbers or numeric strings ("12.50"); floats are read via str() so 0.1 stays 0.1.
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise InvalidDataFile(f"{where}: expected a non-negative number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise InvalidDataFile(f"{where}: expected a non-negative number") from None
    if not value.is_finite() or value < 0:
        raise InvalidDataFile(f"{where}: expected a non-negative number")
    return value


def _quantity(raw: Any, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise InvalidDataFile(f"{where}: expected a whole number >= 0")
    return raw
