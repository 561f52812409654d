"""A second, independent SOAP stack (suds) uses the simulator's WSDL: the contract is not zeep's."""

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from suds import WebFault
from suds.client import Client

# the session's simulator (one process for all ERP test modules) and its per-test reset


@pytest.fixture(scope="module")
def suds_client(erp_simulator):
    return Client(erp_simulator.wsdl_url, cache=None, timeout=5)


def test_suds_reads_a_customer(erp, suds_client):
    customer = suds_client.service.GetCustomer("10001")

    assert customer.name == "Müller Maschinenbau GmbH"
    assert customer.customerCenter is True
    assert list(customer.paymentMethods.paymentMethod) == ["invoice", "prepayment"]
    assert [a.city for a in customer.addresses.address][0] == "Stuttgart"


def test_suds_asks_for_prices_with_an_array_of_skus(erp, suds_client):
    skus = suds_client.factory.create("SkuArray")
    skus.sku = ["FAS-SCR-000001", "NO-SUCH-SKU"]

    prices = suds_client.service.GetPrices("10002", skus)

    assert [p.sku for p in prices.price] == ["FAS-SCR-000001"]
    assert Decimal(str(prices.price[0].netPrice)) > 0


def suds_order(suds_client):
    order = suds_client.factory.create("Order")
    order.orderNumber = f"B2B-SUDS-{time.monotonic_ns()}"
    order.customerNumber = "10001"
    order.orderedAt = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    order.currency = "EUR"
    order.totalNet = Decimal("37.02")
    order.paymentMethod = "prepayment"
    order.deliveryMethod = "standard"
    order.deliveryAddress.kind = "delivery"
    order.deliveryAddress.name = "Müller Maschinenbau GmbH"
    order.deliveryAddress.street = "Heilbronner Straße 120"
    order.deliveryAddress.postalCode = "70191"
    order.deliveryAddress.city = "Stuttgart"
    order.deliveryAddress.country = "DE"
    order.customerReference = "PO-SUDS"
    order.ordererEmail = "buyer@demo.example.com"
    lines = []
    for number, sku, quantity in ((1, "FAS-SCR-000001", 2), (2, "FAS-SCR-000002", 1)):
        line = suds_client.factory.create("OrderLine")
        line.lineNumber, line.sku, line.quantity = number, sku, quantity
        line.unit, line.unitPrice, line.vatRate = "piece", Decimal("12.34"), Decimal("19.00")
        lines.append(line)
    order.lines.line = lines
    return order


def test_suds_submits_an_order_with_lines_and_the_erp_records_it(erp, suds_client):
    order = suds_order(suds_client)

    erp_order_number = suds_client.service.SubmitOrder(order)

    received = erp.orders()[order.orderNumber]
    assert received["erpOrderNumber"] == erp_order_number
    assert [(line["lineNumber"], line["sku"]) for line in received["order"]["lines"]] == [
        (1, "FAS-SCR-000001"),
        (2, "FAS-SCR-000002"),
    ]
    assert suds_client.service.SubmitOrder(order) == erp_order_number


def test_suds_sees_a_business_fault_with_its_code(erp, suds_client):
    with pytest.raises(WebFault) as fault:
        suds_client.service.GetCustomer("99999")

    assert fault.value.fault.faultcode.endswith("Client.UnknownCustomer")


def test_suds_pages_order_updates_by_cursor(erp, suds_client):
    order = suds_order(suds_client)
    suds_client.service.SubmitOrder(order)
    suds_client.service.ReleaseOrder(order.orderNumber)  # §8: a prepayment order waits for it
    erp.add_order_event(order.orderNumber, "shipped")

    first = suds_client.service.GetOrderUpdates(None, 1)
    second = suds_client.service.GetOrderUpdates(first.nextCursor, 1)

    assert [u.kind for u in first.updates.update] == ["confirmed"]
    assert [u.kind for u in second.updates.update] == ["shipped"]
    assert first.hasMore is True and second.hasMore is False
    assert second.nextCursor == second.updates.update[0].updateId


def test_suds_sees_the_declared_faults_in_the_wsdl(suds_client):
    operations = suds_client.wsdl.services[0].ports[0].binding.operations

    faults = {name: {f.name for f in op.soap.faults} for name, op in operations.items()}

    assert faults["GetCustomer"] == {"UnknownCustomerFault", "InvalidDataFault"}
    assert faults["UpsertContact"] == {
        "UnknownCustomerFault",
        "UnknownContactFault",
        "InvalidDataFault",
    }
    assert faults["GetOrderUpdates"] == {"InvalidDataFault"}


def test_suds_pages_the_article_data_by_token(erp, suds_client):
    # Contract v1.3 (#12): another SOAP stack reads the same pages the shop reads.
    first = suds_client.service.GetArticles(None, None, 4)
    second = suds_client.service.GetArticles(None, first.nextPageToken, 4)

    skus = [a.sku for a in first.articles.article] + [a.sku for a in second.articles.article]
    assert len(skus) == 7 and skus == sorted(skus)
    assert not getattr(second, "nextPageToken", None)
    gloves = next(a for a in second.articles.article if a.sku == "SAF-GLV-000901")
    assert gloves.imageUrl == f"{erp.base_url}/media/SAF-GLV-000901.png"
    coating = next(a for a in gloves.attributes.attribute if a.key == "coating")
    assert (coating.valueEn, coating.valueDe) == ("polyurethane", "Polyurethan")
