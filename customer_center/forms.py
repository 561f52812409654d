"""Customer-center forms: registration, users, roles, ERP import and the audit filter."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from shop.domain.rights import Right
from shop.web.forms import ShopForm
from shop.web.labels import INVOICE_STATE_LABELS
from shop.web.navigation import parse_id


class RegistrationForm(ShopForm):
    customer_number = StringField(
        _l("Customer number"),
        validators=[
            DataRequired(_l("Enter your customer number.")),
            Regexp(
                r"^[A-Za-z0-9-]{1,32}$",
                message=_l("A customer number has letters and digits only."),
            ),
        ],
    )
    invoice_number = StringField(
        _l("Invoice number"),
        validators=[
            DataRequired(_l("Enter the number of one of your invoices.")),
            Length(max=40),
        ],
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("This is not an e-mail address.")),
            Length(max=254),
        ],
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)]
    )


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (roles, rights, contacts)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _int_or_none(value) -> int | None:
    return value if isinstance(value, int) else parse_id(value)


class UserForm(ShopForm):
    """Name, e-mail and roles of a user; the choices are the company's roles."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Email(_l("This is not an e-mail address.")),
            Length(max=254),
        ],
    )
    role_ids = CheckboxesField(
        _l("Roles"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one role."))],
    )


class ActiveForm(ShopForm):
    """Activate (1) or deactivate (0) a user; `next` is the list page to return to."""

    active = SelectField(choices=[("1", "1"), ("0", "0")], validate_choice=True)
    next = HiddenField()


class ImportContactsForm(ShopForm):
    """ERP contacts to take over as users, and the roles they get."""

    contact_ids = CheckboxesField(
        _l("Contacts"), validators=[DataRequired(_l("Choose at least one contact."))]
    )
    role_ids = CheckboxesField(
        _l("Roles"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one role."))],
    )


class RoleForm(ShopForm):
    """A company-specific role: a name and a set of rights."""

    name = StringField(
        _l("Name of the role"),
        validators=[DataRequired(_l("Enter a name for the role.")), Length(max=100)],
    )
    rights = CheckboxesField(
        _l("Rights"),
        choices=[(right.value, right.value) for right in Right],
        validators=[DataRequired(_l("Choose at least one right."))],
    )


class AuditFilterForm(ShopForm):
    """Filters of the audit trail, read from the query string (no CSRF: nothing changes)."""

    class Meta:
        csrf = False

    user = SelectField(_l("User"), coerce=_int_or_none, validate_choice=False)
    field = SelectField(_l("Change"), validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])


class InvoiceFilterForm(ShopForm):
    """Filters of the invoice list, read from the query string (no CSRF: nothing changes)."""

    class Meta:
        csrf = False

    date_from = DateField(_l("Invoice date from"), validators=[Optional()])
    date_to = DateField(_l("Invoice date to"), validators=[Optional()])
    state = SelectField(
        _l("State"),
        choices=[("", _l("All"))] + list(INVOICE_STATE_LABELS.items()),
        validators=[Optional()],
    )

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must not be before the start date."))
