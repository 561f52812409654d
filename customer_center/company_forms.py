"""The company data change request's form (#15): a new billing or delivery address, or VAT id."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from shop.domain.customer_changes import ADDRESS_KINDS, ChangeKind, normalized_vat_id
from shop.web.delivery_address import DeliveryAddressForm
from shop.web.labels.company_changes import CHANGE_KIND_LABELS


class CompanyChangeForm(DeliveryAddressForm):
    """What to change: an address (the new_* fields) or the VAT id."""

    address = None  # no saved address to pick: the change is always a new one
    kind = RadioField(
        _l("What should change?"),
        choices=[(kind.value, label) for kind, label in CHANGE_KIND_LABELS.items()],
        validators=[InputRequired(_l("Please choose what should change."))],
    )
    vat_id = StringField(_l("New VAT ID"), validators=[Length(max=32)])

    def wants_new_address(self) -> bool:
        return self.kind.data in {k.value for k in ADDRESS_KINDS}

    def validate_vat_id(self, field):
        if self.kind.data != ChangeKind.VAT_ID:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Please enter the new VAT ID."))
        if normalized_vat_id(field.data) is None:
            raise ValidationError(_l("A VAT ID starts with the country code, e.g. DE123456789."))

    def details(self) -> dict:
        """What the ERP is asked for, as stored with the request."""
        if self.kind.data == ChangeKind.VAT_ID:
            return {"vat_id": normalized_vat_id(self.vat_id.data)}
        return {
            "name": self.new_name.data.strip(),
            "street": self.new_street.data.strip(),
            "postal_code": self.new_postal_code.data.strip(),
            "city": self.new_city.data.strip(),
            "country": self.new_country.data,
        }
