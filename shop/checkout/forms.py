"""Checkout form: delivery address (saved or new), payment, delivery, reference, comment."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from shop.domain.orders import DeliveryMethod
from shop.web.forms import ShopForm
from shop.web.labels import DELIVERY_LABELS

NEW_ADDRESS = "new"
POSTAL_CODE = re.compile(r"^[A-Za-z0-9 -]{3,10}$")

COUNTRIES = [
    ("DE", _l("Germany")),
    ("AT", _l("Austria")),
    ("CH", _l("Switzerland")),
    ("NL", _l("Netherlands")),
    ("FR", _l("France")),
]


class CheckoutForm(ShopForm):
    checkout_token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    address = RadioField(_l("Delivery address"), validators=[DataRequired()])
    new_name = StringField(_l("Company / recipient"), validators=[Length(max=200)])
    new_street = StringField(_l("Street and number"), validators=[Length(max=200)])
    new_postal_code = StringField(_l("Postal code"), validators=[Length(max=10)])
    new_city = StringField(_l("City"), validators=[Length(max=100)])
    new_country = SelectField(_l("Country"), choices=COUNTRIES, default="DE")
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

    def validate_new_name(self, field):
        self._required_for_new_address(field)

    def validate_new_street(self, field):
        self._required_for_new_address(field)

    def validate_new_postal_code(self, field):
        self._required_for_new_address(field)
        if field.data and not POSTAL_CODE.match(field.data.strip()):
            raise ValidationError(_l("This is not a postal code."))

    def validate_new_city(self, field):
        self._required_for_new_address(field)

    def _required_for_new_address(self, field):
        if self.address.data == NEW_ADDRESS and not (field.data or "").strip():
            raise ValidationError(_l("Required for a new address."))
