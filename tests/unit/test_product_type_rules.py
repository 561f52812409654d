"""The rules of a product type as operators edit it (#12, §13): what is valid, the firewall's
rules for it, and what a change does to one product."""

from decimal import Decimal

import pytest

from shop.domain.content_firewall import (
    AttributeEntry,
    AttributeKind,
    ContentProblem,
    ContentRecord,
    RequiredAttribute,
    TypeRules,
    check_content,
)
from shop.domain.product_types import (
    MAX_ATTRIBUTES,
    AttributeDraft,
    Recheck,
    TypeDraft,
    TypeField,
    TypeIssue,
    TypeProblem,
    describe_change,
    recheck,
    rules_of,
    split_values,
    validate_type,
)

LENGTH = AttributeDraft("length", "Length", "Länge", "number", "mm")
COLOUR = AttributeDraft(
    "colour", "Colour", "Farbe", "choice", values_en=("black",), values_de=("schwarz",)
)
DRAFT = TypeDraft("cable-ties", "Cable ties", "Kabelbinder", True, False, (LENGTH, COLOUR))


def with_attribute(**changes) -> TypeDraft:
    values = {**COLOUR.__dict__, **changes}
    return TypeDraft(
        DRAFT.code, DRAFT.name_en, DRAFT.name_de, True, False, (LENGTH, AttributeDraft(**values))
    )


def issues_of(draft: TypeDraft, taken=()) -> list[tuple[TypeProblem, TypeField, int | None]]:
    return [(i.problem, i.field, i.row) for i in validate_type(draft, taken)]


def test_a_complete_type_is_valid():
    assert validate_type(DRAFT) == []


@pytest.mark.parametrize(
    "code", ["", "Cable", "-ties", "cable ties", "kabel_binder", "x" * 41, "ä"]
)
def test_a_code_is_small_letters_digits_and_hyphens(code):
    draft = TypeDraft(code, "A", "B", True, False)

    assert issues_of(draft) == [(TypeProblem.CODE_INVALID, TypeField.CODE, None)]


@pytest.mark.parametrize("code", ["a", "m8-bolts", "9" * 40])
def test_codes_that_fit(code):
    assert validate_type(TypeDraft(code, "A", "B", True, False)) == []


def test_a_code_another_type_has_is_taken():
    assert issues_of(DRAFT, taken={"cable-ties"}) == [
        (TypeProblem.CODE_TAKEN, TypeField.CODE, None)
    ]


def test_both_names_are_needed_and_not_too_long():
    draft = TypeDraft("a", " ", "x" * 201, True, False)

    assert issues_of(draft) == [
        (TypeProblem.NAME_MISSING, TypeField.NAME_EN, None),
        (TypeProblem.NAME_TOO_LONG, TypeField.NAME_DE, None),
    ]


@pytest.mark.parametrize("key", ["", "Length", "1st", "län ge", "a-b", "x" * 41])
def test_a_key_is_small_letters_digits_and_underscores(key):
    assert issues_of(with_attribute(key=key)) == [(TypeProblem.KEY_INVALID, TypeField.KEY, 1)]


def test_a_key_may_appear_once():
    assert issues_of(with_attribute(key="length")) == [(TypeProblem.KEY_REPEATED, TypeField.KEY, 1)]


def test_labels_in_both_languages_are_needed():
    assert issues_of(with_attribute(label_en="", label_de="x" * 101)) == [
        (TypeProblem.LABEL_MISSING, TypeField.LABEL_EN, 1),
        (TypeProblem.LABEL_TOO_LONG, TypeField.LABEL_DE, 1),
    ]


def test_the_kind_is_one_of_text_number_choice():
    assert issues_of(with_attribute(kind="date")) == [(TypeProblem.KIND_UNKNOWN, TypeField.KIND, 1)]


@pytest.mark.parametrize(
    ("unit", "problem"),
    [
        ("m m", TypeProblem.UNIT_INVALID),
        ("x" * 17, TypeProblem.UNIT_INVALID),
        ("m\x00", TypeProblem.UNIT_INVALID),
    ],
)
def test_a_unit_is_one_short_word(unit, problem):
    draft = TypeDraft("a", "A", "B", True, False, (AttributeDraft("l", "L", "L", "number", unit),))

    assert issues_of(draft) == [(problem, TypeField.UNIT, 0)]


def test_a_number_may_go_without_a_unit_but_text_and_choice_have_none():
    number = AttributeDraft("teeth", "Teeth", "Zähne", "number")
    text = AttributeDraft("thread", "Thread", "Gewinde", "text", unit="mm")

    assert issues_of(TypeDraft("a", "A", "B", True, False, (number, text))) == [
        (TypeProblem.UNIT_NOT_FOR_KIND, TypeField.UNIT, 1)
    ]


