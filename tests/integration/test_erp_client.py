"""Contract tests: ErpClient (zeep) against the bundled simulator over real HTTP."""

import json
import re
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from erp_bridge import (
    Contact,
    DataProblem,
    ErpAddress,
    ErpClient,
    ErpRejected,
    ErpUnavailable,
    OrderLineToSubmit,
    OrderToSubmit,
    get_client,
)
from tests.erp_simulator import BAD_CUSTOMER_NUMBER, ErpSimulator
from tests.services import free_port
from tests.waiting import wait_until

ERP_BRIDGE = Path(__file__).resolve().parents[2] / "erp_bridge"
DEMO_DATA = json.loads((ERP_BRIDGE / "simulator" / "demo_data.json").read_text(encoding="utf-8"))
LIST_PRICES = DEMO_DATA["prices"]["list"]
SKUS = list(LIST_PRICES)
SOLD_OUT = [sku for sku, quantity in DEMO_DATA["stock"]["levels"].items() if quantity == 0]
_order_counter = iter(range(1, 1_000_000))

# the session's simulator (one process for all ERP test modules) and its per-test reset


@pytest.fixture(scope="module")
def erp_client(erp_simulator):
    """One client per module, as in the shop: the WSDL is parsed once."""
    return ErpClient(erp_simulator.wsdl_url, timeout=2.0)


def line(number, sku, quantity, unit_price, unit="piece", vat_rate=Decimal("19.00")):
    return OrderLineToSubmit(
        line_number=number,
        sku=sku,
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        vat_rate=vat_rate,
    )


def all_updates(client: ErpClient) -> list:
    return list(client.get_order_updates(None, limit=500).updates)


def make_order(**overrides) -> OrderToSubmit:
    values = {
        "order_number": f"B2B-T-{time.monotonic_ns()}-{next(_order_counter)}",
        "customer_number": "10001",
        "ordered_at": datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
        "currency": "EUR",
        "total_net": Decimal("38.18"),
        "payment_method": "invoice",
        "delivery_method": "standard",
        "delivery_address": ErpAddress(
            "delivery",
            "Müller Maschinenbau GmbH – Werk 2",
            "Benzstraße 7",
            "71063",
            "Sindelfingen",
            "DE",
        ),
        "customer_reference": "PO-4711",
        "comment": "",
        "orderer_email": "buyer@demo.example.com",
        "lines": (
            line(1, SKUS[10], 2, Decimal("12.34")),
            line(2, SKUS[11], 1, Decimal("13.50"), unit="box", vat_rate=Decimal("7.00")),
        ),
    }
    values.update(overrides)
    return OrderToSubmit(**values)


def normalised_wsdl(document: bytes) -> bytes:
    """The WSDL without layout and without the service address, which depends on the host."""
    root = etree.fromstring(document, etree.XMLParser(remove_blank_text=True))
    for address in root.iter("{http://schemas.xmlsoap.org/wsdl/soap/}address"):
        address.set("location", "LOCATION")
    return etree.tostring(root, method="c14n")


# -- the contract file ---------------------------------------------------------------


def test_wsdl_in_the_repository_is_the_wsdl_the_simulator_serves(erp):
    with urllib.request.urlopen(erp.wsdl_url, timeout=5) as response:
        served = response.read()

    kept = (ERP_BRIDGE / "erp.wsdl").read_bytes()

    assert normalised_wsdl(kept) == normalised_wsdl(served), (
        "erp_bridge/erp.wsdl is stale: regenerate it with "
        "`python -m erp_bridge.simulator --print-wsdl > erp_bridge/erp.wsdl`"
    )


WSDL_NS = {"wsdl": "http://schemas.xmlsoap.org/wsdl/", "xs": "http://www.w3.org/2001/XMLSchema"}


