"""Customer-center forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Regexp


class RegistrationForm(FlaskForm):
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
