"""Checkout form: delivery address (saved or new), payment, delivery, reference, comment."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from shop.domain.orders import DeliveryMethod
from shop.web.delivery_address import DeliveryAddressForm
from shop.web.labels import DELIVERY_LABELS


class CheckoutForm(DeliveryAddressForm):
    checkout_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    address = RadioField(_l("Delivery address"), validators=[DataRequired()])
    payment_method = RadioField(_l("Payment method"), validators=[DataRequired()])
    delivery_method = RadioField(
        _l("Delivery method"),
        choices=[(m.value, label) for m, label in DELIVERY_LABELS.items()],
        default=DeliveryMethod.STANDARD.value,
        validators=[DataRequired()],
    )
    customer_reference = StringField(
        _l("Your order reference (PO number)"), validators=[Optional(), Length(max=100)]
    )
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
