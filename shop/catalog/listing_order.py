"""A category listing's ids in its sort order, kept per process (#10).

The database sorted a category's products for every page (~5 ms CPU for the 16,600 of
/catalog/fasteners on SQLite), and a late page of a broad filter walked that order in
chunks (page 20 of f.thread=M6: ~100 ms). A process now keeps each listing's sorted ids
under the listing token (shop.models.ListingVersion), which triggers on products replace
whenever a product comes or goes or what listings select or sort by changes; the token is
read with the kept bitmaps (shop.catalog.facet_bitmaps), so a page of any filter is the
sorted ids the filter lets through, sliced: what every process shows agrees with the
database, not with each other's memory.
"""

from array import array
from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock

from sqlalchemy import ScalarSelect, select

from shop.catalog.queries import SORTS, Scope
from shop.models import ListingVersion, Product
from shop.services.plain_rows import rows_of

# Listings kept per process: a few per category (sorts, languages) of at most a few
# ten thousand ids (8 bytes each).
KEPT_LISTINGS = 128

# (category ids, sort, language) -> (token, the ids in order); least recently used first.
_kept: OrderedDict[tuple, tuple[str, Sequence[int]]] = OrderedDict()
_lock = Lock()  # threads of one process share it


def listing_token() -> ScalarSelect:
    """The listing token, as a column of the statement reading the kept bitmaps."""
    return select(ListingVersion.token).where(ListingVersion.id == 1).scalar_subquery()


def sorted_ids(scope: Scope, sort: str, language: str, token: str | None) -> Sequence[int]:
    """The ids of the products in `scope` (a category's) in the order of `sort`, kept under
    the listing token read with the kept bitmaps (None: read anew)."""
    key = (scope.category_ids, sort, language)
    with _lock:
        kept = _kept.get(key)
        if token is not None and kept is not None and kept[0] == token:
            _kept.move_to_end(key)
            return kept[1]
    order = SORTS.get(sort, SORTS["name"])(language)
    ids = array("q", rows_of(select(Product.id).where(*scope.products).order_by(*order)).scalars())
    if token is not None:
        with _lock:
            _kept[key] = (token, ids)
            _kept.move_to_end(key)
            while len(_kept) > KEPT_LISTINGS:
                _kept.popitem(last=False)
    return ids
