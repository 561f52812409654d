"""Rules for text the ERP sends or holds, shared by the client (data at the boundary) and the
simulator's data-file check, so both call the same value good or bad."""

import unicodedata
from functools import cache

from babel.numbers import list_currencies
from email_validator import EmailNotValidError, validate_email

from erp_bridge.types import Contact, Customer, DataProblem

# Multi-line free text (payment terms) may keep line breaks and tabs; nothing else.
_LINE_BREAKS = frozenset("\t\n\r")


def has_control_characters(text: str, allow_line_breaks: bool = False) -> bool:
    """True when `text` holds a control character (or a non-character XML 1.0 cannot carry)."""
    for character in text:
        if allow_line_breaks and character in _LINE_BREAKS:
            continue
        if unicodedata.category(character) in ("Cc", "Cs") or character in "\ufffe\uffff":
            return True
    return False


def is_valid_name(text: str) -> bool:
    """A name: not blank, one line, no control characters."""
    return bool(text.strip()) and not has_control_characters(text)


def is_valid_email(text: str) -> bool:
    """A syntactically valid e-mail address (the same rule the shop's forms apply)."""
    if not text or has_control_characters(text) or text != text.strip():
        return False
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@cache
def _currency_codes() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency_code(text: str) -> bool:
    """An ISO 4217 alphabetic code such as "EUR"."""
    return len(text) == 3 and text.isupper() and text in _currency_codes()


def customer_number_key(customer_number: str) -> str:
    """The form in which customer numbers are compared: case and surrounding blanks ignored.

    The contract's rule: "kw7205" and "KW7205" are the same customer; the ERP's own spelling
    is the one kept and stored.
    """
    return customer_number.strip().lower()


def contact_problems(contact: Contact) -> tuple[DataProblem, ...]:
    """What is wrong with a contact the ERP sent (nothing: an empty tuple)."""
    problems = []
    if not is_valid_email(contact.email):
        problems.append(DataProblem.INVALID_EMAIL)
    if not is_valid_name(contact.name):
        problems.append(DataProblem.INVALID_NAME)
    if has_control_characters(contact.phone):
        problems.append(DataProblem.INVALID_PHONE)
    return tuple(problems)


def customer_problems(customer: Customer) -> tuple[DataProblem, ...]:
    """What is wrong with a customer's master data as the ERP sent it."""
    problems = []
    if not is_valid_name(customer.name):
        problems.append(DataProblem.INVALID_NAME)
    if any(
        not is_valid_name(value)
        for address in customer.addresses
        for value in (
            address.kind,
            address.name,
            address.street,
            address.postal_code,
            address.city,
            address.country,
        )
    ):
        problems.append(DataProblem.INVALID_ADDRESS)
    if has_control_characters(customer.vat_id) or has_control_characters(
        customer.payment_terms, allow_line_breaks=True
    ):
        problems.append(DataProblem.INVALID_TEXT)
    return tuple(problems)
