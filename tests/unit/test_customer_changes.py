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


BILLING = {
    "kind": "billing",
    "street": "Neue Straße 5",
    "postal_code": "70173",
    "city": "Stuttgart",
    "country": "DE",
}
WANTED = {
    "name": "M",
    "street": "Neue  straße 5",
    "postal_code": "70173",
    "city": "stuttgart",
    "country": "de",
}


def test_a_change_is_made_when_the_erps_data_holds_it():
    from shop.domain.customer_changes import is_made

    assert is_made("billing_address", WANTED, "", [BILLING])
    assert not is_made("delivery_address", WANTED, "", [BILLING])
    assert not is_made("billing_address", {**WANTED, "city": "Ulm"}, "", [BILLING])
    assert is_made("vat_id", {"vat_id": "DE123456789"}, "de 123456789", [])
    assert not is_made("vat_id", {"vat_id": "DE123456789"}, "DE811234561", [])
