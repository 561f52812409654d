"""The delivery address on a form: one of the company's saved addresses or a new one typed in.

Checkout and the approver's change form share it, so the new-address fields, their rules
and the address they make live here once.
"""

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import Length, ValidationError

from shop.models import Address
from shop.services.place_order import DeliveryAddress
from shop.web.forms import ShopForm, control_character_error

NEW_ADDRESS = "new"
NEW_ADDRESS_FIELDS = ("new_name", "new_street", "new_postal_code", "new_city", "new_country")
POSTAL_CODE = re.compile(r"^[A-Za-z0-9 -]{3,10}$")

COUNTRIES = [
    ("DE", _l("Germany")),
    ("AT", _l("Austria")),
    ("CH", _l("Switzerland")),
    ("NL", _l("Netherlands")),
    ("FR", _l("France")),
]


class DeliveryAddressForm(ShopForm):
    """`address` (a saved address's id or NEW_ADDRESS) and the fields of a new address,
    required only when a new address is chosen."""

    # The choice of `address` that shows the new-address fields (templates read it here).
    NEW_ADDRESS = NEW_ADDRESS
    address = RadioField(_l("Delivery address"))
    new_name = StringField(_l("Company / recipient"), validators=[Length(max=200)])
    new_street = StringField(_l("Street and number"), validators=[Length(max=200)])
    new_postal_code = StringField(_l("Postal code"), validators=[Length(max=10)])
    new_city = StringField(_l("City"), validators=[Length(max=100)])
    new_country = SelectField(_l("Country"), choices=COUNTRIES, default="DE")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid or self.wants_new_address():
            return valid
        # The new-address fields are on the page (hidden only with JavaScript) whatever is
        # chosen, but only a new address reads them: what they hold otherwise is no error
        # (#15) — except control characters, which no field of the shop takes (#9).
        for name in NEW_ADDRESS_FIELDS:
            message = control_character_error(self[name])
            self[name].errors = [message] if message else []
        self._errors = None
        return not any(field.errors for field in self)

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

    def wants_new_address(self) -> bool:
        """Whether the new-address fields are read (and so checked)."""
        return self.address.data == NEW_ADDRESS

    def _required_for_new_address(self, field):
        if self.wants_new_address() and not (field.data or "").strip():
            raise ValidationError(_l("Required for a new address."))

    def chosen_address(self, saved: Iterable[Address]) -> DeliveryAddress | None:
        """The address chosen: the new one typed in, a saved one; None for any other choice."""
        if self.address.data == NEW_ADDRESS:
            return DeliveryAddress(
                self.new_name.data.strip(),
                self.new_street.data.strip(),
                self.new_postal_code.data.strip(),
                self.new_city.data.strip(),
                self.new_country.data,
            )
        found = next((a for a in saved if str(a.id) == self.address.data), None)
        if found is None:
            return None
        return DeliveryAddress(
            found.name, found.street, found.postal_code, found.city, found.country
        )


def address_choices(saved: Iterable[Address]) -> list[tuple[str, str]]:
    """The saved addresses, then a new one, as choices of `address`."""
    return [(str(a.id), a.one_line()) for a in saved] + [(NEW_ADDRESS, _("A new delivery address"))]
