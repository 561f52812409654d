"""Technical attribute values in the reader's language (#11).

A value is stored as text per language (`value_en`, `value_de`) and, when it is a
measurement, as a number with its unit, so filters can ask for a range. Older rows held
one string such as "steel / Stahl" or "40 mm"; `split_value` turns such a string into
the parts. It splits only what is surely a translation pair: codes and standards that
contain a slash ("DIN 933 / ISO 4017", "300/500 V", "HM / TCT") stay as they are.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

# "40 mm", "8.8", "0.75 mm²", "27 dB", "-40 °C": one number, then at most one unit word.
_MEASUREMENT = re.compile(r"(?P<number>-?\d+(?:\.\d+)?)(?: ?(?P<unit>[^\W\d_][\w²³⁻¹/]*|°C|%))?")
# A trailing measurement the German half repeats: "beech / Buche 40 mm".
_TRAILING_MEASUREMENT = re.compile(r"^(?P<text>.*\D) (?P<measure>\d+(?:\.\d+)? ?[^\W\d_]+)$")
MAX_TEXT = 200


@dataclass(frozen=True)
class AttributeValue:
    """One attribute's value: the text per language, and the number and unit of a measurement."""

    value_en: str
    value_de: str
    number: float | None = None
    unit: str | None = None


def measurement(number: Decimal | float | int | str, unit: str | None) -> AttributeValue:
    """A measured value, written with each language's decimal mark ("0.8 mm", "0,8 mm")."""
    exact = Decimal(str(number)).normalize()
    text = format(exact, "f")
    suffix = f" {unit}" if unit else ""
    return AttributeValue(
        f"{text}{suffix}", f"{text.replace('.', ',')}{suffix}", float(exact), unit or None
    )


def split_value(raw: str) -> AttributeValue:
    """The parts of a stored one-string value ("steel / Stahl", "40 mm", "DIN 933")."""
    text = " ".join(raw.split())[:MAX_TEXT]
    found = _MEASUREMENT.fullmatch(text)
    # A bare decimal is a designation ("8.8" property class, "1.4301" material number),
    # not a quantity: only a unit or a whole number (a pack size) makes a measurement.
    if found and (found["unit"] or "." not in found["number"]):
        return measurement(found["number"], found["unit"])
    halves = text.split(" / ")
    if len(halves) == 2:
        pair = _translation_pair(*halves)
        if pair is not None:
            return AttributeValue(*pair)
    return AttributeValue(text, text)


def _translation_pair(left: str, right: str) -> tuple[str, str] | None:
    # "beech / Buche 40 mm": the measurement belongs to both languages.
    trailing = _TRAILING_MEASUREMENT.match(right)
    suffix = ""
    if trailing and not _has_digit(left):
        right, suffix = trailing["text"], " " + trailing["measure"]
    # "G1/8 male / AG", "CuZn, nickel-plated / vernickelt": a code both languages share.
    prefix = ""
    first, _, rest = left.partition(" ")
    if rest and (_has_digit(first) or first.endswith(",")) and len(right.split()) == 1:
        prefix, left = first + " ", rest
    if _has_digit(left) or _has_digit(right) or (_is_code(left) and _is_code(right)):
        return None
    return f"{prefix}{left}{suffix}", f"{prefix}{right}{suffix}"


def _has_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def _is_code(text: str) -> bool:
    """An abbreviation such as "HM", "TCT", "Cu" or "PA": the same in every language."""
    return " " not in text and (text.isupper() or (len(text) <= 3 and text[:1].isupper()))
