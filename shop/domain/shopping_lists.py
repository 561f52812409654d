"""Shopping lists (#15): who sees and who changes a list, and what a list line may hold.

A list belongs to its owner. Shared with the company, every user of the company sees it
(everyone who may browse: a service technician builds a list, a buyer orders it); it is
still changed only by its owner and by whoever manages the company's users (the main
contact). Another company's list is never seen: the views answer 404.
"""

from dataclasses import dataclass
from enum import StrEnum

from shop.domain.quick_order import MAX_QUANTITY
from shop.domain.stock import Availability, Shortage, check_quantity

MAX_NAME_LENGTH = 100
MAX_NOTE_LENGTH = 500
# A list is a worksheet, not a catalogue: enough for a service van's stock.
MAX_LINES = 500


@dataclass(frozen=True)
class ListFacts:
    """What the rules need to know about a list."""

    company_id: int
    owner_id: int
    shared: bool


@dataclass(frozen=True)
class Reader:
    """Who asks: their company, and whether they manage the company's users (main contact)."""

    user_id: int
    company_id: int
    manages_company: bool = False


def may_see(shopping_list: ListFacts, reader: Reader) -> bool:
    """The owner sees their list; the company's users see it once it is shared."""
    if shopping_list.company_id != reader.company_id:
        return False
    return shopping_list.owner_id == reader.user_id or shopping_list.shared


def may_change(shopping_list: ListFacts, reader: Reader) -> bool:
    """The owner changes their list; the main contact changes the company's shared lists."""
    if not may_see(shopping_list, reader):
        return False
    return shopping_list.owner_id == reader.user_id or (
        shopping_list.shared and reader.manages_company
    )


def is_valid_quantity(quantity: int) -> bool:
    return 1 <= quantity <= MAX_QUANTITY


def merged_quantity(on_list: int, added: int) -> int:
    """Adding a product the list holds already raises its quantity, up to the maximum."""
    return min(MAX_QUANTITY, on_list + added)


class LineProblem(StrEnum):
    """Why a list line was not put into the cart."""

    UNAVAILABLE = "unavailable"  # no longer published
    SOLD_OUT = "sold_out"  # nothing left, and no backorder
    STOCK = "stock"  # more than is available (with what the cart holds)
    QUANTITY = "quantity"  # the cart's line would exceed the maximum quantity


@dataclass(frozen=True)
class LineVerdict:
    """Whether one list line can go into the cart, and why not."""

    problem: LineProblem | None = None
    shortage: Shortage | None = None

    @property
    def is_addable(self) -> bool:
        return self.problem is None


def judge_line(
    sku: str,
    published: bool,
    availability: Availability,
    quantity: int,
    in_cart: int,
) -> LineVerdict:
    """Whether `quantity` of a product can join the `in_cart` pieces the cart holds (§8)."""
    if not published:
        return LineVerdict(LineProblem.UNAVAILABLE)
    if not availability.is_orderable:
        return LineVerdict(LineProblem.SOLD_OUT)
    if in_cart + quantity > MAX_QUANTITY:
        return LineVerdict(LineProblem.QUANTITY)
    shortage = check_quantity(sku, availability, quantity, in_cart)
    if shortage is not None:
        return LineVerdict(LineProblem.STOCK, shortage)
    return LineVerdict()
