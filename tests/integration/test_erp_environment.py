"""The ERP client reads proxies and the like from the environment once, when it loads the
WSDL, not on every call (#10): it honours them, at a fraction of the CPU per call."""

import pytest

from erp_bridge import ErpClient, ErpUnavailable
from tests.services import free_port


@pytest.fixture
def dead_proxy(monkeypatch):
    """An HTTP proxy nothing listens on, for every host (no exception for 127.0.0.1)."""

    def set_it() -> None:
        for name in ("http_proxy", "HTTP_PROXY"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{free_port()}")
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.setenv(name, "")

    return set_it


def test_a_proxy_in_the_environment_is_used(erp_simulator, dead_proxy):
    dead_proxy()
    client = ErpClient(erp_simulator.wsdl_url, timeout=2)

    with pytest.raises(ErpUnavailable):
        client.ping()


def test_the_environment_is_read_when_the_wsdl_loads_and_not_on_each_call(
    erp_simulator, dead_proxy
):
    client = ErpClient(erp_simulator.wsdl_url, timeout=2)
    client.load_wsdl()

    dead_proxy()

    client.ping()