def test_the_wsdl_declares_the_business_faults_of_every_operation():
    root = etree.parse(str(ERP_BRIDGE / "erp.wsdl"))

    declared = {
        operation.get("name"): {f.get("name") for f in operation.findall("wsdl:fault", WSDL_NS)}
        for operation in root.findall("wsdl:portType/wsdl:operation", WSDL_NS)
    }

    assert declared["GetCustomer"] == {"UnknownCustomerFault", "InvalidDataFault"}
    assert declared["SubmitOrder"] == {"UnknownCustomerFault", "InvalidDataFault"}
    assert declared["GetOrderUpdates"] == {"InvalidDataFault"}
    assert all(declared[name] for name in declared if name != "Ping")


def test_the_wsdl_makes_methods_and_kinds_enumerations_and_states_the_number_rule():
    root = etree.parse(str(ERP_BRIDGE / "erp.wsdl"))

    enumerations = {
        simple.get("name"): [e.get("value") for e in simple.iterfind(".//xs:enumeration", WSDL_NS)]
        for simple in root.iterfind(".//xs:simpleType", WSDL_NS)
    }
    documentation = " ".join(
        " ".join(d.text.split()) for d in root.iterfind(".//wsdl:documentation", WSDL_NS)
    )

    assert enumerations["PaymentMethod"] == ["invoice", "prepayment", "direct_debit"]
    assert enumerations["DeliveryMethod"] == ["standard", "express", "pickup"]
    assert enumerations["AddressKind"] == ["billing", "delivery"]
    assert enumerations["UpdateKind"][0] == "confirmed"
    assert "Customer numbers match without regard to case" in documentation
    assert "the ERP's own spelling" in documentation


# -- Ping and VerifyCustomerCenterAccess ------------------------------------------------


def test_ping_returns_when_the_erp_answers(erp, erp_client):
    assert erp_client.ping() is None


def test_customer_with_flag_and_own_invoice_may_use_the_customer_center(erp, erp_client):
    allowed = erp_client.verify_customer_center_access(
        "10003", "RE-2026-10003-07", "laura.weber@weber-elektro.example.com"
    )

    assert allowed is True


@pytest.mark.parametrize(
    ("customer_number", "invoice_number"),
    [
        ("10003", "RE-2026-10003-99"),  # not an invoice of this customer
        ("10003", "RE-2026-10001-01"),  # another customer's invoice
        ("10004", "RE-2026-10004-02"),  # own invoice, but no customer-center flag
        ("99999", "RE-2026-10003-07"),  # unknown customer: no fault, just "no"
    ],
)
def test_customer_center_access_is_refused_without_revealing_why(
    erp, erp_client, customer_number, invoice_number
):
    allowed = erp_client.verify_customer_center_access(
        customer_number, invoice_number, "someone@example.com"
    )

    assert allowed is False


def test_invoice_issued_by_the_erp_later_also_grants_access(erp, erp_client):
    order = make_order(customer_number="10002", orderer_email="main@other.example.com")
    erp_client.submit_order(order)
    update = erp.add_order_event(order.order_number, "invoiced")

    allowed = erp_client.verify_customer_center_access(
        "10002", update["invoiceNumber"], "main@other.example.com"
    )

    assert allowed is True


# -- GetCustomer, ListContacts, UpsertContact ------------------------------------------


def test_get_customer_returns_the_master_data(erp, erp_client):
    customer = erp_client.get_customer("10001")

    assert customer.customer_number == "10001"
    assert customer.name == "Müller Maschinenbau GmbH"
    assert customer.vat_id == "DE811234561"
    assert customer.customer_center is True
    assert customer.payment_terms.startswith("30 days net")
    assert customer.payment_methods == ("invoice", "prepayment")
    assert [a.kind for a in customer.addresses] == ["billing", "delivery", "delivery"]
    assert customer.addresses[0].city == "Stuttgart"
    assert customer.addresses[2].street == "Benzstraße 7"


def test_get_customer_reports_the_customer_center_flag_off(erp, erp_client):
    assert erp_client.get_customer("10004").customer_center is False


def test_get_customer_of_an_unknown_customer_is_rejected(erp, erp_client):
    with pytest.raises(ErpRejected) as rejection:
        erp_client.get_customer("99999")

    assert rejection.value.code == "Client.UnknownCustomer"
    assert "99999" in rejection.value.message


