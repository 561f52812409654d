"""What every form of the shop shares: the check for control characters, and the quantity field.

Every form derives from ShopForm, so no text field can be forgotten (#9): a text that XML 1.0
cannot carry would never reach the ERP, and a line break in a one-line field ends up in mail
headers and SOAP fields. Both are refused next to the field before anything is stored.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import IntegerField, PasswordField, TextAreaField
from wtforms.validators import StopValidation

from shop.domain.quantities import looks_negative, parse_quantity
from shop.domain.text import fits_single_line, fits_xml


def _submitted_texts(field) -> list[str]:
    return [value for value in (field.raw_data or []) if isinstance(value, str)]


def control_character_error(field) -> str | None:
    """The message for a field whose submitted text holds characters it may not hold:
    multi-line text may hold line breaks and tabs, other fields no control character."""
    multi_line = isinstance(field, TextAreaField)
    fits = fits_xml if multi_line else fits_single_line
    if all(fits(text) for text in _submitted_texts(field)):
        return None
    label = field.label.text
    if multi_line:
        return _l("%(field)s contains control characters. Please remove them.", field=label)
    if isinstance(field, PasswordField):
        return _l("The password cannot contain control characters.")
    return _l("%(field)s must be one line without control characters.", field=label)


class ShopForm(FlaskForm):
    """The base of every form: CSRF (from FlaskForm) and the control-character check."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked after the field's own validators, because Optional() clears a field's
        # errors and stops on text that str.strip() empties — and "\x1f" is such a text.
        for field in self:
            message = control_character_error(field)
            if message is not None:
                field.errors.append(message)
                valid = False
        return valid


class QuantityField(IntegerField):
    """A number of pieces in ASCII digits (#14); empty gives None, anything else a message."""

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        self.data = None
        text = valuelist[0]
        if not isinstance(text, str) or not text.strip(" "):
            return
        quantity = parse_quantity(text)
        if quantity is None:
            if looks_negative(text):
                raise ValueError(_l("The quantity cannot be negative."))
            raise ValueError(_l("Enter a whole number of pieces."))
        self.data = quantity

    def pre_validate(self, form) -> None:
        # Unreadable input has its message already; a range check on None would add a wrong one.
        if self.process_errors:
            raise StopValidation()


class _KeepsText:
    """A file field: text sent in a file's place is ignored, but kept for the control-character
    check every field of the shop has (#9); Flask-WTF's file fields drop it."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        texts = [value for value in valuelist if isinstance(value, str) and value]
        if not self.data and texts:
            self.raw_data = texts


class UploadField(_KeepsText, FileField):
    """One uploaded file."""


class UploadsField(_KeepsText, MultipleFileField):
    """Any number of uploaded files."""
