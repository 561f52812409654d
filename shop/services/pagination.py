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

    @property
    def pages(self) -> int:
        return last_page(self.total, self.page_size)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

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
