"""Labels of company data change requests (#15): what was asked for, and where it stands."""

from flask_babel import lazy_gettext as _l

from shop.domain.customer_changes import ChangeKind, ChangeRequestStatus

CHANGE_KIND_LABELS = {
    ChangeKind.BILLING_ADDRESS: _l("Billing address"),
    ChangeKind.DELIVERY_ADDRESS: _l("Delivery address"),
    ChangeKind.VAT_ID: _l("VAT ID"),
}
CHANGE_STATUS_LABELS = {
    ChangeRequestStatus.PENDING: _l("Waiting to be sent to us"),
    ChangeRequestStatus.SENT: _l("Received; we change your data after checking it"),
    ChangeRequestStatus.REFUSED: _l("Could not be made as asked; we will contact you"),
    ChangeRequestStatus.HANDLED: _l("Dealt with"),
    ChangeRequestStatus.MADE: _l("Made"),
}
ADDRESS_KIND_LABELS = {
    "billing": _l("Billing address"),
    "delivery": _l("Delivery address"),
}


def change_kind_label(code: str) -> str:
    return str(CHANGE_KIND_LABELS.get(code, code))


def change_status_label(code: str) -> str:
    return str(CHANGE_STATUS_LABELS.get(code, code))


def address_kind_label(code: str) -> str:
    return str(ADDRESS_KIND_LABELS.get(code, _l("Address")))
