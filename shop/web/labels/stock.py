"""The card's stock states, worded (#11)."""

from flask_babel import lazy_gettext as _l

from shop.domain.stock import Availability, StockState, stock_state

STOCK_STATE_LABELS = {
    StockState.IN_STOCK: _l("In stock"),
    StockState.LOW: _l("Only a few left"),
    StockState.SOLD_OUT: _l("Sold out"),
    StockState.BACKORDER: _l("Sold out – can be ordered"),
    StockState.UNKNOWN: _l("Availability on request"),
}


def stock_state_label(availability: Availability) -> str:
    return str(STOCK_STATE_LABELS[stock_state(availability)])
