"""Changes of a customer's master data the main contact asks the ERP for (#15): the kinds, the
states of a request, and the shop's own check of a VAT id before it is sent."""

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum


class ChangeKind(StrEnum):
    BILLING_ADDRESS = "billing_address"
    DELIVERY_ADDRESS = "delivery_address"
    VAT_ID = "vat_id"


ADDRESS_KINDS = frozenset({ChangeKind.BILLING_ADDRESS, ChangeKind.DELIVERY_ADDRESS})


class ChangeRequestStatus(StrEnum):
    PENDING = "pending"  # written, waiting in the outbox for the ERP
    SENT = "sent"  # the ERP took it; the shop's data changes when the ERP's data does
    REFUSED = "refused"  # the ERP refused it (or it could not be delivered): an operator looks
    HANDLED = "handled"  # an operator dealt with the refusal
    MADE = "made"  # the ERP's customer data shows the change (seen by the customer sync)


# Open from the main contact's point of view: not yet visible in the ERP's customer data.
OPEN_STATUSES = frozenset(
    {ChangeRequestStatus.PENDING, ChangeRequestStatus.SENT, ChangeRequestStatus.REFUSED}
)

# EU VAT identification numbers: a two-letter country prefix, then 2 to 13 letters or digits.
_VAT_ID = re.compile(r"[A-Z]{2}[0-9A-Z]{2,13}")


def normalized_vat_id(text: str) -> str | None:
    """The VAT id without blanks, dots and dashes, upper case; None if it cannot be one."""
    compact = re.sub(r"[\s.\-]", "", text).upper()
    return compact if compact.isascii() and _VAT_ID.fullmatch(compact) else None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def is_made(
    kind: str, details: Mapping[str, str], vat_id: str, addresses: Iterable[Mapping[str, str]]
) -> bool:
    """Does the ERP's customer data (VAT id; addresses with kind, street, postal_code, city,
    country) now hold what the request asked for?"""
    if kind == ChangeKind.VAT_ID:
        return normalized_vat_id(vat_id or "") == details.get("vat_id")
    wanted_kind = "billing" if kind == ChangeKind.BILLING_ADDRESS else "delivery"
    return any(
        address["kind"] == wanted_kind
        and all(_same(address[f], details[f]) for f in ("street", "postal_code", "city"))
        and address["country"].upper() == details["country"].upper()
        for address in addresses
    )
