"""Checkout form: delivery address (saved or new), payment, delivery, requested delivery date,
reference, comment."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
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


def delivery_date_rules() -> DeliveryDateRules:
    """The shop's rules for a requested delivery date, at the shop's local time now."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return DeliveryDateRules(
        now=datetime.now(zone).replace(tzinfo=None),
        cutoff=current_app.config["DELIVERY_CUTOFF"],
        max_days=current_app.config["DELIVERY_MAX_DAYS"],
    )


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
    # Labelled (never shown) so that building the form does not translate a default label:
    # that read wtforms' message catalogue from disk on every checkout (#10).
    checkout_token = HiddenField(label="", validators=[DataRequired(), Length(min=16, max=64)])
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

    # The clock and the shop's rules (the view sets them once for the check and the page).
    delivery_date_rules: DeliveryDateRules | None = None

    def validate_requested_delivery_date(self, field) -> None:
        if field.data is None:
            return
        rules = self.delivery_date_rules or delivery_date_rules()
        problem = check_delivery_date(field.data, rules.now, rules.cutoff, rules.max_days)
        if problem is not None:
            raise ValidationError(delivery_date_problem_label(problem, rules))
