"""The audit trail in the reader's words (§4): labels of targets and fields, and each stored
value formatted (money with currency, yes/no, dates, role and right names), never an internal
name or a database id.
"""

import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import format_currency, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from shop.domain.audit import AuditField, AuditTarget
from shop.domain.users import UserStatus
from shop.models import AuditEntry
from shop.services.customer_center.audit_trail import ERP_SYNC
from shop.services.prices import shop_currency
from shop.web.date_formats import format_date
from shop.web.labels import payment_label, right_label, role_label, user_status_label

TARGET_LABELS = {
    AuditTarget.USER: _l("User"),
    AuditTarget.ROLE: _l("Role"),
    AuditTarget.COMPANY: _l("Company"),
}
FIELD_LABELS = {
    AuditField.CREATED: _l("Created"),
    AuditField.IMPORTED: _l("Imported from the ERP"),
    AuditField.NAME: _l("Name"),
    AuditField.EMAIL: _l("E-mail"),
    AuditField.PENDING_EMAIL: _l("New e-mail address (awaiting confirmation)"),
    AuditField.ROLES: _l("Roles"),
    AuditField.ACTIVE: _l("Status"),
    AuditField.RIGHTS: _l("Rights"),
    AuditField.DELETED: _l("Deleted"),
    AuditField.HAS_OWN_BUDGET: _l("Budget"),
    AuditField.MAX_QUANTITY_PER_ORDER: _l("Maximum quantity per order"),
    AuditField.MAX_ORDER_VALUE: _l("Maximum order value"),
    AuditField.MONTHLY_BUDGET: _l("Monthly budget"),
    AuditField.DEFAULT_MAX_QUANTITY_PER_ORDER: _l("Default maximum quantity per order"),
    AuditField.DEFAULT_MAX_ORDER_VALUE: _l("Default maximum order value"),
    AuditField.DEFAULT_MONTHLY_BUDGET: _l("Default monthly budget"),
    AuditField.APPROVERS: _l("Approvers"),
    AuditField.COMPANY_APPROVERS: _l("Approvers for the whole company"),
    AuditField.ABSENCE: _l("Absence"),
    AuditField.CUSTOMER_CENTER_ACTIVATED: _l("Customer center activated"),
    AuditField.VAT_ID: _l("VAT ID"),
    AuditField.PAYMENT_TERMS: _l("Payment terms"),
    AuditField.ALLOWED_PAYMENT_METHODS: _l("Payment methods"),
    AuditField.CUSTOMER_CENTER: _l("Customer center"),
    AuditField.ADDRESSES: _l("Addresses from the ERP"),
    AuditField.REVIEW_REQUESTS_OPT_OUT: _l("No review request mails"),
}


def audit_target_label(target_type: str) -> str:
    return str(TARGET_LABELS.get(target_type, target_type))


def audit_field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def audit_field_choices(fields: list[str]) -> list[tuple[str, str]]:
    """The filter's options for these fields: (field, label), by label."""
    return sorted(((f, audit_field_label(f)) for f in fields), key=lambda choice: choice[1])


def audit_target(entry: AuditEntry, names: Mapping[str, Mapping[str, str]]) -> str:
    """What was changed, e.g. "User: Anna Müller <anna@example.com>", "Company: 10001".

    `names` holds the current names of the company's users and roles by id; a user or role
    deleted since is shown by the key it had then.
    """
    label = audit_target_label(entry.target_type)
    current = names.get(entry.target_type, {}).get(entry.target_id)
    key = entry.target_key
    if entry.target_type == AuditTarget.USER:
        shown = f"{current} <{key}>" if current and key else (current or key)
    elif entry.target_type == AuditTarget.ROLE:
        shown = current or (role_label(key) if key else "")
    else:
        shown = key
    return f"{label}: {shown}" if shown else label


def audit_actor(entry: AuditEntry) -> str:
    """Who made the change: "Name <e-mail>", or the ERP sync in the reader's language."""
    if entry.actor_id is None and entry.actor_label == ERP_SYNC:
        return _("ERP sync")
    return entry.actor_label


def _yes_no(value: str) -> str:
    return _("yes") if value == "True" else _("no")


def _own_budget(value: str) -> str:
    return _("Own budget") if value == "True" else _("Company default")


def _money(value: str) -> str:
    try:
        return format_currency(Decimal(value), shop_currency())
    except InvalidOperation:
        return value


def _quantity(value: str) -> str:
    return format_decimal(int(value)) if value.isdigit() else value


def _listed(label: Callable[[str], str]) -> Callable[[str], str]:
    return lambda value: ", ".join(label(part) for part in value.split(", "))


def _status(value: str) -> str:
    return user_status_label(value) if value in set(UserStatus) else value


def _absence(value: str) -> str:
    try:
        data = json.loads(value)
        start, end = date.fromisoformat(data["start"]), date.fromisoformat(data["end"])
    except (ValueError, KeyError, TypeError):
        return value
    return _(
        "%(start)s – %(end)s, deputy: %(name)s",
        start=format_date(start),
        end=format_date(end),
        name=data.get("deputy") or data.get("deputy_email") or "",
    )


_LIMITS = {
    AuditField.MAX_QUANTITY_PER_ORDER: _quantity,
    AuditField.DEFAULT_MAX_QUANTITY_PER_ORDER: _quantity,
    AuditField.MAX_ORDER_VALUE: _money,
    AuditField.DEFAULT_MAX_ORDER_VALUE: _money,
    AuditField.MONTHLY_BUDGET: _money,
    AuditField.DEFAULT_MONTHLY_BUDGET: _money,
}
_FORMATS: dict[str, Callable[[str], str]] = {
    **_LIMITS,
    AuditField.HAS_OWN_BUDGET: _own_budget,
    AuditField.CUSTOMER_CENTER: _yes_no,
    AuditField.ACTIVE: _status,
    AuditField.ROLES: _listed(role_label),
    AuditField.RIGHTS: _listed(right_label),
    AuditField.ALLOWED_PAYMENT_METHODS: _listed(payment_label),
    AuditField.ABSENCE: _absence,
}


def audit_value(field: str, value: str) -> str:
    """An old or new value as the reader understands it."""
    if not value:
        # An empty limit is no limit (§5); any other empty value shows as nothing.
        return _("no limit") if field in _LIMITS else ""
    return _FORMATS.get(field, str)(value)
