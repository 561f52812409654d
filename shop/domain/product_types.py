"""Product types as operators edit them in the back office (#12, §13).

Plain data in, problems out: what a valid type looks like, the rules the firewall applies
for it, and what a change of its requirements does to one of its products.

Held back by the firewall or withdrawn on purpose: the shop keeps the firewall's reasons for
every product it refused (product_content_problems), and nothing else unpublishes a product
with reasons. So an unpublished product *with* reasons is held back by the firewall and is
published again once it passes; one *without* reasons was withdrawn some other way (not
checked yet, or unpublished by hand) and a type change leaves it alone: only an operator's
"check and publish" in the content report brings it back.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from shop.domain.catalog_import import ATTRIBUTE_KEY
from shop.domain.content_firewall import AttributeKind, RequiredAttribute, TypeRules
from shop.domain.text import fits_single_line

# Like the category slugs the demo's types are named after ("fasteners-screws").
TYPE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
NAME_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 100
UNIT_MAX_LENGTH = 16
VALUE_MAX_LENGTH = 200
MAX_ATTRIBUTES = 40
MAX_VALUES = 100


class TypeProblem(StrEnum):
    """Why a product type cannot be saved as given (labels: shop.web.labels.product_types)."""

    CODE_INVALID = "code_invalid"
    CODE_TAKEN = "code_taken"
    CODE_LOCKED = "code_locked"  # products use the type: their imports name it by its code
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    KEY_INVALID = "key_invalid"
    KEY_REPEATED = "key_repeated"
    LABEL_MISSING = "label_missing"
    LABEL_TOO_LONG = "label_too_long"
    KIND_UNKNOWN = "kind_unknown"
    UNIT_INVALID = "unit_invalid"
    UNIT_NOT_FOR_KIND = "unit_not_for_kind"
    VALUES_MISSING = "values_missing"
    VALUES_NOT_FOR_KIND = "values_not_for_kind"
    VALUES_UNMATCHED = "values_unmatched"
    VALUE_INVALID = "value_invalid"
    VALUE_REPEATED = "value_repeated"
    TOO_MANY_VALUES = "too_many_values"
    TOO_MANY_ATTRIBUTES = "too_many_attributes"


class TypeField(StrEnum):
    """Which part of the type a problem concerns (the form shows the message beside it)."""

    CODE = "code"
    NAME_EN = "name_en"
    NAME_DE = "name_de"
    ATTRIBUTES = "attributes"
    KEY = "key"
    LABEL_EN = "label_en"
    LABEL_DE = "label_de"
    KIND = "kind"
    UNIT = "unit"
    VALUES_EN = "values_en"
    VALUES_DE = "values_de"


@dataclass(frozen=True)
class TypeIssue:
    problem: TypeProblem
    field: TypeField
    row: int | None = None  # the attribute's row, counted from 0; None: the type itself


@dataclass(frozen=True)
class AttributeDraft:
    """A required (or optional) attribute as the operator typed it."""

    key: str
    label_en: str
    label_de: str
    kind: str
    unit: str = ""
    values_en: tuple[str, ...] = ()
    values_de: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class TypeDraft:
    code: str
    name_en: str
    name_de: str
    requires_image: bool
    requires_datasheet: bool
    attributes: tuple[AttributeDraft, ...] = ()


def validate_type(draft: TypeDraft, taken_codes: Collection[str] = ()) -> list[TypeIssue]:
    """Every problem that keeps `draft` from being saved; empty when it may be.
    `taken_codes`: the codes of the other types."""
    issues: list[TypeIssue] = []
    if not TYPE_CODE.match(draft.code):
        issues.append(TypeIssue(TypeProblem.CODE_INVALID, TypeField.CODE))
    elif draft.code in taken_codes:
        issues.append(TypeIssue(TypeProblem.CODE_TAKEN, TypeField.CODE))
    for field, name in ((TypeField.NAME_EN, draft.name_en), (TypeField.NAME_DE, draft.name_de)):
        issue = _text_issue(name, NAME_MAX_LENGTH, TypeProblem.NAME_MISSING)
        if issue is not None:
            issues.append(TypeIssue(issue, field))
    if len(draft.attributes) > MAX_ATTRIBUTES:
        issues.append(TypeIssue(TypeProblem.TOO_MANY_ATTRIBUTES, TypeField.ATTRIBUTES))
    seen: set[str] = set()
    for row, attribute in enumerate(draft.attributes):
        issues.extend(_attribute_issues(attribute, row, seen))
        seen.add(attribute.key)
    return issues


def _text_issue(text: str, max_length: int, missing: TypeProblem) -> TypeProblem | None:
    if not text.strip():
        return missing
    if len(text) > max_length:
        too_long = missing is TypeProblem.NAME_MISSING
        return TypeProblem.NAME_TOO_LONG if too_long else TypeProblem.LABEL_TOO_LONG
    return None


def _attribute_issues(attribute: AttributeDraft, row: int, seen: set[str]) -> list[TypeIssue]:
    issues = []

    def add(problem: TypeProblem, field: TypeField) -> None:
        issues.append(TypeIssue(problem, field, row))

    if not ATTRIBUTE_KEY.match(attribute.key):
        add(TypeProblem.KEY_INVALID, TypeField.KEY)
    elif attribute.key in seen:
        add(TypeProblem.KEY_REPEATED, TypeField.KEY)
    labels = ((TypeField.LABEL_EN, attribute.label_en), (TypeField.LABEL_DE, attribute.label_de))
    for field, label in labels:
        problem = _text_issue(label, LABEL_MAX_LENGTH, TypeProblem.LABEL_MISSING)
        if problem is not None:
            add(problem, field)
    try:
        kind = AttributeKind(attribute.kind)
    except ValueError:
        add(TypeProblem.KIND_UNKNOWN, TypeField.KIND)
        return issues
    unit = attribute.unit
    if unit and kind is not AttributeKind.NUMBER:
        add(TypeProblem.UNIT_NOT_FOR_KIND, TypeField.UNIT)
    elif unit and (len(unit) > UNIT_MAX_LENGTH or " " in unit or not fits_single_line(unit)):
        add(TypeProblem.UNIT_INVALID, TypeField.UNIT)
    if kind is not AttributeKind.CHOICE:
        if attribute.values_en or attribute.values_de:
            add(TypeProblem.VALUES_NOT_FOR_KIND, TypeField.VALUES_EN)
        return issues
    if not attribute.values_en:
        add(TypeProblem.VALUES_MISSING, TypeField.VALUES_EN)
        return issues
    for field, values in (
        (TypeField.VALUES_EN, attribute.values_en),
        (TypeField.VALUES_DE, attribute.values_de),
    ):
        if len(values) > MAX_VALUES:
            add(TypeProblem.TOO_MANY_VALUES, field)
        elif any(len(v) > VALUE_MAX_LENGTH or not fits_single_line(v) for v in values):
            add(TypeProblem.VALUE_INVALID, field)
    if len(set(attribute.values_en)) != len(attribute.values_en):
        add(TypeProblem.VALUE_REPEATED, TypeField.VALUES_EN)
    if len(attribute.values_de) != len(attribute.values_en):
        add(TypeProblem.VALUES_UNMATCHED, TypeField.VALUES_DE)
    return issues


def split_values(text: str) -> tuple[str, ...]:
    """Allowed values typed one per line; blank lines and surrounding spaces do not count."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def rules_of(draft: TypeDraft) -> TypeRules:
    """The firewall's rules for a (valid) draft: the one home of "a product type's rules"; a
    stored type comes here as its draft (shop.services.product_content.type_rules)."""
    return TypeRules(
        attributes=tuple(
            RequiredAttribute(
                a.key,
                AttributeKind(a.kind),
                a.unit or None,
                frozenset(a.values_en),
                a.required,
                frozenset(a.values_de),
            )
            for a in draft.attributes
        ),
        requires_image=draft.requires_image,
        requires_datasheet=draft.requires_datasheet,
    )


