"""The order list's filters, read from the query string (#15): nothing changes, so no CSRF.

A value that does not fit is marked next to its field and that filter is left out; the
others still apply.
"""

import flask_babel
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from shop.domain.order_list import DEFAULT_SORT, OrderSort
from shop.web.forms import ShopForm
from shop.web.labels import STATUS_LABELS
from shop.web.labels.order_list import SORT_LABELS

SEARCH_MAX_LENGTH = 100


class DayField(DateField):
    """A day as a date input sends it (2026-11-29) or as typed where a browser has no date
    input (29.11.2026); anything else is marked in the reader's language."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a date such as 2026-11-29.")) from None


class OrderFilterForm(ShopForm):
    """State, orderer, date range, a search in reference and order numbers, and the sort."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Reference or order number"),
        validators=[
            Optional(),
            Length(
                max=SEARCH_MAX_LENGTH,
                message=_l("Enter at most %(max)d characters.", max=SEARCH_MAX_LENGTH),
            ),
        ],
    )
    state = SelectField(
        _l("Status"),
        choices=[("", _l("All"))]
        + [(state.value, label) for state, label in STATUS_LABELS.items()],
        validate_choice=False,
    )
    # The choices are the company's users, set by the view for those who see all its orders.
    orderer = SelectField(_l("Ordered by"), choices=[("", _l("Everyone"))], validate_choice=False)
    date_from = DayField(_l("Placed from"), validators=[Optional()])
    date_to = DayField(_l("Placed until"), validators=[Optional()])
    sort = SelectField(
        _l("Sort by"),
        choices=[(sort.value, label) for sort, label in SORT_LABELS.items()],
        default=DEFAULT_SORT.value,
        validate_choice=False,
    )

    def word_labels(self) -> None:
        """The fields' labels and choices in the request's language, looked up in its
        translations once: rendered lazily, each of the ~30 asked flask-babel to find the
        translations anew, a tenth of the order list's time (#10)."""
        translations = get_translations()

        def text(label):
            if (
                isinstance(label, LazyString)
                and label._func is flask_babel.gettext
                and not label._kwargs
            ):
                return translations.ugettext(*label._args)
            return label

        for field in self:
            field.label.text = text(field.label.text)
            if isinstance(field, SelectField):
                field.choices = [(value, text(label)) for value, label in field.choices]

    # WTForms' own "Not a valid choice" names no field and is not translated.
    def validate_state(self, field) -> None:
        if field.data and field.data not in STATUS_LABELS:
            raise ValidationError(_l("Choose a status from the list."))

    def validate_orderer(self, field) -> None:
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose a person from the list."))

    def validate_sort(self, field) -> None:
        if field.data and field.data not in set(OrderSort):
            raise ValidationError(_l("Choose a sort order from the list."))

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must not be before the start date."))
