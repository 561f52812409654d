"""Lists shown a page at a time: count, settle the page number, read that page.

Every paged list (catalogue, search, orders, approvals, users, audit trail) goes through
`paginate`, so a page number beyond the last shows the last page instead of an empty one;
`shop.web.navigation.page_arg` turns anything that is not a page number into 1.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Select, func, select

from shop.extensions import db


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    page_size: int
    # The list holds more than `total` entries: it was counted only that far (paginate_capped).
    more: bool = False

    @property
    def pages(self) -> int:
        """The number of pages; with `more`, the number of full pages known (there are more)."""
        if self.more:
            return self.total // self.page_size
        return last_page(self.total, self.page_size)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.more or self.page < self.pages

    def with_items(self, items: Sequence) -> "Page":
        """The same page showing other objects (e.g. rows built from the ids read)."""
        return replace(self, items=list(items))


def last_page(total: int, page_size: int) -> int:
    """The number of the last page; an empty list has one (empty) page."""
    return max(1, -(-total // page_size))


def paginate_counted(
    total: int, page: int, page_size: int, read: Callable[[int, int], Sequence]
) -> Page:
    """The page of a list of `total` entries; read(limit, offset) reads its entries."""
    page = min(max(page, 1), last_page(total, page_size))
    return Page(list(read(page_size, (page - 1) * page_size)), total, page, page_size)


def paginate(query: Select, page: int, page_size: int, *, count: Select | None = None) -> Page:
    """One page of what `query` selects (one column or entity per row).

    count: a cheaper statement giving the same total (e.g. one answered from an index
    alone); by default the query's rows are counted.
    """
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(count) or 0
    return paginate_counted(
        total,
        page,
        page_size,
        lambda limit, offset: db.session.scalars(query.limit(limit).offset(offset)).all(),
    )


def paginate_capped(
    page: int,
    page_size: int,
    *,
    cap: int,
    count_up_to: Callable[[int], int],
    read: Callable[[int, int], Sequence],
) -> Page:
    """One page of entries counted only as far as needed (#10): count_up_to(bound) counts
    them up to `bound` at most, read(limit, offset) reads the page's entries.

    An exact count of 10,000 waiting orders cost the approval inbox a third of its time. The
    entries are counted up to one past the larger of `cap` and the requested page's last
    row: when there are more, the page says so (`more`, `total` being that bound) and is the
    page asked for, with a next one; else the total is exact and the page settled as
    `paginate` settles it (a page beyond the last shows the last).
    """
    bound = max(cap, page * page_size)
    counted = count_up_to(bound + 1)
    if counted <= bound:
        return paginate_counted(counted, page, page_size, read)
    page = max(page, 1)
    return Page(list(read(page_size, (page - 1) * page_size)), bound, page, page_size, more=True)
