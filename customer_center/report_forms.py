"""The spend report's choices (#15): the period and how the spend is broken down."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import Optional

from shop.web.forms import ShopForm

BY_USER = "user"
BY_MONTH = "month"


class ReportPeriodForm(ShopForm):
    """Read from the query string (no CSRF: nothing changes)."""

    class Meta:
        csrf = False

    period_from = StringField(
        _l("From (month or day)"),
        validators=[Optional()],
    )
    period_to = StringField(
        _l("To (month or day)"),
        validators=[Optional()],
    )
    by = RadioField(
        _l("Spend"),
        choices=[(BY_USER, _l("per user and month")), (BY_MONTH, _l("per month"))],
        default=BY_USER,
        # Anything else shows the report per user; no message for a hand-made URL.
        validate_choice=False,
    )
