"""Forms of the main contact's settings screens: budgets (§5), approvers and absences (§6).

Amounts are typed as the UI language writes them ("1.250,50" in German, "1,250.50" in
English) and parsed with the locale's rules, so a German dot is never mistaken for a decimal
point. Every message is ours (translated), none of WTForms' own.
"""

import re
from datetime import date
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from shop.domain.budgets import Budget
from shop.web.forms import QuantityField, ShopForm
from shop.web.navigation import parse_id

# Upper bounds keep values inside the columns (cents as BIGINT, quantities as INTEGER).
MAX_AMOUNT = Decimal("999999999.99")
MAX_QUANTITY = 99_999_999
AMOUNT_CHARACTERS = re.compile(r"-?[0-9][0-9.,]*")


class AmountField(StringField):
    """An optional non-negative money amount with at most two decimals; empty means None."""

    widget = TextInput()

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, **kwargs)
        self.amount: Decimal | None = None

    def pre_validate(self, form) -> None:
        text = (self.data or "").strip()
        self.amount = None
        if not text:
            return
        # Digits and separators only: Babel would also take "1e3" or "NaN".
        if not AMOUNT_CHARACTERS.fullmatch(text):
            raise ValidationError(_l("Enter an amount such as %(example)s.", example=_example()))
        try:
            value = parse_decimal(text, locale=str(get_locale() or "en"), strict=True)
        except NumberFormatError:
            raise ValidationError(
                _l("Enter an amount such as %(example)s.", example=_example())
            ) from None
        if not value.is_finite() or value < 0:
            raise ValidationError(_l("The amount cannot be negative."))
        if value.normalize().as_tuple().exponent < -2:
            raise ValidationError(_l("Use at most two decimal places."))
        if value > MAX_AMOUNT:
            raise ValidationError(_l("This amount is too large."))
        self.amount = value.quantize(Decimal("0.01"))


class DayField(Field):
    """A calendar day from <input type="date"> (YYYY-MM-DD), with our own message."""

    widget = TextInput(input_type="date")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        try:
            self.data = date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _l("Enter a date such as %(example)s.", example="2030-12-31")
            ) from None

    def pre_validate(self, form) -> None:
        if self.data is None and not self.process_errors:
            raise ValidationError(_l("Enter a date."))


def _id(value) -> int:
    """A submitted id as int; garbage becomes 0 (no user has it), refused by the choices."""
    if isinstance(value, int):
        return value
    return parse_id(value) or 0


def _example() -> str:
    language = get_locale().language if get_locale() else "en"
    return "1.250,50" if language == "de" else "1,250.50"


class BudgetLimitsForm(ShopForm):
    """The three limits of §5, each optional: empty is "no limit"."""

    max_quantity_per_order = QuantityField(
        _l("Maximum quantity per order"),
        validators=[
            Optional(),
            NumberRange(max=MAX_QUANTITY, message=_l("This quantity is too large.")),
        ],
        widget=TextInput(),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    max_order_value = AmountField(_l("Maximum order value (net)"))
    monthly_budget = AmountField(_l("Monthly budget (net)"))

    def budget(self) -> Budget:
        """The typed limits, once validated (empty fields: no limit)."""
        return Budget(
            self.max_quantity_per_order.data,
            self.max_order_value.amount,
            self.monthly_budget.amount,
        )

    def fill(self, max_quantity_per_order, max_order_value, monthly_budget) -> None:
        """Show stored limits in the inputs, written as the UI language writes numbers."""
        self.max_quantity_per_order.data = max_quantity_per_order
        self.max_order_value.data = _amount_text(max_order_value)
        self.monthly_budget.data = _amount_text(monthly_budget)


class UserBudgetForm(BudgetLimitsForm):
    """One user's budget: the company default, or limits of their own."""

    source = RadioField(
        _l("Budget"),
        choices=[("default", _l("Company default")), ("own", _l("Own limits"))],
        default="default",
        validate_choice=True,
    )

    def validate_source(self, field) -> None:
        # WTForms' own "Not a valid choice" would be untranslated.
        if field.data not in {"default", "own"}:
            raise ValidationError(_l("Choose the company default or own limits."))

    @property
    def uses_company_default(self) -> bool:
        return self.source.data != "own"


def _amount_text(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return format_decimal(amount, "0.00")


class MultiCheckboxField(SelectMultipleField):
    """Several user ids as checkboxes; unknown ids are refused by the service, not here."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        allowed = {value for value, _label in self.choices}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_l("Choose from the people listed."))


class CompanyApproversForm(ShopForm):
    approver_ids = MultiCheckboxField(_l("Approvers for the whole company"), coerce=_id)


class UserApproversForm(ShopForm):
    approver_ids = MultiCheckboxField(_l("Approvers for this user"), coerce=_id)


class AbsenceForm(ShopForm):
    """An absence period with the deputy who decides meanwhile (both days inclusive)."""

    start = DayField(_l("First day of absence"))
    end = DayField(_l("Last day of absence"))
    deputy_id = SelectField(_l("Deputy"), coerce=_id, validate_choice=False)

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_deputy_id(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose a deputy from the list."))


class ApproverAbsenceForm(AbsenceForm):
    """Someone's absence, set by whoever manages approvers."""

    approver_id = SelectField(_l("Approver"), coerce=_id, validate_choice=False)

    def validate_approver_id(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose an approver from the list."))
