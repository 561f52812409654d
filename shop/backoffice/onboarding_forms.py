"""Forms of the back office's onboarding pages (#12)."""

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from shop.domain.onboarding import MANUAL_ITEM_NAME_MAX_LENGTH, NOTE_MAX_LENGTH
from shop.web.forms import ShopForm


class AppointmentField(DateTimeLocalField):
    """A date and time as the browser's date-time field sends it; a message of our own for
    anything else."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter the date and time of the appointment.")) from None


class MoveForm(ShopForm):
    # Choices (the states the company may move to) are filled in by the view.
    # Not checked against the choices: a page from before another operator's move names a
    # step that is no longer open, which the view explains (the service refuses the move).
    target = SelectField(
        _l("Move to"),
        validators=[DataRequired(_l("Choose the next step."))],
        validate_choice=False,
    )
    training_at = AppointmentField(
        _l("Training appointment"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
    )
    move_note = TextAreaField(
        _l("Note (optional)"), validators=[Optional(), Length(max=NOTE_MAX_LENGTH)]
    )


class OnboardingNoteForm(ShopForm):
    note = TextAreaField(
        _l("Note"),
        validators=[DataRequired(_l("Write the note.")), Length(max=NOTE_MAX_LENGTH)],
    )


class TickForm(ShopForm):
    done = HiddenField(validators=[AnyOf(["0", "1"])])


class ChecklistItemForm(ShopForm):
    name_en = StringField(
        _l("Name in English"),
        validators=[
            DataRequired(_l("Enter the name.")),
            Length(max=MANUAL_ITEM_NAME_MAX_LENGTH),
        ],
    )
    name_de = StringField(
        _l("Name in German"),
        validators=[
            DataRequired(_l("Enter the name.")),
            Length(max=MANUAL_ITEM_NAME_MAX_LENGTH),
        ],
    )
