"""EAN check digits (#11): GTIN-13 and GTIN-8 as printed under barcodes."""

import pytest

from shop.domain.ean import check_digit, normalized_ean, with_check_digit


@pytest.mark.parametrize(
    ("ean", "digit"),
    [("4006381333931", 1), ("9783161484100", 0), ("96385074", 4), ("40170725", 5)],
)
def test_the_check_digit_is_computed_as_gs1_prescribes(ean, digit):
    assert check_digit(ean[:-1]) == digit
    assert normalized_ean(ean) == ean


def test_spaces_and_hyphens_as_printed_are_allowed():
    assert normalized_ean(" 4 006381 333931 ") == "4006381333931"
    assert normalized_ean("978-3-16-148410-0") == "9783161484100"


@pytest.mark.parametrize(
    "text",
    [
        "4006381333932",  # one digit off
        "4006381333913",  # two digits swapped
        "400638133393",  # 12 digits
        "40063813339311",  # 14 digits
        "9638507",  # 7 digits
        "",
        "ABCDEFGH",
        "４００６３８１３３３９３１",  # full-width digits
    ],
)
def test_anything_else_is_no_ean(text):
    assert normalized_ean(text) is None


def test_a_body_is_completed_with_its_check_digit():
    assert with_check_digit("400638133393") == "4006381333931"
    assert with_check_digit("9638507") == "96385074"