def test_list_contacts_returns_the_erp_contacts(erp, erp_client):
    contacts = erp_client.list_contacts("10001")

    assert len(contacts) == 5
    assert contacts[0] == Contact(
        "C-10001-01", "Anna Müller", "main@demo.example.com", "+49 711 1234-10"
    )
    assert "buyer@demo.example.com" in {contact.email for contact in contacts}


def test_list_contacts_of_an_unknown_customer_is_rejected(erp, erp_client):
    with pytest.raises(ErpRejected) as rejection:
        erp_client.list_contacts("99999")

    assert rejection.value.code == "Client.UnknownCustomer"


def test_upsert_contact_creates_a_contact_with_an_erp_id(erp, erp_client):
    created = erp_client.upsert_contact(
        "10002", Contact(None, "Jana Neumann", "jana.neumann@schmidt-anlagen.example.com")
    )

    assert created.contact_id
    assert created.name == "Jana Neumann"
    assert created in erp_client.list_contacts("10002")


def test_upsert_contact_with_an_id_updates_that_contact(erp, erp_client):
    updated = erp_client.upsert_contact(
        "10001",
        Contact(
            "C-10001-03",
            "Clara Schulz-Berg",
            "clara.schulz@mueller-maschinenbau.example.com",
            "+49 711 1234-33",
        ),
    )

    contacts = {contact.contact_id: contact for contact in erp_client.list_contacts("10001")}
    assert updated.contact_id == "C-10001-03"
    assert contacts["C-10001-03"].name == "Clara Schulz-Berg"
    assert contacts["C-10001-03"].phone == "+49 711 1234-33"
    assert len(contacts) == 5


def test_upsert_contact_without_an_id_but_a_known_email_updates_that_contact(erp, erp_client):
    updated = erp_client.upsert_contact(
        "10001", Contact(None, "Ben Becker", "BUYER@demo.example.com")
    )

    assert updated.contact_id == "C-10001-02"
    assert len(erp_client.list_contacts("10001")) == 5


@pytest.mark.parametrize(
    ("customer_number", "contact", "code"),
    [
        ("99999", Contact(None, "Someone", "someone@example.com"), "Client.UnknownCustomer"),
        (
            "10001",
            Contact("C-10002-01", "Stefan", "main@other.example.com"),
            "Client.UnknownContact",
        ),
        ("10001", Contact(None, "No Address", "not-an-address"), "Client.InvalidData"),
        ("10001", Contact(None, "", "empty.name@example.com"), "Client.InvalidData"),
    ],
)
def test_upsert_contact_with_bad_data_is_rejected(erp, erp_client, customer_number, contact, code):
    with pytest.raises(ErpRejected) as rejection:
        erp_client.upsert_contact(customer_number, contact)

    assert rejection.value.code == code


# -- GetPrices and GetStock --------------------------------------------------------


def test_get_prices_applies_the_customer_discount_to_the_list_price(erp, erp_client):
    sku = SKUS[20]

    prices = erp_client.get_prices("10001", [sku])

    expected = (Decimal(LIST_PRICES[sku]) * Decimal("0.92")).quantize(Decimal("0.01"))
    assert prices[sku].net_price == expected
    assert prices[sku].currency == "EUR"
    assert isinstance(prices[sku].net_price, Decimal)


def test_get_prices_prefers_a_special_price(erp, erp_client):
    special = DEMO_DATA["customers"][0]["specialPrices"]
    sku = next(iter(special))

    prices = erp_client.get_prices("10001", [sku])

    assert prices[sku].net_price == Decimal(special[sku])


def test_get_prices_leaves_out_skus_without_a_price(erp, erp_client):
    prices = erp_client.get_prices("10002", SKUS[:24] + ["NO-SUCH-SKU"])

    assert set(prices) == set(SKUS[:24])


def test_get_prices_for_an_unknown_customer_is_rejected(erp, erp_client):
    with pytest.raises(ErpRejected) as rejection:
        erp_client.get_prices("99999", SKUS[:2])

    assert rejection.value.code == "Client.UnknownCustomer"


