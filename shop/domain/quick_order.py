"""Parsing a pasted quick order: one 'SKU quantity' per line."""

import re
from dataclasses import dataclass
from enum import StrEnum

from shop.domain.quantities import parse_quantity
from shop.domain.stock import Shortage

MAX_QUANTITY = 99_999
# ASCII separators only: a no-break space before a quantity makes the line invalid (#14).
_SEPARATORS = re.compile(r"[\s;,]+", re.ASCII)


@dataclass(frozen=True)
class QuickOrderLine:
    line_number: int
    sku: str
    quantity: int


class QuickOrderProblem(StrEnum):
    FORMAT = "format"
    QUANTITY = "quantity"
    UNKNOWN_SKU = "unknown_sku"
    STOCK = "stock"


@dataclass(frozen=True)
class QuickOrderError:
    line_number: int
    text: str
    reason: QuickOrderProblem
    shortage: Shortage | None = None  # for STOCK


def parse_quick_order(text: str) -> tuple[list[QuickOrderLine], list[QuickOrderError]]:
    """Split pasted text into lines; a missing quantity means 1; same SKU twice is summed."""
    lines: dict[str, QuickOrderLine] = {}
    errors: list[QuickOrderError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        parts = [p for p in _SEPARATORS.split(stripped) if p]
        if len(parts) > 2:
            errors.append(QuickOrderError(number, stripped, QuickOrderProblem.FORMAT))
            continue
        sku = parts[0].upper()
        typed = parse_quantity(parts[1]) if len(parts) == 2 else 1
        if typed is None or not 1 <= typed <= MAX_QUANTITY:
            errors.append(QuickOrderError(number, stripped, QuickOrderProblem.QUANTITY))
            continue
        previous = lines.get(sku)
        quantity = typed + (previous.quantity if previous else 0)
        if quantity > MAX_QUANTITY:
            errors.append(QuickOrderError(number, stripped, QuickOrderProblem.QUANTITY))
            continue
        lines[sku] = QuickOrderLine(previous.line_number if previous else number, sku, quantity)
    return list(lines.values()), errors
