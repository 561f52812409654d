"""The simulator's state on disk (#10): a snapshot plus an append-only journal, read back
after a restart; state files from before the journal still load."""

import json
from decimal import Decimal

import pytest

from erp_bridge.simulator.backend import ErpBackend
from erp_bridge.simulator.data import DEMO_DATA_PATH, load_data
from erp_bridge.simulator.state import journal_path


@pytest.fixture(scope="module")
def data():
    return load_data(DEMO_DATA_PATH)


def order(number: str) -> dict:
    return {
        "orderNumber": number,
        "customerNumber": "10001",
        "currency": "EUR",
        "paymentMethod": "prepayment",
        "ordererEmail": "buyer@example.com",
        "lines": [
            {
                "lineNumber": 1,
                "sku": "BENCH-1",
                "unit": "piece",
                "quantity": 2,
                "unitPrice": Decimal("10.00"),
                "vatRate": Decimal("19.00"),
            }
        ],
    }


def test_a_restarted_simulator_keeps_what_it_received_from_its_journal(data, tmp_path):
    path = tmp_path / "state.json"
    first = ErpBackend(data, path)
    erp_order_number = first.submit_order(order("W-1"))
    first.release_order("W-1")
    contact = first.upsert_contact("10001", {"name": "Ann Buyer", "email": "ann@example.com"})
    first.set_stock({"A-100": 7})

    restarted = ErpBackend(data, path)

    assert restarted.submit_order(order("W-1")) == erp_order_number
    assert restarted.submit_order(order("W-2")) != erp_order_number
    received = {o["orderNumber"]: o for o in restarted.received_orders()}
    assert received["W-1"]["released"] is True
    assert received["W-1"]["received"] == 2
    assert not received["W-2"]["released"]
    assert contact in restarted.contacts("10001")
    assert restarted.stock(["A-100"]) == [{"sku": "A-100", "quantity": 7}]
    assert [u["kind"] for u in restarted.order_updates(None, 10).updates] == [
        "confirmed",
        "confirmed",
    ]


def test_a_change_is_appended_to_the_journal_not_rewritten_into_the_snapshot(data, tmp_path):
    path = tmp_path / "state.json"
    backend = ErpBackend(data, path)
    snapshot = path.read_bytes()

    backend.submit_order(order("W-1"))
    backend.release_order("W-1")

    assert path.read_bytes() == snapshot
    lines = journal_path(path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3  # the header, then one line per change
    assert all(json.loads(line) for line in lines)


def test_a_state_file_from_before_the_journal_loads_and_keeps_growing(data, tmp_path):
    path = tmp_path / "state.json"
    old = {
        "version": 1,
        "next_erp_order": 8,
        "next_contact": 1,
        "next_update": 2,
        "next_invoice": 1,
        "orders": {
            "OLD-1": {
                "erpOrderNumber": "SO-100007",
                "customerNumber": "10001",
                "received": 1,
                "receivedAt": "2026-11-01T10:00:00+00:00",
                "order": {**order("OLD-1"), "lines": []},
                "released": False,
            }
        },
        "contacts": {},
        "updates": [
            {
                "updateId": "U000001",
                "orderNumber": "OLD-1",
                "erpOrderNumber": "SO-100007",
                "kind": "confirmed",
                "occurredAt": "2026-11-01T10:00:00+00:00",
                "trackingNumber": "",
                "trackingUrl": "",
                "invoiceNumber": "",
                "invoicePdf": "",
                "message": "Order confirmed",
            }
        ],
        "stock": {},
    }
    path.write_text(json.dumps(old), encoding="utf-8")

    backend = ErpBackend(data, path)
    backend.release_order("OLD-1")
    new_number = backend.submit_order(order("NEW-1"))
    restarted = ErpBackend(data, path)

    assert new_number == "SO-100008"
    assert restarted.submit_order(order("OLD-1")) == "SO-100007"
    received = {o["orderNumber"]: o for o in restarted.received_orders()}
    assert received["OLD-1"]["released"] is True
    assert received["NEW-1"]["erpOrderNumber"] == "SO-100008"
    assert restarted.change_requests() == []


def test_a_line_torn_by_a_crash_mid_write_is_left_out(data, tmp_path):
    path = tmp_path / "state.json"
    backend = ErpBackend(data, path)
    backend.submit_order(order("W-1"))
    backend.submit_order(order("W-2"))
    journal = journal_path(path)
    journal.write_bytes(journal.read_bytes()[:-40])

    restarted = ErpBackend(data, path)

    assert [o["orderNumber"] for o in restarted.received_orders()] == ["W-1"]


def test_a_journal_older_than_its_snapshot_is_not_applied_again(data, tmp_path):
    # A crash after a compaction wrote the new snapshot but before it started a new journal.
    path = tmp_path / "state.json"
    backend = ErpBackend(data, path)
    backend.submit_order(order("W-1"))
    stale_journal = journal_path(path).read_bytes()
    backend.reset()
    journal_path(path).write_bytes(stale_journal)

    restarted = ErpBackend(data, path)

    assert restarted.received_orders() == []


def test_without_a_state_file_the_simulator_keeps_its_state_in_memory(data, tmp_path):
    backend = ErpBackend(data, None)

    backend.submit_order(order("W-1"))

    assert [o["orderNumber"] for o in backend.received_orders()] == ["W-1"]
    assert list(tmp_path.iterdir()) == []
