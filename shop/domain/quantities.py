"""Reading a typed quantity: ASCII digits only.

Python's int() also takes "٣", "３", "𝟑", "1_000", "+5" and surrounding Unicode spaces; a
quantity field must not (#14), so every quantity the shop reads goes through here.
"""

import re

_DIGITS = re.compile(r"[0-9]{1,30}")


def parse_quantity(text: str) -> int | None:
    """The whole number written in ASCII digits (spaces around allowed), else None."""
    stripped = text.strip(" ")
    if not _DIGITS.fullmatch(stripped):
        return None
    return int(stripped)


def looks_negative(text: str) -> bool:
    """True for "-" followed by a quantity, so the message can say what is wrong."""
    stripped = text.strip(" ")
    return stripped.startswith("-") and parse_quantity(stripped[1:]) is not None
