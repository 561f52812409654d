"""Manual review of orders (§8, §12): why an order is held, and the rule at placement.

An order is held for review instead of going to the ERP right away when the customer wrote a
free-text comment (a person must read it), or when it goes to a parcel locker and holds bulky
goods (they do not fit: the operator arranges another address with the customer).
"""

import re
from collections.abc import Iterable
from enum import StrEnum


class ReviewReason(StrEnum):
    CUSTOMER_COMMENT = "customer_comment"
    PARCEL_LOCKER_BULKY = "parcel_locker_bulky"
    ERP_REJECTION = "erp_rejection"
    ERP_UPDATE_PROBLEM = "erp_update_problem"
    OTHER = "other"


class TicketStatus(StrEnum):
    OPEN = "open"
    RELEASED = "released"
    CANCELLED = "cancelled"
    # The order left the hold without an operator (e.g. a retried ERP delivery went through).
    RESOLVED = "resolved"


class ReviewQueue(StrEnum):
    """Teams a ticket can be assigned to instead of a person."""

    SALES = "sales"
    LOGISTICS = "logistics"
    ACCOUNTING = "accounting"


# DHL's Packstation and Paketshop, "Postfiliale", and the generic words for parcel lockers in
# English and German; matched as words, case-insensitively, anywhere in the address lines.
_PARCEL_LOCKER = re.compile(
    r"\b(pack\s*station|paket\s*station|paket\s*shop|parcel\s*shop|post\s*filiale|"
    r"parcel\s*locker|locker|paket\s*box|paketkasten|abholstation)\b",
    re.IGNORECASE,
)


def is_parcel_locker(address_lines: Iterable[str]) -> bool:
    """Whether a delivery address is a parcel locker or shop rather than a door."""
    return any(_PARCEL_LOCKER.search(line or "") for line in address_lines)


def reason_to_hold(
    comment: str, address_lines: Iterable[str], has_bulky_goods: bool
) -> ReviewReason | None:
    """Why a placed order must wait for a person before it goes to the ERP, or None."""
    if comment.strip():
        return ReviewReason.CUSTOMER_COMMENT
    if has_bulky_goods and is_parcel_locker(address_lines):
        return ReviewReason.PARCEL_LOCKER_BULKY
    return None
