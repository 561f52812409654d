"""Forms of the back office's product type editor (#12).

The type's own fields are one form (it carries the CSRF token); each attribute row is a form
of its own under the prefix `attr-<n>`, so every field of every row gets the shop's
control-character check. The rules of a valid type live in shop/domain/product_types.py.
"""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from shop.domain.content_firewall import AttributeKind
from shop.web.forms import ShopForm

KIND_CHOICES = [
    ("", _l("Choose…")),
    (AttributeKind.TEXT.value, _l("Text")),
    (AttributeKind.NUMBER.value, _l("Number with unit")),
    (AttributeKind.CHOICE.value, _l("Choice of allowed values")),
]


class ProductTypeForm(ShopForm):
    code = StringField(
        _l("Code"),
        description=_l(
            "How catalogue files name the type: small letters, digits and hyphens. "
            "It cannot change once products use the type."
        ),
    )
    name_en = StringField(_l("Name in English"))
    name_de = StringField(_l("Name in German"))
    requires_image = BooleanField(_l("Products need an image"), default=True)
    requires_datasheet = BooleanField(_l("Products need a data sheet"))
    # How many attribute rows the page shows ("Add another row" raises it by one).
    rows = HiddenField()


class AttributeRowForm(ShopForm):
    key = StringField(
        _l("Key"),
        description=_l("How catalogue files name the attribute: small letters, digits and _."),
    )
    label_en = StringField(_l("Label in English"))
    label_de = StringField(_l("Label in German"))
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, validate_choice=False)
    unit = StringField(_l("Unit (numbers only, e.g. mm)"))
    values_en = TextAreaField(_l("Allowed values in English (choice only, one per line)"))
    values_de = TextAreaField(_l("Allowed values in German (same order, one per line)"))
    required = BooleanField(_l("Required"), default=True)
    remove = BooleanField(_l("Remove this attribute"))

    def is_blank(self) -> bool:
        """A row left empty: the page always offers a few, they mean nothing."""
        texts = (self.key, self.label_en, self.label_de, self.kind, self.unit)
        values = (self.values_en, self.values_de)
        return not any((f.data or "").strip() for f in texts + values)
