"""Cart forms: add to cart, change a line, quick order."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from shop.domain.quick_order import MAX_QUANTITY
from shop.web.forms import QuantityField, ShopForm


class AddToCartForm(ShopForm):
    sku = HiddenField(validators=[DataRequired(), Length(max=40)])
    quantity = QuantityField(
        _l("Quantity"),
        default=1,
        validators=[
            InputRequired(_l("Enter a quantity.")),
            NumberRange(1, MAX_QUANTITY, _l("Enter a quantity between 1 and %(max)s.")),
        ],
    )


class UpdateLineForm(ShopForm):
    quantity = QuantityField(
        _l("Quantity"),
        validators=[
            InputRequired(_l("Enter a quantity.")),
            NumberRange(0, MAX_QUANTITY, _l("Enter a quantity between 0 and %(max)s.")),
        ],
    )


class QuickOrderForm(ShopForm):
    lines = TextAreaField(
        _l("Order lines"),
        validators=[DataRequired(_l("Paste at least one line.")), Length(max=20_000)],
    )
