"""The simulator's drip-feed mode, and ERP calls that end within their timeout in total (#9)."""

import time
import urllib.error

import pytest

from erp_bridge import ErpClient, ErpUnavailable


def test_a_drip_fed_answer_is_valid_for_a_client_that_waits(erp):
    erp.drip(0.002)

    answered = ErpClient(erp.wsdl_url, timeout=30).get_stock(["FAS-SCR-000002"])

    assert erp.control("status")["dripSeconds"] == 0.002
    assert answered["FAS-SCR-000002"].quantity >= 0


def test_a_drip_fed_answer_ends_the_call_within_its_timeout(erp):
    client = ErpClient(erp.wsdl_url, timeout=1.0)
    client.load_wsdl()
    erp.drip(0.5)
    started = time.monotonic()

    with pytest.raises(ErpUnavailable, match="within the timeout of 1.0 s"):
        client.get_prices("10001", ["FAS-SCR-000002"])

    assert time.monotonic() - started < 1.5


def test_a_reset_ends_the_drip_feed(erp):
    erp.drip(0.5)

    erp.reset()

    assert erp.control("status")["dripSeconds"] == 0
    assert ErpClient(erp.wsdl_url, timeout=2.0).ping() is None


@pytest.mark.parametrize("seconds", [-1, 61, "0.5", True])
def test_the_drip_interval_is_checked(erp, seconds):
    with pytest.raises(urllib.error.HTTPError) as refused:
        erp.control("drip", {"seconds": seconds})
    refused.value.close()

    assert refused.value.code == 400
