"""Stock facts worded for pages: why a quantity cannot be ordered (§8)."""

from flask_babel import format_decimal
from flask_babel import gettext as _

from shop.domain.stock import Shortage


def shortage_message(shortage: Shortage) -> str:
    """One sentence naming the product and the quantity that is available."""
    if shortage.available == 0:
        return _("%(sku)s is sold out just now.", sku=shortage.sku)
    available = format_decimal(shortage.available)
    if shortage.in_cart:
        return _(
            "Only %(available)s of %(sku)s are available, and your cart already holds %(in_cart)s.",
            available=available,
            sku=shortage.sku,
            in_cart=format_decimal(shortage.in_cart),
        )
    return _("Only %(available)s of %(sku)s are available.", available=available, sku=shortage.sku)
