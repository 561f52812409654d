"""The shop operator's staff (§12): their rights, apart from the customers' rights."""

from collections.abc import Iterable
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email

from shop.domain.text import fits_single_line

# As the staff login form and the table take them.
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 200


class StaffRight(StrEnum):
    REVIEW = "review"  # the review queue, orders held for review, stuck approvals
    OUTBOX = "outbox"  # the ERP outbox: retry, push
    CUSTOMERS = "customers"  # customer companies and their users
    CONTENT = "content"  # §13: product content report, catalogue import, publishing


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


class StaffDetail(StrEnum):
    """A detail of a new staff account."""

    EMAIL = "email"
    NAME = "name"
    PASSWORD = "password"


def unfit_staff_detail(email: str, name: str, password: str) -> StaffDetail | None:
    """The first detail a staff account cannot have, or None when all fit.

    The e-mail address must be one that the login form takes; the name one line of at most
    NAME_MAX_LENGTH characters; and a password with a control character could never be typed
    into the login form. Surrounding spaces do not count (they are dropped), other surrounding
    white space does (a line break pasted with the address is no part of it).
    """
    if not fits_single_line(email):
        return StaffDetail.EMAIL
    email = email.strip()
    if len(email) > EMAIL_MAX_LENGTH or not _is_email(email):
        return StaffDetail.EMAIL
    if not fits_single_line(name) or not name.strip() or len(name.strip()) > NAME_MAX_LENGTH:
        return StaffDetail.NAME
    if not fits_single_line(password):
        return StaffDetail.PASSWORD
    return None


def _is_email(text: str) -> bool:
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


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
    CUSTOMER_CHANGE_HANDLED = "customer_change_handled"  # #15: a refused change request
    ONBOARDING_MOVE = "onboarding_move"
    ONBOARDING_NOTE = "onboarding_note"
    ONBOARDING_CHECKLIST = "onboarding_checklist"
    CATALOG_IMPORT = "catalog_import"  # §13
    PUBLISH_PRODUCT = "publish_product"  # §13
    CATALOG_IMPORT_ERP = "catalog_import_erp"  # #12: the catalogue from the ERP's article data
    PRODUCT_TYPE = "product_type"  # §13: a product type created, changed or deleted
