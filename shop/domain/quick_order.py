"""Reading a quick order: one 'SKU quantity' per line, typed, pasted or read from a file.

A line holds a SKU and a quantity separated by a tab, a semicolon, a comma or spaces (as
typed, pasted from a spreadsheet or exported as CSV); a missing quantity means 1. The
first line may be a header ("SKU;quantity"): it is recognised and skipped. The same SKU
twice is summed on its first line. Every line that cannot be read is reported with why;
the others are kept (#15).
"""

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from enum import StrEnum

from shop.domain.quantities import looks_negative, parse_quantity
from shop.domain.stock import Shortage

MAX_QUANTITY = 99_999
MAX_LINES = 500  # lines with content, a header included
# ASCII spaces only: a no-break space before a quantity makes the line invalid (#14).
_SPACES = re.compile(r"[ \t]+", re.ASCII)
_DIGITS = re.compile(r"[0-9]+")
# "2,5", "2.5", "1.000": a decimal or a thousands separator; which one depends on the
# writer's language, so neither is guessed.
_SEPARATED = re.compile(r"-?[0-9]*[.,][0-9]+([.,][0-9]+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Column titles that mark the first line as a header, English and German, lower case.
HEADER_WORDS = frozenset(
    {
        "sku",
        "article",
        "article number",
        "item",
        "item number",
        "product",
        "product number",
        "part number",
        "artikel",
        "artikelnummer",
        "artikel-nr",
        "art.-nr",
        "art-nr",
        "material",
        "materialnummer",
        "quantity",
        "qty",
        "amount",
        "pieces",
        "count",
        "menge",
        "anzahl",
        "stück",
        "stk",
    }
)


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell holding a formula: its value is not the file's to trust."""

    text: str


# What a cell may hold: text from a typed or CSV line, or a spreadsheet's value.
Cell = str | int | float | bool | datetime | date | time | Formula | None


@dataclass(frozen=True)
class QuickOrderLine:
    line_number: int
    sku: str
    quantity: int
    merged: tuple[int, ...] = ()  # later lines of the same SKU, added to this one


class QuickOrderProblem(StrEnum):
    FORMAT = "format"  # not a SKU and a quantity
    CHARACTERS = "characters"  # control characters: not text
    FORMULA = "formula"
    QUANTITY = "quantity"  # not a number of pieces
    NEGATIVE = "negative"
    ZERO = "zero"
    DECIMAL = "decimal"
    TOO_LARGE = "too_large"
    UNKNOWN_SKU = "unknown_sku"
    NOT_ORDERABLE = "not_orderable"  # the product exists but is not on sale
    STOCK = "stock"


@dataclass(frozen=True)
class QuickOrderError:
    line_number: int
    text: str  # the SKU, or the line as written when no SKU could be read
    reason: QuickOrderProblem
    shortage: Shortage | None = None  # for STOCK


@dataclass(frozen=True)
class QuickOrderReading:
    """What was read: the good lines, the refused ones, and what was skipped."""

    lines: list[QuickOrderLine] = field(default_factory=list)
    errors: list[QuickOrderError] = field(default_factory=list)
    header_line: int | None = None  # the line read as a header
    too_many_lines: bool = False  # more than MAX_LINES: nothing is read


def split_line(raw: str) -> list[str]:
    """The cells of one typed or CSV line: split at tabs, else semicolons, else commas,
    else spaces; CSV quotes are honoured, trailing empty cells dropped."""
    for delimiter in ("\t", ";", ","):
        if delimiter in raw:
            try:
                cells = next(csv.reader([raw], delimiter=delimiter))
            except (csv.Error, StopIteration):
                cells = raw.split(delimiter)
            break
    else:
        cells = _SPACES.split(raw.strip(" \t"))
    cells = [cell.strip(" ") for cell in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def text_rows(text: str) -> list[tuple[int, list[Cell]]]:
    """Typed or pasted text (or a decoded CSV file) as numbered rows of cells."""
    return [(number, list(split_line(raw))) for number, raw in enumerate(text.splitlines(), 1)]


def read_quick_order(rows: Iterable[tuple[int, Sequence[Cell]]]) -> QuickOrderReading:
    """Read numbered rows of cells into order lines and per-line problems."""
    lines: dict[str, QuickOrderLine] = {}
    errors: list[QuickOrderError] = []
    header_line = None
    seen = 0
    for number, raw_cells in rows:
        cells = _trimmed(raw_cells)
        if not cells:
            continue
        seen += 1
        if seen > MAX_LINES:
            return QuickOrderReading(too_many_lines=True)
        if seen == 1 and is_header(cells):
            header_line = number
            continue
        line_or_error = _read_line(number, cells)
        if isinstance(line_or_error, QuickOrderError):
            errors.append(line_or_error)
            continue
        line = line_or_error
        previous = lines.get(line.sku)
        if previous is None:
            lines[line.sku] = line
            continue
        quantity = previous.quantity + line.quantity
        if quantity > MAX_QUANTITY:
            errors.append(QuickOrderError(number, line.sku, QuickOrderProblem.TOO_LARGE))
            continue
        lines[line.sku] = QuickOrderLine(
            previous.line_number, line.sku, quantity, previous.merged + (number,)
        )
    return QuickOrderReading(list(lines.values()), errors, header_line)


def parse_quick_order(text: str) -> QuickOrderReading:
    """Read typed or pasted text."""
    return read_quick_order(text_rows(text))


def lines_as_text(lines: Iterable[QuickOrderLine]) -> str:
    """Lines written back as the quick order reads them (the preview's form carries them)."""
    return "\n".join(f"{line.sku} {line.quantity}" for line in lines)


def left_over(
    text: str, errors: Iterable[QuickOrderError], failed: Iterable[int]
) -> tuple[str, list[QuickOrderError]]:
    """The lines not added, as they were typed, and their errors renumbered to match.

    After a partial add the box keeps only these lines, so fixing and sending them again
    does not add the others twice.
    """
    raw = text.splitlines()
    kept = sorted(set(failed))
    renumbered = {old: new for new, old in enumerate(kept, start=1)}
    return "\n".join(raw[number - 1] for number in kept), [
        replace(error, line_number=renumbered[error.line_number]) for error in errors
    ]


def is_header(cells: Sequence[Cell]) -> bool:
    """A first line of column titles: no quantity, and a title we know.

    Only known titles count: "QO-SUP ²" is a line with a bad quantity, not a header.
    """
    if not all(isinstance(cell, str) for cell in cells) or len(cells) > 2:
        return False
    if len(cells) == 2 and _DIGITS.fullmatch(cells[1]):
        return False
    return any(cell.lower().strip(" .:#") in HEADER_WORDS for cell in cells)


def _trimmed(cells: Sequence[Cell]) -> list[Cell]:
    cleaned = [cell.strip(" ") if isinstance(cell, str) else cell for cell in cells]
    while cleaned and cleaned[-1] in ("", None):
        cleaned.pop()
    return cleaned


def _shown(cells: Sequence[Cell]) -> str:
    """A line as the user wrote it, short enough to quote in a message."""
    text = ";".join(
        cell.text if isinstance(cell, Formula) else "" if cell is None else str(cell)
        for cell in cells
    )
    text = _CONTROL.sub("?", text)
    return text if len(text) <= 60 else text[:59] + "…"


def _read_line(number: int, cells: list[Cell]) -> QuickOrderLine | QuickOrderError:
    def error(reason: QuickOrderProblem, text: str | None = None) -> QuickOrderError:
        return QuickOrderError(number, text if text is not None else _shown(cells), reason)

    if any(isinstance(cell, str) and _CONTROL.search(cell) for cell in cells):
        return error(QuickOrderProblem.CHARACTERS)
    if any(_is_formula(cell) for cell in cells):
        return error(QuickOrderProblem.FORMULA)
    if len(cells) > 2:
        return error(QuickOrderProblem.FORMAT)
    sku = _sku(cells[0])
    if sku is None:
        return error(QuickOrderProblem.FORMAT)
    quantity = _quantity(cells[1]) if len(cells) == 2 else 1
    if isinstance(quantity, QuickOrderProblem):
        return error(quantity, sku)
    return QuickOrderLine(number, sku, quantity)


def _is_formula(cell: Cell) -> bool:
    return isinstance(cell, Formula) or (isinstance(cell, str) and cell.startswith("="))


def _sku(cell: Cell) -> str | None:
    """The SKU a cell names; spreadsheets store a numeric SKU as a number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float) and math.isfinite(cell) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, str) and cell:
        return cell.upper()
    return None


def _quantity(cell: Cell) -> int | QuickOrderProblem:
    """The whole number of pieces a cell holds, or why it holds none."""
    if cell is None or cell == "":
        return 1
    if isinstance(cell, bool) or not isinstance(cell, int | float | str):
        return QuickOrderProblem.QUANTITY
    if isinstance(cell, float):
        if not math.isfinite(cell):
            return QuickOrderProblem.QUANTITY
        if not cell.is_integer():
            return QuickOrderProblem.DECIMAL
        if abs(cell) > 10**15:  # int() of a huge float is exact but meaningless
            return QuickOrderProblem.TOO_LARGE
        cell = int(cell)
    if isinstance(cell, str):
        if _DIGITS.fullmatch(cell) and len(cell) > 9:
            return QuickOrderProblem.TOO_LARGE  # never int() of a thousand digits
        parsed = parse_quantity(cell)
        if parsed is None:
            if looks_negative(cell):
                return QuickOrderProblem.NEGATIVE
            if _SEPARATED.fullmatch(cell):
                return QuickOrderProblem.DECIMAL
            return QuickOrderProblem.QUANTITY
        cell = parsed
    if cell < 0:
        return QuickOrderProblem.NEGATIVE
    if cell == 0:
        return QuickOrderProblem.ZERO
    if cell > MAX_QUANTITY:
        return QuickOrderProblem.TOO_LARGE
    return cell