def test_get_stock_reports_levels_sold_out_and_a_default_for_unknown_skus(erp, erp_client):
    sku = SKUS[0]

    stock = erp_client.get_stock([sku, SOLD_OUT[0], "GEN-UNKNOWN-1"])

    assert stock[sku].quantity == DEMO_DATA["stock"]["levels"][sku]
    assert stock[SOLD_OUT[0]].quantity == 0
    assert stock["GEN-UNKNOWN-1"].quantity == DEMO_DATA["stock"]["default"]


def test_stock_set_through_the_control_api_is_reported(erp, erp_client):
    erp.set_stock({SKUS[5]: 0})

    assert erp_client.get_stock([SKUS[5]])[SKUS[5]].quantity == 0


# -- SubmitOrder and GetOrderUpdates --------------------------------------------------


def test_submit_order_returns_an_erp_order_number_and_records_a_confirmation(erp, erp_client):
    order = make_order()

    erp_order_number = erp_client.submit_order(order)

    received = erp.orders()[order.order_number]
    assert erp_order_number.startswith("SO-")
    assert received["erpOrderNumber"] == erp_order_number
    assert received["order"]["lines"] == [
        {
            "lineNumber": 1,
            "sku": SKUS[10],
            "quantity": 2,
            "unit": "piece",
            "unitPrice": "12.34",
            "vatRate": "19.00",
        },
        {
            "lineNumber": 2,
            "sku": SKUS[11],
            "quantity": 1,
            "unit": "box",
            "unitPrice": "13.50",
            "vatRate": "7.00",
        },
    ]
    assert received["order"]["deliveryAddress"]["city"] == "Sindelfingen"
    updates = all_updates(erp_client)
    assert [(u.order_number, u.kind) for u in updates] == [(order.order_number, "confirmed")]
    assert updates[0].erp_order_number == erp_order_number


def test_submitting_the_same_order_number_again_returns_the_same_erp_number(erp, erp_client):
    order = make_order()

    first = erp_client.submit_order(order)
    second = erp_client.submit_order(order)

    assert first == second
    assert erp.orders()[order.order_number]["received"] == 2
    assert len(erp.orders()) == 1
    confirmations = all_updates(erp_client)
    assert [u.kind for u in confirmations] == ["confirmed"]


def test_different_orders_get_different_erp_numbers(erp, erp_client):
    assert erp_client.submit_order(make_order()) != erp_client.submit_order(make_order())


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"customer_number": "99999"}, "Client.UnknownCustomer"),
        ({"lines": ()}, "Client.InvalidData"),
        ({"lines": (line(1, SKUS[0], 0, Decimal("1.00")),)}, "Client.InvalidData"),
        (
            {"lines": (line(1, SKUS[0], 1, Decimal("1")), line(1, SKUS[1], 1, Decimal("1")))},
            "Client.InvalidData",
        ),
        ({"lines": (line(0, SKUS[0], 1, Decimal("1.00")),)}, "Client.InvalidData"),
        ({"lines": (line(1, SKUS[0], 1, Decimal("1"), unit=""),)}, "Client.InvalidData"),
        (
            {"lines": (line(1, SKUS[0], 1, Decimal("1"), vat_rate=Decimal("119")),)},
            "Client.InvalidData",
        ),
        ({"payment_method": "cash"}, "Client.InvalidData"),
        ({"delivery_method": "drone"}, "Client.InvalidData"),
        ({"customer_number": "10002", "payment_method": "prepayment"}, "Client.InvalidData"),
        ({"currency": "USD"}, "Client.InvalidData"),
        ({"order_number": ""}, "Client.InvalidData"),
    ],
)
def test_submit_order_with_invalid_data_is_rejected_and_not_recorded(
    erp, erp_client, overrides, code
):
    with pytest.raises(ErpRejected) as rejection:
        erp_client.submit_order(make_order(**overrides))

    assert rejection.value.code == code
    assert erp.orders() == {}


