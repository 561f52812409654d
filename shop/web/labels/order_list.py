"""The order list's sort orders, worded (#15)."""

from flask_babel import lazy_gettext as _l

from shop.domain.order_list import OrderSort, SortColumn

SORT_LABELS = {
    OrderSort.DATE_DESC: _l("Newest first"),
    OrderSort.DATE_ASC: _l("Oldest first"),
    OrderSort.NUMBER_DESC: _l("Order number, descending"),
    OrderSort.NUMBER_ASC: _l("Order number, ascending"),
    OrderSort.TOTAL_DESC: _l("Net total, highest first"),
    OrderSort.TOTAL_ASC: _l("Net total, lowest first"),
    OrderSort.STATE_ASC: _l("Status, in order of processing"),
    OrderSort.STATE_DESC: _l("Status, last step first"),
}
SORT_COLUMN_LABELS = {
    SortColumn.DATE: _l("Date"),
    SortColumn.NUMBER: _l("Order number"),
    SortColumn.TOTAL: _l("Net total"),
    SortColumn.STATE: _l("Status"),
}
