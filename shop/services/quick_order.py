"""Quick order (#15): check read lines against the catalogue and the stock, add the good ones.

A line is fine, names no product we have, names one that is not on sale, or asks for more
than the stock (with what the cart holds already); bad quantities were found when the
lines were read. Stock comes from the ERP as the cart asks it, within the page timeout: a
slow or dead ERP leaves the last known levels, and the lines say the stock is unconfirmed.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from shop.domain.ean import normalized_ean
from shop.domain.quick_order import (
    Cell,
    QuickOrderError,
    QuickOrderLine,
    QuickOrderProblem,
    QuickOrderReading,
)
from shop.domain.stock import UNKNOWN, Availability, check_quantity
from shop.extensions import db
from shop.models import Product, User
from shop.services.cart import add_lines_that_fit, find_cart
from shop.services.stock import stock_for


@dataclass(frozen=True)
class CheckedLine:
    """One line of the preview: a read line with its product, or a line that was refused."""

    line_number: int
    sku: str
    quantity: int | None
    product: Product | None = None
    error: QuickOrderError | None = None
    merged: tuple[int, ...] = ()
    availability: Availability = UNKNOWN

    @property
    def is_fine(self) -> bool:
        return self.error is None

    @property
    def stock_unconfirmed(self) -> bool:
        return self.availability.outdated


@dataclass(frozen=True)
class QuickOrderCheck:
    """Every line in the order written, and what was skipped."""

    lines: list[CheckedLine]
    header_line: int | None = None

    @property
    def fine(self) -> list[CheckedLine]:
        return [line for line in self.lines if line.is_fine]

    @property
    def line_count(self) -> int:
        """Lines read, a summed SKU's later lines included."""
        return sum(1 + len(line.merged) for line in self.lines)

    @property
    def fine_line_count(self) -> int:
        return sum(1 + len(line.merged) for line in self.fine)

    @property
    def stock_unconfirmed(self) -> bool:
        """The ERP could not confirm some stock level just now."""
        return any(line.stock_unconfirmed for line in self.fine)


@dataclass(frozen=True)
class QuickOrderResult:
    added: list[QuickOrderLine]
    errors: list[QuickOrderError]
    stock_unconfirmed: bool
    failed_lines: list[int]  # every line not added (a summed SKU's later lines too)


def check_quick_order(user: User, reading: QuickOrderReading) -> QuickOrderCheck:
    """Each read line as the cart would take it now: fine, or why not."""
    found = _products({line.sku for line in reading.lines})
    on_sale = [product for product in found.values() if product.published]
    # Asked outside any transaction: the ERP may be slow (the page timeout bounds it).
    stock = stock_for(on_sale)
    cart = find_cart(user)
    in_cart = {line.product_id: line.quantity for line in cart.lines} if cart else {}
    checked = [CheckedLine(e.line_number, e.text, None, error=e) for e in reading.errors]
    for line in reading.lines:
        product = found.get(line.sku)
        problem = None
        shortage = None
        availability = UNKNOWN
        if product is None:
            problem = QuickOrderProblem.UNKNOWN_SKU
        elif not product.published:
            problem = QuickOrderProblem.NOT_ORDERABLE
        else:
            availability = stock[product.sku]
            shortage = check_quantity(
                product.sku, availability, line.quantity, in_cart.get(product.id, 0)
            )
            if shortage is not None:
                problem = QuickOrderProblem.STOCK
        error = QuickOrderError(line.line_number, line.sku, problem, shortage) if problem else None
        checked.append(
            CheckedLine(
                line.line_number,
                line.sku,
                line.quantity,
                product if problem is not QuickOrderProblem.UNKNOWN_SKU else None,
                error,
                line.merged,
                availability,
            )
        )
    checked.sort(key=lambda line: line.line_number)
    return QuickOrderCheck(checked, reading.header_line)


def add_quick_order(user: User, reading: QuickOrderReading) -> QuickOrderResult:
    """Add every fine line to the cart in one unit of work; the others come back with why.

    The cart checks the stock again under its lock: a line another tab has filled up since
    is reported, not added.
    """
    check = check_quick_order(user, reading)
    fine = {line.product.id: line for line in check.fine}
    shortages = []
    if fine:
        shortages = add_lines_that_fit(
            user,
            {product_id: line.quantity for product_id, line in fine.items()},
            {product_id: line.availability for product_id, line in fine.items()},
        )
    short = {shortage.sku: shortage for shortage in shortages}
    failed = [line for line in check.lines if not line.is_fine or line.sku in short]
    errors = [
        line.error
        or QuickOrderError(line.line_number, line.sku, QuickOrderProblem.STOCK, short[line.sku])
        for line in failed
    ]
    added = [
        QuickOrderLine(line.line_number, line.sku, line.quantity, line.merged)
        for line in check.fine
        if line.sku not in short
    ]
    return QuickOrderResult(
        added,
        errors,
        any(line.stock_unconfirmed for line in check.fine if line.sku not in short),
        sorted(number for line in failed for number in (line.line_number, *line.merged)),
    )


def _products(skus: set[str]) -> dict[str, Product]:
    if not skus:
        return {}
    return {p.sku: p for p in db.session.scalars(select(Product).where(Product.sku.in_(skus)))}


def skus_for_eans(rows: Sequence[tuple[int, Sequence[Cell]]]) -> list[tuple[int, list[Cell]]]:
    """The rows with each EAN that names a product replaced by the product's SKU (#11), so
    reading merges, checks and reports them like the SKU; one query for all of them."""
    rows = [(number, list(cells)) for number, cells in rows]
    eans = {
        ean
        for _, cells in rows
        if cells and (ean := normalized_ean(_cell_text(cells[0]))) is not None
    }
    if not eans:
        return rows
    held = db.session.execute(select(Product.ean, Product.sku).where(Product.ean.in_(eans)))
    skus = {ean: sku for ean, sku in held}
    for _, cells in rows:
        if cells and (ean := normalized_ean(_cell_text(cells[0]))) in skus:
            cells[0] = skus[ean]
    return rows


def _cell_text(cell: Cell) -> str:
    # A spreadsheet stores an EAN as a whole number.
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell) if isinstance(cell, str | int) and not isinstance(cell, bool) else ""