def test_order_updates_carry_tracking_invoice_pdf_and_messages(erp, erp_client):
    order = make_order()
    erp_order_number = erp_client.submit_order(order)
    erp.add_order_event(order.order_number, "paid")
    erp.add_order_event(order.order_number, "shipped", trackingNumber="00340434161094042557")
    erp.add_order_event(order.order_number, "invoiced", invoiceNumber="RE-2026-10001-77")
    erp.add_order_event(order.order_number, "delivered")

    updates = all_updates(erp_client)

    by_kind = {update.kind: update for update in updates}
    assert [u.kind for u in updates] == ["confirmed", "paid", "shipped", "invoiced", "delivered"]
    assert {u.erp_order_number for u in updates} == {erp_order_number}
    assert len({u.update_id for u in updates}) == 5
    assert by_kind["shipped"].tracking_number == "00340434161094042557"
    assert by_kind["shipped"].tracking_url.endswith("00340434161094042557")
    assert by_kind["invoiced"].invoice_number == "RE-2026-10001-77"
    assert by_kind["invoiced"].invoice_pdf.startswith(b"%PDF-")
    assert by_kind["paid"].invoice_pdf == b""
    assert all(u.occurred_at.tzinfo is not None for u in updates)


def test_a_rejection_arrives_as_an_update_with_its_message(erp, erp_client):
    order = make_order()
    erp_client.submit_order(order)
    erp.add_order_event(order.order_number, "rejected", message="Customer blocked for credit")

    updates = all_updates(erp_client)

    assert updates[-1].kind == "rejected"
    assert updates[-1].message == "Customer blocked for credit"


def test_get_order_updates_pages_by_update_id_cursor_with_a_limit(erp, erp_client):
    orders = [make_order() for _ in range(5)]
    for order in orders:
        erp_client.submit_order(order)

    first = erp_client.get_order_updates(None, limit=2)
    second = erp_client.get_order_updates(first.next_cursor, limit=2)
    third = erp_client.get_order_updates(second.next_cursor, limit=2)
    idle = erp_client.get_order_updates(third.next_cursor, limit=2)

    pages = [first, second, third]
    read = [u.order_number for page in pages for u in page.updates]
    assert read == [order.order_number for order in orders]  # none twice, none skipped
    assert [page.has_more for page in pages] == [True, True, False]
    assert third.next_cursor == third.updates[-1].update_id
    assert idle.updates == () and idle.next_cursor == third.next_cursor and not idle.has_more


def test_get_order_updates_without_any_update_has_no_cursor(erp, erp_client):
    page = erp_client.get_order_updates(None, limit=10)

    assert page.updates == () and page.next_cursor is None and not page.has_more


@pytest.mark.parametrize(
    ("after", "limit"), [("U-no-such-update", 10), (None, 0), (None, 501)], ids=str
)
def test_get_order_updates_refuses_an_unknown_cursor_or_a_bad_limit(erp, erp_client, after, limit):
    with pytest.raises(ErpRejected) as rejection:
        erp_client.get_order_updates(after, limit=limit)

    assert rejection.value.code == "Client.InvalidData"


# -- failures ------------------------------------------------------------------------


def test_constructing_a_client_for_a_dead_erp_does_not_fail():
    url = f"http://127.0.0.1:{free_port()}/soap?wsdl"

    client = ErpClient(url, timeout=0.5)  # no I/O yet: the WSDL loads on first use

    assert client.wsdl_url == url
    with pytest.raises(ErpUnavailable):
        client.ping()  # the dead ERP shows on first use, as the technical error


def test_a_wsdl_that_cannot_be_loaded_makes_calls_unavailable(erp):
    client = ErpClient(f"{erp.base_url}/no-such-service?wsdl", timeout=2.0)

    with pytest.raises(ErpUnavailable, match="cannot load the ERP WSDL"):
        client.ping()