class Recheck(StrEnum):
    """What a change of its type's requirements does to one product."""

    PUBLISH = "publish"  # held back by the firewall, passes now
    HOLD_BACK = "hold_back"  # published, fails now
    STAYS = "stays"  # published and passes, or held back and still failing
    LEFT_ALONE = "left_alone"  # unpublished without the firewall's reasons: not ours to publish


def recheck(published: bool, held_by_firewall: bool, passes: bool) -> Recheck:
    """The outcome for a product (see the module's docstring for held back vs withdrawn)."""
    if published:
        return Recheck.STAYS if passes else Recheck.HOLD_BACK
    if not held_by_firewall:
        return Recheck.LEFT_ALONE
    return Recheck.PUBLISH if passes else Recheck.STAYS


@dataclass(frozen=True)
class TypeChange:
    """What changed, for the audit trail: attribute labels (English) added, removed, changed,
    and whether the image and data-sheet requirements changed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    renamed: bool = False
    image: bool | None = None  # None: unchanged, else the new requirement
    datasheet: bool | None = None


def describe_change(old: TypeDraft, new: TypeDraft) -> TypeChange:
    """The differences between the type as it was and as saved."""
    before = {a.key: a for a in old.attributes}
    after = {a.key: a for a in new.attributes}
    return TypeChange(
        added=tuple(a.label_en for key, a in after.items() if key not in before),
        removed=tuple(before[key].label_en for key in before if key not in after),
        changed=tuple(a.label_en for key, a in after.items() if key in before and before[key] != a),
        renamed=(old.name_en, old.name_de, old.code) != (new.name_en, new.name_de, new.code),
        image=new.requires_image if new.requires_image != old.requires_image else None,
        datasheet=(
            new.requires_datasheet if new.requires_datasheet != old.requires_datasheet else None
        ),
    )
