"""Attribute values per language: splitting the old one-string values (#11)."""

import pytest

from shop.demo.catalog_data import demo_products, generated_products
from shop.domain.attribute_values import AttributeValue, measurement, split_value


@pytest.mark.parametrize(
    ("raw", "english", "german"),
    [
        ("steel / Stahl", "steel", "Stahl"),
        ("yellow zinc / gelb verzinkt", "yellow zinc", "gelb verzinkt"),
        ("hex socket / Innensechskant", "hex socket", "Innensechskant"),
        ("beech / Buche 40 mm", "beech 40 mm", "Buche 40 mm"),
        ("G1/8 male / AG", "G1/8 male", "G1/8 AG"),
        ("CuZn, nickel-plated / vernickelt", "CuZn, nickel-plated", "CuZn, vernickelt"),
    ],
)
def test_an_english_german_pair_is_split_into_the_two_languages(raw, english, german):
    assert split_value(raw) == AttributeValue(english, german)


@pytest.mark.parametrize(
    "raw",
    [
        "DIN 933 / ISO 4017",
        "EN 166 / EN 170",
        "HM / TCT",
        "Cu / PA",
        "300/500 V",
        "0-450 / 0-1600 min⁻¹",
        "C45 / hickory",
        "M8",
        "A2-70",
        "8.8",
        "1.4301",
        "12.5 .. 25 mm",
        "1-10 mm",
        "",
    ],
)
def test_codes_standards_and_designations_stay_whole_in_both_languages(raw):
    assert split_value(raw) == AttributeValue(raw, raw)


@pytest.mark.parametrize(
    ("raw", "number", "unit", "english", "german"),
    [
        ("40 mm", 40.0, "mm", "40 mm", "40 mm"),
        ("0.8 mm", 0.8, "mm", "0.8 mm", "0,8 mm"),
        ("4.0 mm", 4.0, "mm", "4 mm", "4 mm"),
        ("1.5 mm²", 1.5, "mm²", "1.5 mm²", "1,5 mm²"),
        ("27 dB", 27.0, "dB", "27 dB", "27 dB"),
        ("100", 100.0, None, "100", "100"),
        ("2.9kg", 2.9, "kg", "2.9 kg", "2,9 kg"),
    ],
)
def test_a_measurement_becomes_number_and_unit_with_each_languages_decimal_mark(
    raw, number, unit, english, german
):
    assert split_value(raw) == AttributeValue(english, german, number, unit)


def test_whitespace_is_normalised_and_overlong_values_are_cut():
    assert split_value("  steel   /  Stahl ") == AttributeValue("steel", "Stahl")
    assert len(split_value("x" * 500).value_en) == 200


def test_measurement_writes_the_german_decimal_comma():
    assert measurement("12.50", "mm") == AttributeValue("12.5 mm", "12,5 mm", 12.5, "mm")


def test_no_demo_attribute_shows_an_english_german_pair_any_more():
    values = [a.value for p in demo_products() for a in p.attributes]

    assert all(
        split_value(v.value_en) == AttributeValue(v.value_en, v.value_en) or v.number
        for v in values
    )
    assert AttributeValue("steel", "Stahl") in values
    assert any(v.number == 40 and v.unit == "mm" for v in values)


def test_generated_products_carry_the_per_language_values():
    product = next(p for p in generated_products(300) if p.category_slug == "fasteners-screws")

    assert all(isinstance(a.value, AttributeValue) and a.key for a in product.attributes)
