"""The product content firewall (#12, §13): does a product record meet its product type?

Plain data in, a list of problems out: no database, no Flask, so a catalogue import and a
benchmark can check 100,000 records in seconds. A product is published only when the list
is empty (shop/services/product_content.py); the back office shows the problems as reasons.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class AttributeKind(StrEnum):
    TEXT = "text"  # any non-empty text
    NUMBER = "number"  # a number, in the type's unit when it names one
    CHOICE = "choice"  # one of the type's allowed values


class ContentProblem(StrEnum):
    """Why a product record is not fit to be published (labels: shop.web.labels.content)."""

    NO_TYPE = "no_type"
    NAME_MISSING = "name_missing"
    ATTRIBUTE_MISSING = "attribute_missing"
    NOT_A_NUMBER = "not_a_number"
    WRONG_UNIT = "wrong_unit"
    VALUE_NOT_ALLOWED = "value_not_allowed"
    GERMAN_VALUE_NOT_ALLOWED = "german_value_not_allowed"  # not among the German allowed values
    IMAGE_MISSING = "image_missing"
    DATASHEET_MISSING = "datasheet_missing"
    PRICE_MISSING = "price_missing"
    # Found by the catalogue import while reading a record, before the firewall proper.
    TYPE_UNKNOWN = "type_unknown"
    CATEGORY_UNKNOWN = "category_unknown"
    SKU_INVALID = "sku_invalid"
    SKU_REPEATED = "sku_repeated"
    PRICE_INVALID = "price_invalid"
    TEXT_INVALID = "text_invalid"
    FILE_MISSING = "file_missing"
    FILE_NOT_ALLOWED = "file_not_allowed"
    # The import from the ERP: a file the ERP did not deliver, a URL not on the ERP's host.
    FILE_NOT_DELIVERED = "file_not_delivered"
    FILE_ELSEWHERE = "file_elsewhere"
    EAN_INVALID = "ean_invalid"  # not 8 or 13 digits with the right check digit (#11)
    EAN_REPEATED = "ean_repeated"  # another product (or line) has this EAN


@dataclass(frozen=True)
class Finding:
    """One problem of a record, with what it concerns: the attribute's key, and a detail
    (the unit expected, the value given, a file name) for the message."""

    problem: ContentProblem
    key: str = ""
    detail: str = ""


@dataclass(frozen=True)
class RequiredAttribute:
    key: str
    kind: AttributeKind
    unit: str | None = None
    allowed: frozenset[str] = frozenset()
    # An optional attribute may be missing; when a product has it, it is checked all the same.
    required: bool = True
    # A choice's allowed values in German (none: the type names no German values to check).
    allowed_de: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TypeRules:
    """What a product type requires of its products."""

    attributes: tuple[RequiredAttribute, ...]
    requires_image: bool = True
    requires_datasheet: bool = False


@dataclass(frozen=True)
class AttributeEntry:
    """An attribute as a record holds it: its text, and number and unit when measured; its
    German text where the record has one (None: not known, not checked)."""

    text: str
    number: float | None = None
    unit: str | None = None
    text_de: str | None = None


@dataclass(frozen=True)
class ContentRecord:
    """A product's content as the firewall sees it."""

    name_en: str
    name_de: str
    price: Decimal | None
    has_image: bool
    has_datasheet: bool
    attributes: Mapping[str, AttributeEntry] = field(default_factory=dict)


def check_content(record: ContentRecord, rules: TypeRules | None) -> list[Finding]:
    """Every problem that keeps `record` from being published under `rules` (its type's);
    empty when it passes. A record without a type cannot pass."""
    findings: list[Finding] = []
    if rules is None:
        findings.append(Finding(ContentProblem.NO_TYPE))
    if not record.name_en.strip() or not record.name_de.strip():
        findings.append(Finding(ContentProblem.NAME_MISSING))
    if record.price is None or not record.price.is_finite() or record.price <= 0:
        findings.append(Finding(ContentProblem.PRICE_MISSING))
    if rules is None:
        return findings
    for required in rules.attributes:
        finding = _check_attribute(required, record.attributes.get(required.key))
        if finding is not None:
            findings.append(finding)
    if rules.requires_image and not record.has_image:
        findings.append(Finding(ContentProblem.IMAGE_MISSING))
    if rules.requires_datasheet and not record.has_datasheet:
        findings.append(Finding(ContentProblem.DATASHEET_MISSING))
    return findings


def _check_attribute(required: RequiredAttribute, entry: AttributeEntry | None) -> Finding | None:
    key = required.key
    if entry is None or not entry.text.strip():
        return Finding(ContentProblem.ATTRIBUTE_MISSING, key) if required.required else None
    if required.kind is AttributeKind.NUMBER:
        if entry.number is None or not math.isfinite(entry.number):
            return Finding(ContentProblem.NOT_A_NUMBER, key, entry.text)
        if (required.unit or None) != (entry.unit or None):
            return Finding(ContentProblem.WRONG_UNIT, key, required.unit or "")
    elif required.kind is AttributeKind.CHOICE:
        if entry.text.strip() not in required.allowed:
            return Finding(ContentProblem.VALUE_NOT_ALLOWED, key, entry.text)
        # German readers see the German value: it must be one of the type's German values too.
        german = (entry.text_de or "").strip()
        if required.allowed_de and entry.text_de is not None and german not in required.allowed_de:
            return Finding(ContentProblem.GERMAN_VALUE_NOT_ALLOWED, key, entry.text_de)
    return None
