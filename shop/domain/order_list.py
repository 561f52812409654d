"""The order list's sort orders (#15): by date, number, net total or state, either way.

Every order is stable: equal keys fall back to the order's id, so paging never shows an
order twice or skips one. States sort in the order an order passes through them.
"""

from enum import StrEnum

from shop.domain.orders import OrderStatus


class SortColumn(StrEnum):
    DATE = "date"
    NUMBER = "number"
    TOTAL = "total"
    STATE = "state"


class OrderSort(StrEnum):
    DATE_DESC = "date_desc"
    DATE_ASC = "date_asc"
    NUMBER_DESC = "number_desc"
    NUMBER_ASC = "number_asc"
    TOTAL_DESC = "total_desc"
    TOTAL_ASC = "total_asc"
    STATE_ASC = "state_asc"
    STATE_DESC = "state_desc"

    @property
    def column(self) -> SortColumn:
        return SortColumn(self.value.rsplit("_", 1)[0])

    @property
    def descending(self) -> bool:
        return self.value.endswith("_desc")


DEFAULT_SORT = OrderSort.DATE_DESC
# A click on a column's heading sorts by it in this direction first (newest, largest first).
FIRST_SORT = {
    SortColumn.DATE: OrderSort.DATE_DESC,
    SortColumn.NUMBER: OrderSort.NUMBER_DESC,
    SortColumn.TOTAL: OrderSort.TOTAL_DESC,
    SortColumn.STATE: OrderSort.STATE_ASC,
}
# The states in the order an order passes through them, for sorting by state.
STATE_SEQUENCE: tuple[OrderStatus, ...] = tuple(OrderStatus)


def sort_on_click(column: SortColumn, current: OrderSort) -> OrderSort:
    """The sort a click on a column's heading asks for: that column, turned around when the
    list is sorted by it already."""
    first = FIRST_SORT[column]
    if current != first:
        return first
    direction = "asc" if first.descending else "desc"
    return OrderSort(f"{column.value}_{direction}")
