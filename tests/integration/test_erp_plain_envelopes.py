"""SubmitOrder, ReleaseOrder and GetStock go out as plain envelopes, without zeep's rendering
and parsing (#10): the bytes sent must be zeep's, the answers read must be zeep's, and whatever
is not plain (faults, odd values) must behave as through zeep. zeep is reached through the
service the bridge loaded (only erp_bridge/soap.py imports it)."""

import threading
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree

from erp_bridge import ErpClient, ErpRejected, envelopes
from erp_bridge.soap import _PLAIN_CALLS, SoapService

WSDL = Path(envelopes.__file__).with_name("erp.wsdl")


@pytest.fixture(scope="module")
def zeep_service():
    """zeep's service for the contract, as the bridge loads it."""
    soap = SoapService(str(WSDL))
    soap.load()
    return soap._get_service()


def _zeep_bytes(service, operation: str, arguments: dict) -> bytes:
    envelope, _ = service._binding._create(
        operation, (), arguments, client=service._client, options=service._binding_options
    )
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def _order(**changes):
    order = {
        "orderNumber": "S-1",
        "customerNumber": "10001",
        "orderedAt": datetime(2026, 11, 30, 21, 0, tzinfo=UTC),
        "currency": "EUR",
        "totalNet": Decimal("1234.50"),
        "paymentMethod": "prepayment",
        "deliveryMethod": "standard",
        "deliveryAddress": {
            "kind": "delivery",
            "name": 'Müller & Söhne <Werk "2">',
            "street": "Straße 1",
            "postalCode": "10115",
            "city": "Berlin",
            "country": "DE",
        },
        "customerReference": "PO 'x' > 3",
        "comment": "line 1\r\nline 2\ttab ]]> €",
        "ordererEmail": "a@example.com",
        "lines": {
            "line": [
                {
                    "lineNumber": 1,
                    "sku": "SKU-1",
                    "quantity": 1000000,
                    "unit": "box",
                    "unitPrice": Decimal("0.10"),
                    "vatRate": Decimal("7"),
                }
            ]
        },
    }
    order.update(changes)
    return {"order": order}


CASES = [
    ("SubmitOrder", _order()),
    ("SubmitOrder", _order(requestedDeliveryDate=date(2027, 1, 4))),
    ("SubmitOrder", _order(orderedAt=datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC))),
    ("SubmitOrder", _order(totalNet=Decimal("1E+2"), comment="", customerReference="")),
    ("SubmitOrder", _order(lines={"line": []})),
    ("ReleaseOrder", {"orderNumber": "S-1 & <2>"}),
    ("SubmitOrder", _PLAIN_CALLS["SubmitOrder"][0]),
    ("ReleaseOrder", _PLAIN_CALLS["ReleaseOrder"][0]),
    ("GetStock", {"skus": {"sku": ["SKU-1", "Müller & <Söhne>", " spaced "]}}),
    ("GetStock", {"skus": {"sku": []}}),
    ("GetStock", _PLAIN_CALLS["GetStock"][0]),
]


@pytest.mark.parametrize(("operation", "arguments"), CASES)
def test_a_plain_envelope_is_byte_for_byte_zeeps(zeep_service, operation, arguments):
    plain = envelopes.render_request("urn:b2b-shop:erp:v1", operation, arguments)

    assert plain == _zeep_bytes(zeep_service, operation, arguments)


@pytest.mark.parametrize(
    "value",
    [None, 1.5, "bell \x07", datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=1)))],
)
def test_a_value_the_plain_renderer_does_not_know_is_left_to_zeep(value):
    with pytest.raises(envelopes.NotPlain):
        envelopes.render_request("urn:x", "SubmitOrder", _order(comment=value))


