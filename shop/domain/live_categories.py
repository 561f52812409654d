"""§13, #12: a category goes live only with complete content and stock.

Plain rules on counts the services read: which categories the storefront shows, and why
one is not live (for the back office's content report).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum


class NotLiveReason(Enum):
    NO_PUBLISHED_PRODUCT = "no_published_product"  # nothing passed the content firewall yet
    NO_STOCK_KNOWN = "no_stock_known"  # published, but the ERP never told us a stock level


@dataclass(frozen=True)
class CategoryContent:
    """A category's own products (not its subcategories'), counted.

    with_stock: published products whose stock is known, i.e. the shop holds a stock level
    the ERP reported for the SKU (a row in the stock cache, whatever its age or quantity:
    a sold-out product is still on sale, §8's last known level applies when the ERP is down).
    """

    published: int
    unpublished: int
    with_stock: int


def is_live(content: CategoryContent) -> bool:
    """Live with at least one published product whose stock the shop knows."""
    return content.with_stock > 0


def not_live_reason(content: CategoryContent) -> NotLiveReason | None:
    """Why the category is not live; None when it is."""
    if is_live(content):
        return None
    if content.published == 0:
        return NotLiveReason.NO_PUBLISHED_PRODUCT
    return NotLiveReason.NO_STOCK_KNOWN


def products_to_go_live(content: CategoryContent) -> int:
    """How many of its products would each make the category live: the published ones once
    their stock is known, else the unpublished ones once they pass the firewall (and their
    stock is known). 0 for a live category."""
    reason = not_live_reason(content)
    if reason is NotLiveReason.NO_STOCK_KNOWN:
        return content.published
    if reason is NotLiveReason.NO_PUBLISHED_PRODUCT:
        return content.unpublished
    return 0


def live_with_parents(own_live: Iterable[int], parent_of: Mapping[int, int | None]) -> set[int]:
    """The live categories: those live by their own products, and every parent of one (a
    parent is live when any child is)."""
    live: set[int] = set()
    for category_id in own_live:
        current: int | None = category_id
        while current is not None and current not in live:
            live.add(current)
            current = parent_of.get(current)
    return live
