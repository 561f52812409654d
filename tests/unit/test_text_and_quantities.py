"""What a text may hold (XML 1.0, single line) and how a typed quantity is read (#9, #14)."""

import sys
from dataclasses import dataclass

import pytest

from shop.domain.quantities import looks_negative, parse_quantity
from shop.domain.text import (
    find_text_unfit_for_xml,
    fits_single_line,
    fits_xml,
    is_single_line_char,
    is_xml_char,
)

XML_FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"]
SINGLE_LINE_FORBIDDEN = ["\t", "\n", "\r", "\x7f", "\x85", "\x9f", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", XML_FORBIDDEN)
def test_text_with_a_character_xml_cannot_carry_fits_neither_rule(char):
    assert not fits_xml(f"A{char}B")
    assert not fits_single_line(f"A{char}B")


@pytest.mark.parametrize("char", SINGLE_LINE_FORBIDDEN)
def test_line_breaks_and_other_controls_fit_xml_but_not_a_single_line(char):
    assert fits_xml(f"A{char}B")
    assert not fits_single_line(f"A{char}B")


@pytest.mark.parametrize("text", ["", "Müller & Söhne <GmbH>", "Straße 1 – 3", "€ ½ 😀", "\ue000"])
def test_ordinary_text_fits_both_rules(text):
    assert fits_xml(text)
    assert fits_single_line(text)


@dataclass(frozen=True)
class Address:
    name: str
    lines: tuple[str, ...]


def test_the_first_unfit_text_in_a_nested_value_is_named_by_its_path():
    value = {"number": 7, "address": Address("ok", ("fine", "bad\x00")), "note": "x"}

    assert find_text_unfit_for_xml(value) == "address.lines.1"
    assert find_text_unfit_for_xml({"a": ["ok", {"b": "line\nbreak"}], "n": None}) is None


@pytest.mark.parametrize(("text", "quantity"), [("3", 3), ("007", 7), (" 12 ", 12), ("0", 0)])
def test_a_quantity_in_ascii_digits_is_read(text, quantity):
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize(
    "text",
    [
        "٣",
        "３",
        "𝟑",
        "²",
        "1_000",
        "+5",
        "\xa05",
        "5\xa0",
        "\u20035",
        "-5",
        "5.0",
        "1e3",
        "",
        " ",
        "5\n",
        "\t5",
        "0x10",
        "1" * 31,
    ],
)
def test_anything_but_ascii_digits_is_no_quantity(text):
    assert parse_quantity(text) is None


def test_a_minus_before_digits_is_recognised_as_negative():
    assert looks_negative("-5")
    assert not looks_negative("-x")
    assert not looks_negative("5")


def test_the_text_checks_agree_with_their_char_rules_at_every_edge_of_their_ranges():
    # fits_xml and fits_single_line scan with a regex for speed (#10); is_xml_char and
    # is_single_line_char are the rules, char by char.
    edges = [0x20, 0x7F, 0xA0, 0x2028, 0x202A, 0xD800, 0xE000, 0xFFFE, 0x10000]
    codes = {c for edge in [*edges, sys.maxunicode + 1] for c in range(edge - 2, edge + 2)}
    codes = {c for c in codes if c <= sys.maxunicode} | set(range(0xA0))

    disagree = [
        code
        for code in sorted(codes)
        if fits_xml(chr(code)) != is_xml_char(chr(code))
        or fits_single_line(chr(code)) != is_single_line_char(chr(code))
    ]

    assert disagree == []
