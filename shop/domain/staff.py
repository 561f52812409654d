"""The shop operator's staff (§12): their rights, apart from the customers' rights."""

from collections.abc import Iterable
from enum import StrEnum


class StaffRight(StrEnum):
    REVIEW = "review"  # the review queue, orders held for review, stuck approvals
    OUTBOX = "outbox"  # the ERP outbox: retry, push
    CUSTOMERS = "customers"  # customer companies and their users


class UnknownStaffRight(ValueError):
    """A right name that is not one of StaffRight."""


def parse_rights(names: Iterable[str]) -> frozenset[StaffRight]:
    """Rights from names such as "review,outbox"; UnknownStaffRight names the first unknown."""
    rights = set()
    for name in names:
        name = name.strip().lower()
        if not name:
            continue
        try:
            rights.add(StaffRight(name))
        except ValueError:
            raise UnknownStaffRight(name) from None
    return frozenset(rights)


class StaffAction(StrEnum):
    """What a staff member did, as the audit trail records it."""

    LOGIN = "login"
    LOGOUT = "logout"
    ASSIGN = "assign"
    NOTE = "note"
    RELEASE = "release"
    CANCEL = "cancel"
    OUTBOX_RETRY = "outbox_retry"
    OUTBOX_PUSH = "outbox_push"
    ERP_UPDATE_HANDLED = "erp_update_handled"
