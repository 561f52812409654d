"""The product content firewall (#12, §13): each rule on its own, on plain records."""

from decimal import Decimal

import pytest

from shop.domain.content_firewall import (
    AttributeEntry,
    AttributeKind,
    ContentProblem,
    ContentRecord,
    Finding,
    RequiredAttribute,
    TypeRules,
    check_content,
)

RULES = TypeRules(
    attributes=(
        RequiredAttribute("thread", AttributeKind.TEXT),
        RequiredAttribute("length", AttributeKind.NUMBER, unit="mm"),
        RequiredAttribute("pack", AttributeKind.NUMBER),
        RequiredAttribute("colour", AttributeKind.CHOICE, allowed=frozenset({"blue", "red"})),
    ),
    requires_image=True,
    requires_datasheet=True,
)
COMPLETE = {
    "thread": AttributeEntry("M8"),
    "length": AttributeEntry("40 mm", 40.0, "mm"),
    "pack": AttributeEntry("100", 100.0, None),
    "colour": AttributeEntry("blue"),
}


def record(**overrides) -> ContentRecord:
    values = {
        "name_en": "Hex head bolt",
        "name_de": "Sechskantschraube",
        "price": Decimal("14.03"),
        "has_image": True,
        "has_datasheet": True,
        "attributes": COMPLETE,
    }
    values.update(overrides)
    return ContentRecord(**values)


def with_attribute(key: str, entry: AttributeEntry | None) -> dict:
    attributes = dict(COMPLETE)
    if entry is None:
        del attributes[key]
    else:
        attributes[key] = entry
    return attributes


def test_a_complete_record_passes():
    assert check_content(record(), RULES) == []


def test_a_record_without_a_type_cannot_pass():
    assert check_content(record(), None) == [Finding(ContentProblem.NO_TYPE)]


@pytest.mark.parametrize("key", ["thread", "length", "pack", "colour"])
def test_each_missing_required_attribute_is_named(key):
    findings = check_content(record(attributes=with_attribute(key, None)), RULES)

    assert findings == [Finding(ContentProblem.ATTRIBUTE_MISSING, key)]


def test_an_attribute_with_blank_text_counts_as_missing():
    findings = check_content(
        record(attributes=with_attribute("thread", AttributeEntry("  "))), RULES
    )

    assert findings == [Finding(ContentProblem.ATTRIBUTE_MISSING, "thread")]


def test_a_number_attribute_must_hold_a_number():
    findings = check_content(
        record(attributes=with_attribute("length", AttributeEntry("long"))), RULES
    )

    assert findings == [Finding(ContentProblem.NOT_A_NUMBER, "length", "long")]


def test_a_number_in_another_unit_is_refused_naming_the_expected_unit():
    findings = check_content(
        record(attributes=with_attribute("length", AttributeEntry("4 cm", 4.0, "cm"))), RULES
    )

    assert findings == [Finding(ContentProblem.WRONG_UNIT, "length", "mm")]


def test_a_number_without_its_unit_is_refused():
    findings = check_content(
        record(attributes=with_attribute("length", AttributeEntry("40", 40.0, None))), RULES
    )

    assert findings == [Finding(ContentProblem.WRONG_UNIT, "length", "mm")]


def test_a_unit_where_the_type_wants_a_plain_number_is_refused():
    findings = check_content(
        record(attributes=with_attribute("pack", AttributeEntry("100 kg", 100.0, "kg"))), RULES
    )

    assert findings == [Finding(ContentProblem.WRONG_UNIT, "pack", "")]


def test_a_choice_outside_the_allowed_values_is_refused_with_the_value():
    findings = check_content(
        record(attributes=with_attribute("colour", AttributeEntry("pink"))), RULES
    )

    assert findings == [Finding(ContentProblem.VALUE_NOT_ALLOWED, "colour", "pink")]


def test_an_image_is_required_where_the_type_says_so():
    assert check_content(record(has_image=False), RULES) == [Finding(ContentProblem.IMAGE_MISSING)]
    relaxed = TypeRules(RULES.attributes, requires_image=False, requires_datasheet=True)
    assert check_content(record(has_image=False), relaxed) == []


def test_a_data_sheet_is_required_only_where_the_type_says_so():
    assert check_content(record(has_datasheet=False), RULES) == [
        Finding(ContentProblem.DATASHEET_MISSING)
    ]
    relaxed = TypeRules(RULES.attributes, requires_image=True, requires_datasheet=False)
    assert check_content(record(has_datasheet=False), relaxed) == []


@pytest.mark.parametrize("price", [None, Decimal("0"), Decimal("-1.00"), Decimal("NaN")])
def test_a_record_needs_a_price_above_zero(price):
    assert check_content(record(price=price), RULES) == [Finding(ContentProblem.PRICE_MISSING)]


@pytest.mark.parametrize("names", [("", "Schraube"), ("Bolt", " ")])
def test_a_record_needs_a_name_in_both_languages(names):
    findings = check_content(record(name_en=names[0], name_de=names[1]), RULES)

    assert findings == [Finding(ContentProblem.NAME_MISSING)]


def test_every_problem_of_a_record_is_reported_at_once():
    findings = check_content(
        record(
            price=None,
            has_image=False,
            has_datasheet=False,
            attributes={"length": AttributeEntry("x")},
        ),
        RULES,
    )

    assert [f.problem for f in findings] == [
        ContentProblem.PRICE_MISSING,
        ContentProblem.ATTRIBUTE_MISSING,
        ContentProblem.NOT_A_NUMBER,
        ContentProblem.ATTRIBUTE_MISSING,
        ContentProblem.ATTRIBUTE_MISSING,
        ContentProblem.IMAGE_MISSING,
        ContentProblem.DATASHEET_MISSING,
    ]


GERMAN_RULES = TypeRules(
    attributes=(
        RequiredAttribute(
            "colour",
            AttributeKind.CHOICE,
            allowed=frozenset({"blue", "red"}),
            allowed_de=frozenset({"blau", "rot"}),
        ),
    ),
    requires_image=False,
)


@pytest.mark.parametrize("german", ["blau", "rot"])
def test_a_choice_with_an_allowed_german_value_passes(german):
    entry = AttributeEntry("blue", text_de=german)

    assert check_content(record(attributes={"colour": entry}), GERMAN_RULES) == []


def test_a_choice_whose_german_value_is_not_allowed_is_refused_with_that_value():
    entry = AttributeEntry("blue", text_de="pink")

    findings = check_content(record(attributes={"colour": entry}), GERMAN_RULES)

    assert findings == [Finding(ContentProblem.GERMAN_VALUE_NOT_ALLOWED, "colour", "pink")]


def test_a_type_without_german_values_checks_only_the_english_one():
    entry = AttributeEntry("blue", text_de="irgendwas")

    assert check_content(record(attributes=with_attribute("colour", entry)), RULES) == []
