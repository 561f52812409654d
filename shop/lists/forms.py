"""Shopping list forms: a list's name, a line, and where added products go."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from shop.domain.quick_order import MAX_QUANTITY
from shop.domain.shopping_lists import MAX_NAME_LENGTH, MAX_NOTE_LENGTH
from shop.services.shopping_lists import ListChoice, ListTarget
from shop.web.forms import QuantityField, ShopForm
from shop.web.navigation import parse_id

NEW_LIST = "new"
_NAME_LENGTH = _l("A name has at most %(max)s characters.", max=MAX_NAME_LENGTH)
_NOTE_LENGTH = _l("A note has at most %(max)s characters.", max=MAX_NOTE_LENGTH)
_QUANTITY = _l("Enter a quantity between 1 and %(max)s.", max=MAX_QUANTITY)


class ListNameForm(ShopForm):
    name = StringField(
        _l("Name of the list"),
        validators=[
            DataRequired(_l("Enter a name for the list.")),
            Length(max=MAX_NAME_LENGTH, message=_NAME_LENGTH),
        ],
    )


class NewListForm(ListNameForm):
    shared = BooleanField(_l("Share with my company"))


class ShareForm(ShopForm):
    shared = HiddenField(validators=[DataRequired()])

    @property
    def wants_shared(self) -> bool:
        return self.shared.data == "1"


class LineForm(ShopForm):
    quantity = QuantityField(
        _l("Quantity"),
        validators=[InputRequired(_QUANTITY), NumberRange(1, MAX_QUANTITY, _QUANTITY)],
    )
    note = StringField(
        _l("Note"), validators=[Optional(), Length(max=MAX_NOTE_LENGTH, message=_NOTE_LENGTH)]
    )


class ListTargetForm(ShopForm):
    """An existing list the user may change, or a new one named here."""

    target = SelectField(_l("List"), validate_choice=False)
    new_name = StringField(
        _l("Name of the new list"),
        validators=[Optional(), Length(max=MAX_NAME_LENGTH, message=_NAME_LENGTH)],
    )

    def __init__(self, *args, lists: Sequence[ListChoice] = (), **kwargs) -> None:
        super().__init__(*args, prefix="list-", **kwargs)
        self.target.choices = [(str(found.id), found.name) for found in lists]
        self.target.choices.append((NEW_LIST, str(_l("New list"))))
        self._list_ids = {found.id for found in lists}

    def validate_target(self, field) -> None:
        if field.data != NEW_LIST and parse_id(field.data or "") not in self._list_ids:
            raise ValidationError(_l("Choose one of your lists or a new one."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Not an inline validator: Optional() ends the field's checks when it is empty.
        if self.target.data == NEW_LIST and not (self.new_name.data or "").strip():
            self.new_name.errors.append(_l("Enter a name for the new list."))
            valid = False
        return valid

    @property
    def list_target(self) -> ListTarget:
        if self.target.data == NEW_LIST:
            return ListTarget(new_name=self.new_name.data.strip())
        return ListTarget(list_id=parse_id(self.target.data))


class AddToListForm(ListTargetForm):
    # An explicit (unshown) label: without one wtforms words a default label through
    # Flask-WTF, which reads its message catalogue from disk on every product page (#10).
    sku = HiddenField(label="", validators=[DataRequired(), Length(max=40)])
    quantity = QuantityField(
        _l("Quantity"),
        default=1,
        validators=[InputRequired(_QUANTITY), NumberRange(1, MAX_QUANTITY, _QUANTITY)],
    )
    note = StringField(
        _l("Note"), validators=[Optional(), Length(max=MAX_NOTE_LENGTH, message=_NOTE_LENGTH)]
    )
