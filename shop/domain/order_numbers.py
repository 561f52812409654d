"""Order numbers: year and a per-year sequence, e.g. 2026-000042."""

import re

ORDER_NUMBER = re.compile(r"^(\d{4})-(\d{6,})$")


def format_order_number(year: int, sequence: int) -> str:
    """The customer-facing order number for the n-th order of a year."""
    if sequence < 1:
        raise ValueError("order sequence starts at 1")
    return f"{year:04d}-{sequence:06d}"


def is_order_number(text: str) -> bool:
    return ORDER_NUMBER.match(text) is not None
