"""The shop's check of a VAT id before a change request goes to the ERP (#15)."""

import pytest

from shop.domain.customer_changes import normalized_vat_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DE123456789", "DE123456789"),
        ("de 123 456 789", "DE123456789"),
        ("ATU12345678", "ATU12345678"),
        ("FR-12.345678901", "FR12345678901"),
        ("123456789", None),
        ("D1234", None),
        ("DE1", None),
        ("DE" + "1" * 14, None),
        ("DE１２３４５６７８９", None),
        ("", None),
    ],
)
def test_a_vat_id_is_a_country_prefix_and_2_to_13_letters_or_digits(text, expected):
    assert normalized_vat_id(text) == expected
