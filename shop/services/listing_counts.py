"""Totals of long listings, counted at most once per CATALOG_COUNT_SECONDS (#10).

A catalogue page showed "100,000 products" by counting them on every request, which took
longer than the rest of the page. The count is kept in the database, so every web process
shows the same one, and recounted by the first request after it expired, or at once when a
page shows that it is wrong (more or fewer products on the last page than it implies).
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import Select, bindparam, select

from shop.extensions import db
from shop.models import ListingCount
from shop.models.clock import utcnow
from shop.services.erp_cache import upsert
from shop.services.plain_rows import rows_of

# Built once, read as a plain row (shop.services.plain_rows).
_KEPT = select(ListingCount.total, ListingCount.counted_at).where(
    ListingCount.key == bindparam("key")
)


def listing_total(key: str, count: Select, recount: bool = False) -> int:
    """The total `count` selects, as kept under `key` while it is fresh, else counted now.

    recount: count now whatever is kept (the caller saw that the kept total is wrong).
    """
    now = utcnow()
    if not recount:
        kept = rows_of(_KEPT, {"key": key}).first()
        max_age = timedelta(seconds=current_app.config["CATALOG_COUNT_SECONDS"])
        if kept is not None and kept.counted_at >= now - max_age:
            return kept.total
    total = db.session.scalar(count) or 0
    # Two processes recounting at once both write a correct total: the later one stays.
    upsert(
        ListingCount,
        [{"key": key, "total": total, "counted_at": now}],
        key=["key"],
        update=["total", "counted_at"],
    )
    return total