def test_only_a_choice_has_allowed_values():
    text = AttributeDraft(
        "thread", "Thread", "Gewinde", "text", values_en=("M8",), values_de=("M8",)
    )

    assert issues_of(TypeDraft("a", "A", "B", True, False, (text,))) == [
        (TypeProblem.VALUES_NOT_FOR_KIND, TypeField.VALUES_EN, 0)
    ]


def test_a_choice_needs_values_each_once_with_a_german_wording_each():
    assert issues_of(with_attribute(values_en=(), values_de=())) == [
        (TypeProblem.VALUES_MISSING, TypeField.VALUES_EN, 1)
    ]
    assert issues_of(with_attribute(values_en=("a", "a"), values_de=("a", "a"))) == [
        (TypeProblem.VALUE_REPEATED, TypeField.VALUES_EN, 1)
    ]
    assert issues_of(with_attribute(values_en=("black", "white"), values_de=("schwarz",))) == [
        (TypeProblem.VALUES_UNMATCHED, TypeField.VALUES_DE, 1)
    ]


def test_values_are_single_lines_of_limited_length_and_number():
    assert issues_of(with_attribute(values_en=("x" * 201,), values_de=("x",))) == [
        (TypeProblem.VALUE_INVALID, TypeField.VALUES_EN, 1)
    ]
    assert issues_of(with_attribute(values_en=("a",), values_de=("a\tb",))) == [
        (TypeProblem.VALUE_INVALID, TypeField.VALUES_DE, 1)
    ]
    many = tuple(str(n) for n in range(101))
    assert (TypeProblem.TOO_MANY_VALUES, TypeField.VALUES_EN, 1) in issues_of(
        with_attribute(values_en=many, values_de=many)
    )


def test_a_type_has_at_most_so_many_attributes():
    attributes = tuple(AttributeDraft(f"a{n}", "A", "A", "text") for n in range(MAX_ATTRIBUTES + 1))

    assert validate_type(TypeDraft("a", "A", "B", True, False, attributes)) == [
        TypeIssue(TypeProblem.TOO_MANY_ATTRIBUTES, TypeField.ATTRIBUTES)
    ]


def test_values_are_typed_one_per_line():
    assert split_values(" black \r\n\n natural\n") == ("black", "natural")


def test_the_firewall_rules_of_a_draft():
    optional = AttributeDraft("note", "Note", "Hinweis", "text", required=False)
    draft = TypeDraft("a", "A", "B", False, True, (LENGTH, COLOUR, optional))

    assert rules_of(draft) == TypeRules(
        attributes=(
            RequiredAttribute("length", AttributeKind.NUMBER, "mm"),
            RequiredAttribute(
                "colour",
                AttributeKind.CHOICE,
                None,
                frozenset({"black"}),
                True,
                frozenset({"schwarz"}),
            ),
            RequiredAttribute("note", AttributeKind.TEXT, None, frozenset(), required=False),
        ),
        requires_image=False,
        requires_datasheet=True,
    )


def test_an_optional_attribute_may_be_missing_but_is_checked_when_given():
    rules = TypeRules(
        (RequiredAttribute("colour", AttributeKind.CHOICE, None, frozenset({"black"}), False),),
        requires_image=False,
    )
    record = ContentRecord("Tie", "Binder", Decimal("1"), False, False)

    assert check_content(record, rules) == []
    wrong = ContentRecord(
        "Tie", "Binder", record.price, False, False, {"colour": AttributeEntry("purple")}
    )
    assert [f.problem for f in check_content(wrong, rules)] == [ContentProblem.VALUE_NOT_ALLOWED]


@pytest.mark.parametrize(
    ("published", "held", "passes", "outcome"),
    [
        (True, False, True, Recheck.STAYS),
        (True, False, False, Recheck.HOLD_BACK),
        (False, True, True, Recheck.PUBLISH),
        (False, True, False, Recheck.STAYS),
        (False, False, True, Recheck.LEFT_ALONE),
        (False, False, False, Recheck.LEFT_ALONE),
    ],
)
def test_what_a_change_does_to_a_product(published, held, passes, outcome):
    assert recheck(published, held, passes) is outcome


def test_a_change_is_described_for_the_audit_trail():
    new = TypeDraft(
        "cable-ties",
        "Cable ties",
        "Kabelbinder",
        False,
        True,
        (
            AttributeDraft("length", "Length", "Länge", "number", "cm"),
            AttributeDraft("material", "Material", "Werkstoff", "text"),
        ),
    )
    old = TypeDraft("cable-ties", "Cable ties", "Kabelbinder", True, False, (LENGTH, COLOUR))

    change = describe_change(old, new)

    assert (change.added, change.removed, change.changed) == (
        ("Material",),
        ("Colour",),
        ("Length",),
    )
    assert (change.renamed, change.image, change.datasheet) == (False, False, True)
