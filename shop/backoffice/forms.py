"""Forms of the back office."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileRequired
from wtforms import EmailField, PasswordField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from shop.web.forms import ShopForm, UploadField, UploadsField

NOTE_LENGTH = 2000


class StaffLoginForm(ShopForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class AssignForm(ShopForm):
    # Choices ("staff:<id>", "queue:<name>", "" for nobody) are filled in by the view.
    assignee = SelectField(_l("Assigned to"), validators=[Optional()])


class NoteForm(ShopForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=NOTE_LENGTH)])


class ReleaseForm(ShopForm):
    release_note = TextAreaField(
        _l("Note for the team (optional)"), validators=[Optional(), Length(max=NOTE_LENGTH)]
    )


class CancelForm(ShopForm):
    cancel_note = TextAreaField(
        _l("Note for the customer"),
        validators=[DataRequired(_l("Tell the customer why.")), Length(max=NOTE_LENGTH)],
    )


class HandledForm(ShopForm):
    handled_note = TextAreaField(
        _l("What was done"),
        validators=[
            DataRequired(_l("Say what was done about it.")),
            Length(max=NOTE_LENGTH),
        ],
    )


class CatalogImportForm(ShopForm):
    """§13: a CSV file and the images and data sheets its records name."""

    catalogue = UploadField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])
    media = UploadsField(_l("Images and data sheets (optional)"))
