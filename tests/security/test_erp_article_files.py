"""Article data names its images and data sheets by URL (#12). The shop fetches them only
from the ERP's own host: any other URL (cloud metadata, the intranet, another port, a URL
with credentials) is refused before a request is made, so an ERP record cannot make the
shop read from its internal network."""

import pytest

from erp_bridge import FOREIGN_URL, ErpClient, ErpRejected


@pytest.fixture
def client():
    # Constructing a client does no I/O; a refused URL never reaches the network.
    return ErpClient("http://erp.example.com:8099/soap?wsdl")


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/x.png",
        "http://127.0.0.1:8099/media/x.png",
        "http://erp.example.com:22/media/x.png",
        "https://erp.example.com:8099/media/x.png",
        "http://erp.example.com.evil.example/media/x.png",
        "http://user:secret@erp.example.com:8099/media/x.png",
        "file:///etc/passwd",
        "gopher://erp.example.com:8099/x",
        "//erp.example.com:8099/media/x.png",
        "media/x.png",
        "http://[::1]:8099/media/x.png",
        "http://erp.example.com:99999/x.png",
    ],
)
def test_a_file_outside_the_erps_host_is_refused_without_a_request(client, url):
    with pytest.raises(ErpRejected) as refusal:
        client.get_article_file(url)

    assert refusal.value.code == FOREIGN_URL


def test_the_endpoint_decides_the_erps_host_when_one_is_configured():
    client = ErpClient("erp_bridge/erp.wsdl", endpoint="http://erp.internal:8099/soap")

    with pytest.raises(ErpRejected) as refusal:
        client.get_article_file("http://other.internal:8099/media/x.png")

    assert refusal.value.code == FOREIGN_URL
