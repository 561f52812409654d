"""EAN (GTIN-13 and GTIN-8): the article number printed under a product's barcode (#11).

A buyer scans or types it; search and quick order find the product by it. Only numbers whose
check digit is right are taken, so a mistyped digit is caught instead of naming another
product.
"""

import re

_DIGITS = re.compile(r"^[0-9]{8}$|^[0-9]{13}$")


def check_digit(body: str) -> int:
    """The check digit of the digits before it (GS1: weights 3 and 1 from the right)."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body))
    )
    return (10 - total % 10) % 10


def normalized_ean(text: str) -> str | None:
    """The EAN `text` holds (spaces and hyphens as printed under a barcode allowed), or None
    when it is not 8 or 13 digits with the right check digit."""
    digits = text.strip().replace(" ", "").replace("-", "")
    if not _DIGITS.match(digits) or not digits.isascii():
        return None
    if check_digit(digits[:-1]) != int(digits[-1]):
        return None
    return digits


def with_check_digit(body: str) -> str:
    """`body` (7 or 12 digits) completed to an EAN: demo and test data."""
    return body + str(check_digit(body))