def test_a_call_slower_than_the_timeout_is_unavailable_within_the_timeout(erp, erp_client):
    client = ErpClient(erp.wsdl_url, timeout=0.5)
    client.load_wsdl()
    erp.delay(3)

    started = time.monotonic()
    with pytest.raises(ErpUnavailable, match="timeout"):
        client.get_customer("10001")
    elapsed = time.monotonic() - started

    assert 0.4 < elapsed < 1.5


def test_a_delayed_call_does_not_block_other_requests(erp, erp_client):
    client = ErpClient(erp.wsdl_url, timeout=5.0)
    client.load_wsdl()
    erp.delay(1.5)
    answers = []
    slow = threading.Thread(target=lambda: answers.append(client.get_customer("10002").name))
    slow.start()
    wait_until(lambda: erp.control("status")["soapCallsInProgress"] == 1, timeout=1.0)

    started = time.monotonic()
    status = erp.control("status")
    elapsed = time.monotonic() - started

    slow.join(timeout=10)
    assert status["delaySeconds"] == 1.5
    assert status["soapCallsInProgress"] == 1
    assert elapsed < 1.0
    assert answers == ["Schmidt Anlagentechnik AG"]


def test_a_stopped_erp_is_unavailable_and_the_same_client_recovers(erp, erp_client):
    erp_client.ping()
    erp.stop()

    started = time.monotonic()
    with pytest.raises(ErpUnavailable):
        erp_client.get_customer("10001")
    assert time.monotonic() - started < 1.5

    erp.start()
    assert erp_client.get_customer("10001").name == "Müller Maschinenbau GmbH"


def test_a_client_created_while_the_erp_is_down_works_once_it_is_up(erp):
    client = ErpClient(erp.wsdl_url, timeout=2.0)
    erp.stop()
    with pytest.raises(ErpUnavailable):
        client.ping()

    erp.start()

    assert client.ping() is None


@pytest.mark.parametrize("mode", ["fault", "http", "malformed"])
def test_failing_calls_are_unavailable_then_calls_succeed_again(erp, erp_client, mode):
    erp.fail(2, mode=mode)

    for _ in range(2):
        with pytest.raises(ErpUnavailable):
            erp_client.get_customer("10001")

    assert erp_client.get_customer("10001").customer_number == "10001"


def test_a_failed_submission_is_not_recorded_and_the_retry_is(erp, erp_client):
    order = make_order()
    erp.fail(1)

    with pytest.raises(ErpUnavailable):
        erp_client.submit_order(order)
    erp_order_number = erp_client.submit_order(order)

    assert erp.orders()[order.order_number]["erpOrderNumber"] == erp_order_number
    assert erp.orders()[order.order_number]["received"] == 1


def test_a_restarted_erp_keeps_submitted_orders_and_updates(erp, erp_client):
    order = make_order()
    erp_order_number = erp_client.submit_order(order)
    erp.add_order_event(order.order_number, "shipped")

    erp.stop()
    erp.start()
    again = erp_client.submit_order(order)

    assert again == erp_order_number
    assert erp.orders()[order.order_number]["received"] == 2
    kinds = [u.kind for u in all_updates(erp_client)]
    assert kinds == ["confirmed", "shipped"]
    assert erp_client.submit_order(make_order()) != erp_order_number


def test_a_request_with_a_doctype_gets_a_client_fault(erp):
    envelope = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:e="urn:b2b-shop:erp:v1"><s:Body><e:GetCustomer>'
        b"<e:customerNumber>&e;</e:customerNumber></e:GetCustomer></s:Body></s:Envelope>"
    )
    request = urllib.request.Request(
        f"{erp.base_url}/soap", data=envelope, headers={"Content-Type": "text/xml"}
    )

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=5)

    body = answer.value.read()
    assert answer.value.code == 500
    assert b"Client.InvalidData" in body
    assert b"DOCTYPE" in body
    assert b"root:" not in body


def test_a_request_not_matching_the_schema_gets_an_invalid_data_fault(erp):
    envelope = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:e="urn:b2b-shop:erp:v1"><s:Body><e:GetCustomer/></s:Body></s:Envelope>'
    )
    request = urllib.request.Request(
        f"{erp.base_url}/soap", data=envelope, headers={"Content-Type": "text/xml"}
    )

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=5)

    assert b"<faultcode>soap11env:Client.InvalidData</faultcode>" in answer.value.read()