def test_the_hot_calls_read_the_simulators_answers_as_zeep_does(erp):
    client = ErpClient(erp.wsdl_url, timeout=5.0)
    client.load_wsdl()
    assert set(client._soap._plain) == {"SubmitOrder", "ReleaseOrder", "GetStock"}
    arguments = _order(orderNumber="PLAIN-ENVELOPE-1")

    erp_order_number = client._soap.call("SubmitOrder", **arguments)
    released = client._soap.call("ReleaseOrder", orderNumber="PLAIN-ENVELOPE-1")

    service = client._soap._get_service()
    # SubmitOrder is idempotent by the order number: zeep reads the same ERP order number.
    assert erp_order_number == service.SubmitOrder(**arguments)
    assert released is True
    assert service.ReleaseOrder(orderNumber="PLAIN-ENVELOPE-1") is True


def test_a_fault_to_a_hot_call_is_read_by_zeep_into_the_same_refusal(erp):
    client = ErpClient(erp.wsdl_url, timeout=5.0)

    with pytest.raises(ErpRejected) as refusal:
        client.release_order("NO-SUCH-ORDER-PLAIN")

    assert refusal.value.code == "Client.UnknownOrder"


def _through_zeep(client: ErpClient, operation: str) -> ErpClient:
    client.load_wsdl()
    client._soap._plain.pop(operation)
    return client


@pytest.mark.parametrize(
    "skus",
    [["FAS-SCR-000018"], ["FAS-SCR-000018", "NO-SUCH-SKU", "A & <b>"], []],
)
def test_stock_read_from_a_plain_answer_equals_zeeps(erp, skus):
    plain = ErpClient(erp.wsdl_url, timeout=5.0)
    through_zeep = _through_zeep(ErpClient(erp.wsdl_url, timeout=5.0), "GetStock")

    answer = plain._soap.call("GetStock", skus={"sku": skus})

    assert answer == through_zeep._soap.call("GetStock", skus={"sku": skus})
    assert plain.get_stock(skus) == through_zeep.get_stock(skus)


def test_stock_is_asked_without_zeeps_operation_machinery(erp, monkeypatch):
    client = ErpClient(erp.wsdl_url, timeout=5.0)
    client.load_wsdl()
    binding = client._soap._get_service()._binding

    def refuse(*args, **kwargs):
        raise AssertionError("GetStock went through zeep's rendering or reading")

    # zeep renders a request in _create and reads an answer in process_reply.
    monkeypatch.setattr(binding, "_create", refuse)
    monkeypatch.setattr(binding, "process_reply", refuse)

    levels = client.get_stock(["FAS-SCR-000018"])

    assert levels["FAS-SCR-000018"].quantity > 0


def test_a_stock_request_the_erp_refuses_is_the_same_refusal_as_through_zeep(erp):
    too_many = [f"SKU-{number}" for number in range(1001)]
    refusals = []

    for client in (
        ErpClient(erp.wsdl_url, timeout=5.0),
        _through_zeep(ErpClient(erp.wsdl_url, timeout=5.0), "GetStock"),
    ):
        with pytest.raises(ErpRejected) as refusal:
            client.get_stock(too_many)
        refusals.append((refusal.value.code, refusal.value.message))

    assert refusals[0] == refusals[1]
    assert refusals[0][0] == "Client.InvalidData"


def _stock_answer(levels: str, namespace: str = "urn:b2b-shop:erp:v1") -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f'<e:Envelope xmlns:e="{envelopes.SOAP_ENV}" xmlns:t="{namespace}"><e:Body>'
        f"<t:GetStockResponse>{levels}</t:GetStockResponse></e:Body></e:Envelope>"
    ).encode()


def _read_stock(content: bytes):
    reader = _PLAIN_CALLS["GetStock"][2]
    return reader(envelopes.answer_value(content, "urn:b2b-shop:erp:v1", "GetStock", "stockLevels"))


def test_a_plain_stock_answer_is_read_as_zeep_reads_it():
    content = _stock_answer(
        "<t:stockLevels>\n  <t:stockLevel><t:sku>A &amp; B</t:sku>"
        "<t:quantity>-3</t:quantity></t:stockLevel>\n"
        "  <t:stockLevel><t:sku>C</t:sku><t:quantity>0</t:quantity></t:stockLevel>\n"
        "</t:stockLevels>"
    )

    assert _read_stock(content) == [{"sku": "A & B", "quantity": -3}, {"sku": "C", "quantity": 0}]
    assert _read_stock(_stock_answer("<t:stockLevels/>")) is None


