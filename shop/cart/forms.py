"""Cart forms: add to cart, change a line, quick order (typed, pasted or a file)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from shop.domain.quick_order import (
    MAX_QUANTITY,
    QuickOrderReading,
    read_quick_order,
    text_rows,
)
from shop.domain.quick_order_files import MAX_FILE_BYTES, UnreadableFile, file_rows
from shop.services.quick_order import skus_for_eans
from shop.web.forms import QuantityField, ShopForm, UploadField
from shop.web.labels.problems import file_problem_label, too_many_lines_label

# Lines of SKUs from the demo catalogue, shown as the box's example (#15).
QUICK_ORDER_EXAMPLE = "FAS-SCR-000002 100\nFAS-NUT-000020 100\nSAF-GLV-000110 12"
# 500 lines of a 40-character SKU and a quantity fit.
MAX_TYPED_CHARACTERS = 25_000


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
    """Lines typed or pasted into the box, or a CSV or Excel file: one of the two."""

    lines = TextAreaField(
        _l("Order lines"),
        validators=[
            Length(
                max=MAX_TYPED_CHARACTERS,
                message=_l("At most %(max)d characters: please split the list."),
            )
        ],
    )
    file = UploadField(_l("Or upload a file (CSV or Excel .xlsx)"))

    # What was read, once the form is valid.
    reading: QuickOrderReading | None = None
    from_file = False

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        upload = self.file.data
        typed = self.lines.data or ""
        if upload and typed.strip():
            self.file.errors.append(_l("Paste lines or upload a file, not both."))
            return False
        if upload:
            field = self.file
            try:
                # One byte more than allowed is enough to know the file is too large.
                rows = file_rows(upload.stream.read(MAX_FILE_BYTES + 1))
            except UnreadableFile as unreadable:
                field.errors.append(file_problem_label(unreadable.problem))
                return False
        elif typed.strip():
            field = self.lines
            rows = text_rows(typed)
        else:
            self.lines.errors.append(_l("Paste at least one line, or upload a file."))
            return False
        reading = read_quick_order(skus_for_eans(rows))
        if reading.too_many_lines:
            field.errors.append(too_many_lines_label())
            return False
        if not reading.lines and not reading.errors:
            field.errors.append(_l("There is no order line in it."))
            return False
        self.reading = reading
        self.from_file = bool(upload)
        return True
