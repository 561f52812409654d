"""The diff an approver's or orderer's change leaves in the conversation (pure, no database)."""

from datetime import date
from decimal import Decimal

from shop.domain.routing import RoutingKind, RoutingReason
from shop.services.approval_routing import reason_from_json, reason_to_json
from shop.services.order_history import LineSnapshot, OrderSnapshot, diff


def snapshot(lines=None, address="Werk 1, Weg 1, 10115 Berlin, DE", total="150.00", **methods):
    return OrderSnapshot(
        lines=lines if lines is not None else {1: LineSnapshot("B-1", "Bolt", "Schraube", 15)},
        address=address,
        payment_method=methods.get("payment_method", "invoice"),
        delivery_method=methods.get("delivery_method", "standard"),
        total_net=Decimal(total),
        currency="EUR",
    )


def test_nothing_changed_is_an_empty_diff():
    assert diff(snapshot(), snapshot()) == {}


def test_a_changed_quantity_shows_old_and_new_and_the_new_total():
    after = snapshot(lines={1: LineSnapshot("B-1", "Bolt", "Schraube", 8)}, total="80.00")

    changes = diff(snapshot(), after)

    assert changes == {
        "lines": [{"sku": "B-1", "name_en": "Bolt", "name_de": "Schraube", "old": 15, "new": 8}],
        "total_net": {"old": "150.00", "new": "80.00", "currency": "EUR"},
    }


def test_a_removed_line_is_listed_with_its_quantity():
    before = snapshot(
        lines={
            1: LineSnapshot("B-1", "Bolt", "Schraube", 15),
            2: LineSnapshot("N-1", "Nut", "Mutter", 20),
        },
        total="170.00",
    )

    changes = diff(before, snapshot())

    assert changes["removed"] == [
        {"sku": "N-1", "name_en": "Nut", "name_de": "Mutter", "quantity": 20}
    ]
    assert "lines" not in changes


def test_address_and_methods_show_old_and_new():
    after = snapshot(
        address="Werk 2, Hafenweg 2, 20457 Hamburg, DE",
        payment_method="prepayment",
        delivery_method="express",
    )

    changes = diff(snapshot(), after)

    assert changes["address"] == {
        "old": "Werk 1, Weg 1, 10115 Berlin, DE",
        "new": "Werk 2, Hafenweg 2, 20457 Hamburg, DE",
    }
    assert changes["payment_method"] == {"old": "invoice", "new": "prepayment"}
    assert changes["delivery_method"] == {"old": "standard", "new": "express"}
    assert "total_net" not in changes


def test_a_routing_reason_survives_the_trip_through_json():
    reason = RoutingReason(
        RoutingKind.DEPUTY,
        approver_id=5,
        orderer_id=1,
        deputy_for_id=2,
        deputy_for_kind=RoutingKind.PER_USER_APPROVER,
        absent_until=date(2026, 3, 14),
        via_ids=(3,),
    )

    data = reason_to_json(reason, {1: "Olga", 2: "Anna", 3: "Ben", 5: "Dora"})

    assert reason_from_json(data) == reason
    assert data["names"] == {"1": "Olga", "2": "Anna", "3": "Ben", "5": "Dora"}