@pytest.mark.parametrize(
    "levels",
    [
        # What zeep reads by rules of its own: nil, another type, spaces or signs in a number,
        # members missing, repeated or in another order, comments, text between elements.
        '<t:stockLevels xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>',
        "<t:stockLevels><t:stockLevel><t:sku>A</t:sku><t:quantity> 5</t:quantity>"
        "</t:stockLevel></t:stockLevels>",
        "<t:stockLevels><t:stockLevel><t:sku>A</t:sku><t:quantity>+5</t:quantity>"
        "</t:stockLevel></t:stockLevels>",
        "<t:stockLevels><t:stockLevel><t:sku>A</t:sku><t:quantity>1.0</t:quantity>"
        "</t:stockLevel></t:stockLevels>",
        "<t:stockLevels><t:stockLevel><t:sku>A</t:sku></t:stockLevel></t:stockLevels>",
        "<t:stockLevels><t:stockLevel><t:quantity>5</t:quantity><t:sku>A</t:sku>"
        "</t:stockLevel></t:stockLevels>",
        "<t:stockLevels><t:stockLevel><t:sku/><t:quantity>5</t:quantity>"
        "</t:stockLevel></t:stockLevels>",
        "<t:stockLevels><!-- x --><t:stockLevel><t:sku>A</t:sku><t:quantity>5</t:quantity>"
        "</t:stockLevel></t:stockLevels>",
        "<t:stockLevels>x<t:stockLevel><t:sku>A</t:sku><t:quantity>5</t:quantity>"
        "</t:stockLevel></t:stockLevels>",
        "<t:stockLevels><t:stockLevel><t:sku>A</t:sku><t:quantity>5</t:quantity>"
        "<t:extra>1</t:extra></t:stockLevel></t:stockLevels>",
        "<t:stockLevels><t:price><t:sku>A</t:sku><t:quantity>5</t:quantity>"
        "</t:price></t:stockLevels>",
        "<t:stockLevels/><t:stockLevels/>",
    ],
)
def test_a_stock_answer_that_is_not_plain_is_left_to_zeep(levels):
    with pytest.raises(envelopes.NotPlain):
        _read_stock(_stock_answer(levels))


def test_a_stock_answer_with_a_doctype_is_left_to_zeep():
    content = (
        b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x "boom">]>'
        + _stock_answer("<t:stockLevels/>").split(b"?>", 1)[1]
    )

    with pytest.raises(envelopes.NotPlain):
        _read_stock(content)


class _StickyErp(BaseHTTPRequestHandler):
    """An ERP behind a load balancer that pins a client to a node with a cookie."""

    cookies_seen: list[str | None] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.cookies_seen.append(self.headers.get("Cookie"))
        body = (
            "<?xml version='1.0' encoding='UTF-8'?>"
            f'<e:Envelope xmlns:e="{envelopes.SOAP_ENV}" xmlns:t="urn:b2b-shop:erp:v1">'
            "<e:Body><t:ReleaseOrderResponse><t:released>true</t:released>"
            "</t:ReleaseOrderResponse></e:Body></e:Envelope>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "route=node-2; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def sticky_erp():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StickyErp)
    _StickyErp.cookies_seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/soap"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_cookie_the_erp_sets_goes_with_the_next_plain_call(sticky_erp):
    # The prepared request of a plain call is made when the WSDL loads, before the ERP set
    # any cookie: a call after one goes through requests' own preparation, which adds it.
    client = ErpClient(str(WSDL), endpoint=sticky_erp, timeout=5.0)
    client.load_wsdl()
    assert "ReleaseOrder" in client._soap._plain

    client.release_order("S-1")
    client.release_order("S-2")

    assert _StickyErp.cookies_seen == [None, "route=node-2"]