# -- credentials and the per-process client -------------------------------------------


@pytest.fixture(scope="module")
def erp_with_auth(tmp_path_factory):
    simulator = ErpSimulator(
        state_path=tmp_path_factory.mktemp("erp-auth") / "state.json", auth=("shop", "s3cret")
    ).start()
    yield simulator
    simulator.stop()


def test_basic_auth_credentials_are_sent(erp_with_auth):
    client = ErpClient(erp_with_auth.wsdl_url, username="shop", password="s3cret", timeout=2.0)

    assert client.get_customer("10002").name == "Schmidt Anlagentechnik AG"


@pytest.mark.parametrize("password", [None, "wrong"])
def test_missing_or_wrong_credentials_make_the_erp_unavailable(erp_with_auth, password):
    username = None if password is None else "shop"
    client = ErpClient(erp_with_auth.wsdl_url, username=username, password=password, timeout=2.0)

    with pytest.raises(ErpUnavailable):
        client.ping()


def test_get_client_returns_one_client_per_set_of_arguments():
    url = f"http://127.0.0.1:{free_port()}/soap?wsdl"

    assert get_client(url, timeout=1.0) is get_client(url, timeout=1.0)
    assert get_client(url, timeout=1.0) is not get_client(url, timeout=2.0)


def test_one_client_serves_concurrent_calls_from_several_threads(erp, erp_client):
    results: list[int] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(5):
                results.append(len(erp_client.get_prices("10001", SKUS[:24])))
        except BaseException as error:  # collected, asserted below
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert results == [24] * 40


def test_only_the_soap_module_imports_zeep():
    root = ERP_BRIDGE.parent
    pattern = re.compile(r"^\s*(import|from)\s+zeep\b", re.MULTILINE)
    sources = [
        path
        for folder in ("shop", "customer_center", "erp_bridge", "tests", "bench")
        if (root / folder).is_dir()
        for path in (root / folder).rglob("*.py")
    ] + [path for path in root.glob("*.py")]

    importing = {
        str(path.relative_to(root))
        for path in sources
        if pattern.search(path.read_text(encoding="utf-8"))
    }

    assert importing == {"erp_bridge/soap.py"}


def test_an_update_without_a_phone_keeps_the_phone_the_erp_knows(erp, erp_client):
    before = {c.contact_id: c for c in erp_client.list_contacts("10001")}["C-10001-01"]

    erp_client.upsert_contact("10001", Contact("C-10001-01", "Anna Müller-Lang", before.email))

    after = {c.contact_id: c for c in erp_client.list_contacts("10001")}["C-10001-01"]
    assert after.name == "Anna Müller-Lang" and after.phone == before.phone != ""


# -- data at the boundary ------------------------------------------------------------------


def test_contacts_with_invalid_text_are_marked_invalid_with_the_reason(odd_erp_simulator):
    odd_erp_simulator.start()
    client = ErpClient(odd_erp_simulator.wsdl_url, timeout=5.0)

    contacts = {c.contact_id: c for c in client.list_contacts("KW7205")}

    assert contacts["KW-1"].is_valid and contacts["KW-1"].problems == ()
    assert contacts["KW-2"].problems == (DataProblem.INVALID_EMAIL,)
    assert contacts["KW-3"].problems == (DataProblem.INVALID_NAME,)
    assert "\r\n" in contacts["KW-2"].email  # shown as the ERP has it, never used


def test_a_customer_with_invalid_master_data_is_marked_invalid(odd_erp_simulator):
    odd_erp_simulator.start()
    client = ErpClient(odd_erp_simulator.wsdl_url, timeout=5.0)

    customer = client.get_customer(BAD_CUSTOMER_NUMBER)

    assert not customer.is_valid
    assert customer.problems == (DataProblem.INVALID_NAME,)
    assert client.get_customer("10001").is_valid
