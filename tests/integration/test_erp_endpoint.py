"""ERP_ENDPOINT: the service address inside a WSDL is overridden (real ERPs often advertise an
internal host there)."""

import urllib.request

import pytest

from erp_bridge import ErpUnavailable
from shop.config import Config
from shop.erp import erp_client
from tests.services import free_port


@pytest.fixture
def wsdl_pointing_nowhere(erp, tmp_path):
    """The simulator's WSDL, saved to a file, whose service address nobody answers."""
    with urllib.request.urlopen(erp.wsdl_url, timeout=5) as response:
        document = response.read().decode()
    nowhere = f"http://127.0.0.1:{free_port()}/soap"
    path = tmp_path / "erp.wsdl"
    path.write_text(document.replace(f"{erp.base_url}/soap", nowhere), encoding="utf-8")
    assert nowhere in path.read_text(encoding="utf-8")
    return path


def test_erp_endpoint_overrides_the_address_in_the_wsdl(
    app, app_context, erp, wsdl_pointing_nowhere, monkeypatch
):
    monkeypatch.setitem(app.config, "ERP_WSDL_URL", str(wsdl_pointing_nowhere))
    monkeypatch.setitem(app.config, "ERP_ENDPOINT", f"{erp.base_url}/soap")

    customer = erp_client().get_customer("10001")

    assert customer.name == "Müller Maschinenbau GmbH"


def test_without_erp_endpoint_the_address_in_the_wsdl_is_used(
    app, app_context, erp, wsdl_pointing_nowhere, monkeypatch
):
    monkeypatch.setitem(app.config, "ERP_WSDL_URL", str(wsdl_pointing_nowhere))
    monkeypatch.setitem(app.config, "ERP_ENDPOINT", None)

    with pytest.raises(ErpUnavailable):
        erp_client().get_customer("10001")


def test_erp_endpoint_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ERP_ENDPOINT", "https://erp.example.com/soap")

    assert Config().ERP_ENDPOINT == "https://erp.example.com/soap"
