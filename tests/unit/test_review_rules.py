"""The rule that holds a placed order for manual review (§8) and the staff rights (§12)."""

import pytest

from shop.domain.review import ReviewReason, is_parcel_locker, reason_to_hold
from shop.domain.staff import StaffRight, UnknownStaffRight, parse_rights

DOOR = ["Müller GmbH", "Werkstraße 1", "Berlin"]


@pytest.mark.parametrize(
    "line",
    [
        "Packstation 123",
        "PACKSTATION 105",
        "Pack Station 7",
        "Paketshop Kiosk am Markt",
        "DHL Paketstation 12",
        "Parcel locker 4, Main Street",
        "Amazon Locker - Gustav",
        "Postfiliale 512",
    ],
)
def test_parcel_lockers_and_shops_are_recognised(line):
    assert is_parcel_locker(["Max Muster", line, "Berlin"])


@pytest.mark.parametrize(
    "line", ["Werkstraße 1", "Lockerstraße 5", "Stationsweg 2", "Paketweg 1", "Blocker Allee 3"]
)
def test_ordinary_streets_are_not_parcel_lockers(line):
    assert not is_parcel_locker(["Max Muster", line, "Berlin"])


def test_an_order_with_a_customer_comment_is_held():
    assert reason_to_hold("Please call before delivery", DOOR, False) == (
        ReviewReason.CUSTOMER_COMMENT
    )


def test_a_blank_comment_is_no_comment():
    assert reason_to_hold("  \n ", DOOR, True) is None


def test_bulky_goods_to_a_parcel_locker_are_held():
    assert reason_to_hold("", ["Max", "Packstation 123", "Berlin"], True) == (
        ReviewReason.PARCEL_LOCKER_BULKY
    )


def test_small_goods_to_a_parcel_locker_go_straight_on():
    assert reason_to_hold("", ["Max", "Packstation 123", "Berlin"], False) is None


def test_bulky_goods_to_a_door_go_straight_on():
    assert reason_to_hold("", DOOR, True) is None


def test_staff_rights_are_read_from_names():
    assert parse_rights(["review", " Outbox ", ""]) == {StaffRight.REVIEW, StaffRight.OUTBOX}


def test_an_unknown_staff_right_is_named():
    with pytest.raises(UnknownStaffRight, match="admin"):
        parse_rights(["review", "admin"])
