"""The prices a visitor sees: list prices for now, fetched for a whole page at once."""

from collections.abc import Iterable

from shop.domain.money import Money
from shop.models import Product


def prices_for(products: Iterable[Product], company=None) -> dict[int, Money]:
    """Net unit price per product id, in one batch (customer prices come from the ERP later)."""
    return {p.id: Money(p.list_price, "EUR") for p in products}
