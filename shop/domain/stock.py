"""Stock rules (§8): how much of a product may be ordered, given what the ERP last said.

The ERP is the truth about stock. The shop knows a level per SKU from its last GetStock
answer; `outdated` marks one the ERP could not confirm just now. Decided: when the ERP
is down, the last known level applies, and a product whose level was never known can be
ordered — a wholesaler would rather take an order (the ERP reviews it) than lose it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Availability:
    """What the shop knows about one product's stock."""

    quantity: int | None  # the last known level; None: never known
    allows_backorder: bool = False  # may be ordered beyond the stock (delivered later)
    outdated: bool = False  # the ERP could not confirm the level just now

    @property
    def is_sold_out(self) -> bool:
        return self.quantity is not None and self.quantity <= 0

    @property
    def is_orderable(self) -> bool:
        """Whether any quantity may be ordered at all."""
        return self.allows_backorder or not self.is_sold_out

    @property
    def limit(self) -> int | None:
        """The most that may be ordered; None: no limit (backorder, or level unknown)."""
        if self.allows_backorder or self.quantity is None:
            return None
        return max(self.quantity, 0)


UNKNOWN = Availability(None)


@dataclass(frozen=True)
class Shortage:
    """More was asked for than is available."""

    sku: str
    requested: int  # the quantity the order or cart line would have
    available: int
    in_cart: int = 0  # of `requested`, what the cart already held


class InsufficientStock(Exception):
    """One or more quantities exceed the available stock."""

    def __init__(self, shortages: list[Shortage]) -> None:
        super().__init__(", ".join(f"{s.sku}: {s.requested} > {s.available}" for s in shortages))
        self.shortages = shortages


def check_quantity(
    sku: str, availability: Availability, quantity: int, in_cart: int = 0
) -> Shortage | None:
    """The shortage when `quantity` more (on top of `in_cart`) exceeds the stock, else None."""
    limit = availability.limit
    requested = in_cart + quantity
    if limit is None or requested <= limit:
        return None
    return Shortage(sku, requested, limit, in_cart)


def shortages_of(
    lines: Iterable[tuple[str, int]], availability: Mapping[str, Availability]
) -> list[Shortage]:
    """The lines (SKU, quantity) that exceed their product's stock."""
    found = (
        check_quantity(sku, availability.get(sku, UNKNOWN), quantity) for sku, quantity in lines
    )
    return [shortage for shortage in found if shortage is not None]


def check_change(
    sku: str, availability: Availability, old_quantity: int, new_quantity: int
) -> Shortage | None:
    """A changed order line: raising it must fit the stock, lowering it is always allowed."""
    if new_quantity <= old_quantity:
        return None
    return check_quantity(sku, availability, new_quantity)


# At most this many left: cards say "only a few left" (#11).
LOW_STOCK = 10


class StockState(Enum):
    """What a product card says about stock (#11)."""

    IN_STOCK = "in_stock"
    LOW = "low"
    SOLD_OUT = "sold_out"
    BACKORDER = "backorder"  # sold out, but may be ordered (delivered when back in stock)
    UNKNOWN = "unknown"  # the ERP never told us the level


def stock_state(availability: Availability) -> StockState:
    """The card's stock state, from the last known level."""
    if availability.quantity is None:
        return StockState.UNKNOWN
    if availability.is_sold_out:
        return StockState.BACKORDER if availability.allows_backorder else StockState.SOLD_OUT
    if availability.quantity <= LOW_STOCK:
        return StockState.LOW
    return StockState.IN_STOCK
