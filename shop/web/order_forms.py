"""Forms on an order: decide (approve / reject), change, resubmit, withdraw.

Every form carries the order's version: a decision is made on exactly the order the user saw
(§6, optimistic locking). Line quantities come as quantity-<line id> fields and removals as
remove-<line id> checkboxes, one pair per line of the order.
"""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from shop.domain.quantities import parse_quantity
from shop.domain.quick_order import MAX_QUANTITY
from shop.models import Order
from shop.web.delivery_address import DeliveryAddressForm
from shop.web.forms import ShopForm
from shop.web.labels import DELIVERY_LABELS

KEEP = "keep"


class VersionedForm(ShopForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class DecisionForm(VersionedForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])


class WithdrawForm(VersionedForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])


class ResubmitForm(VersionedForm):
    comment = TextAreaField(
        _l("Comment for the approver"), validators=[Optional(), Length(max=2000)]
    )


class ChangeForm(VersionedForm, DeliveryAddressForm):
    address = RadioField(_l("Delivery address"), default=KEEP)
    payment_method = RadioField(_l("Payment method"))
    delivery_method = RadioField(
        _l("Delivery method"), choices=[(m.value, label) for m, label in DELIVERY_LABELS.items()]
    )


def read_quantities(data, order: Order) -> dict[int, int] | None:
    """New quantities per line id from quantity-<id> / remove-<id> fields; None if one is bad."""
    quantities: dict[int, int] = {}
    for line in order.lines:
        if data.get(f"remove-{line.id}"):
            quantities[line.id] = 0
            continue
        raw = data.get(f"quantity-{line.id}") or ""
        if not raw.strip(" "):
            continue
        quantity = parse_quantity(raw)
        if quantity is None or quantity > MAX_QUANTITY:
            return None
        if quantity != line.quantity:
            quantities[line.id] = quantity
    return quantities
