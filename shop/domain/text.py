"""Which characters a text may hold.

The ERP speaks SOAP, so everything we send must be XML 1.0: no C0 controls except TAB, LF and
CR, no U+FFFE/U+FFFF and no lone surrogates — such a text can never be serialised, and an order
or contact carrying it would never reach the ERP (#9). A single-line field (a name, a
reference, a street) holds no line breaks or other control characters either.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import fields, is_dataclass

_XML_WHITESPACE = {"\t", "\n", "\r"}
_LINE_SEPARATORS = {"\u2028", "\u2029"}


def is_xml_char(char: str) -> bool:
    """True if XML 1.0 can carry this character (its `Char` production)."""
    code = ord(char)
    if code < 0x20:
        return char in _XML_WHITESPACE
    return not (0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF))


# The complement of XML 1.0's `Char` production (is_xml_char) as one character class: every
# order placed checks its texts, and a regex scans them in C rather than a call per character
# (#10: the check was ~4 % of a checkout POST's CPU).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def fits_xml(text: str) -> bool:
    """True if every character of the text can travel in XML 1.0."""
    return _NOT_XML_CHAR.search(text) is None


def is_single_line_char(char: str) -> bool:
    """True if a single-line text may hold this character."""
    return is_xml_char(char) and unicodedata.category(char) != "Cc" and char not in _LINE_SEPARATORS


# The same rule as one class: Unicode's controls (Cc) are U+0000-U+001F and U+007F-U+009F;
# every form field is checked with it on every submit (#10).
_NOT_SINGLE_LINE_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def fits_single_line(text: str) -> bool:
    """True if the text fits XML and holds no line break or other control character."""
    return _NOT_SINGLE_LINE_CHAR.search(text) is None


def find_text_unfit_for_xml(value: object, path: str = "") -> str | None:
    """The path of the first text in a nested value (mappings, lists, dataclasses) that XML
    1.0 cannot carry, or None when all of it can."""
    if isinstance(value, str):
        return None if fits_xml(value) else (path or "(text)")
    if isinstance(value, Mapping):
        items = value.items()
    elif is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in fields(value))
    elif isinstance(value, list | tuple | set | frozenset):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = find_text_unfit_for_xml(item, f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None
