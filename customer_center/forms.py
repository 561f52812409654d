"""Customer-center forms: registration, users, roles, ERP import and the audit filter."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from customer_center.settings_forms import UserBudgetForm
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


class NewUserForm(UserForm, UserBudgetForm):
    """A new user with their budget (§4, §5): the budgets page's fields and rules, so a limit
    typed here is read exactly as it would be there."""


class ActiveForm(ShopForm):
    """Activate (1) or deactivate (0) a user; `next` is the list page to return to."""

    active = SelectField(choices=[("1", "1"), ("0", "0")], validate_choice=True)
    next = HiddenField()


class ImportContactsForm(ShopForm):
    """ERP contacts to take over as users, or all of them; the roles each one gets are read
    per contact (`roles-<contact id>`, see `roles_by_contact`), chosen before the import."""

    contact_ids = CheckboxesField(_l("Contacts"))
    select_all = BooleanField(_l("All contacts that can be imported"))

    def validate_contact_ids(self, field) -> None:
        if not field.data and not self.select_all.data:
            raise ValidationError(_l("Choose at least one contact, or all of them."))

    def chosen_contact_ids(self) -> list[str]:
        """The contacts to import: all offered ones with "select all", else those ticked."""
        if self.select_all.data:
            return [value for value, _label in self.contact_ids.choices]
        return list(self.contact_ids.data)


def roles_by_contact(
    formdata, contact_ids: list[str], role_ids: set[int]
) -> tuple[dict[str, list[int]], dict[str, str]]:
    """The roles ticked for each contact (`roles-<contact id>`) and the problems per contact.

    A contact needs at least one role, each one of `role_ids` (the company's); anything else is
    a problem named next to that contact, and nothing is imported.
    """
    chosen: dict[str, list[int]] = {}
    problems: dict[str, str] = {}
    for contact_id in contact_ids:
        values = [parse_id(value) for value in formdata.getlist(f"roles-{contact_id}")]
        if not values:
            problems[contact_id] = str(_l("Choose at least one role."))
        elif any(value not in role_ids for value in values):
            problems[contact_id] = str(_l("Choose from the roles listed."))
        else:
            chosen[contact_id] = sorted(set(values))
    return chosen, problems


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


class CopyRoleForm(ShopForm):
    """The name of a new custom role that starts with another role's rights."""

    name = StringField(
        _l("Name of the new role"),
        validators=[DataRequired(_l("Enter a name for the role.")), Length(max=100)],
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
