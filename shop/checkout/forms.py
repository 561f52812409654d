"""Checkout form: delivery address (saved or new), payment, delivery, requested delivery date,
reference, comment."""

from dataclasses import dataclass
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from shop.domain.delivery_dates import check_delivery_date
from shop.domain.orders import DeliveryMethod
from shop.web.delivery_address import DeliveryAddressForm
from shop.web.labels import DELIVERY_LABELS
from shop.web.labels.problems import delivery_date_problem_label


@dataclass(frozen=True)
class DeliveryDateRules:
    now: datetime  # the shop's local time
    cutoff: time
    max_days: int


class DeliveryDateField(DateField):
    """A day as a date picker sends it (2026-12-14) or as typed in German (14.12.2026)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not isinstance(valuelist[0], str) or not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError:
            self.data = None
            raise ValueError(
                _l("This is not a date. Please enter it as 2026-12-14 or 14.12.2026.")
            ) from None


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
    requested_delivery_date = DeliveryDateField(
        _l("Requested delivery date (optional)"), validators=[Optional()]
    )

    # Set by the view before validation: the clock and the shop's rules.
    delivery_date_rules: DeliveryDateRules | None = None

    def validate_requested_delivery_date(self, field) -> None:
        rules = self.delivery_date_rules
        if rules is None:
            raise RuntimeError("the view sets delivery_date_rules before validating")
        if field.data is None:
            return
        problem = check_delivery_date(field.data, rules.now, rules.cutoff, rules.max_days)
        if problem is not None:
            raise ValidationError(delivery_date_problem_label(problem, rules))
