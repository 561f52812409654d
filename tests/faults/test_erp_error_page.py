"""An ERP (or a proxy in front of it) that answers with a 2 MB HTML error page: the outbox
entry and the log keep a short excerpt, not the whole page on every attempt (#9)."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from erp_bridge import ErpClient
from shop.domain.outbox import ERROR_EXCERPT_CHARS
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.factories import make_company, make_order, make_user

ERROR_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body>"
    + b"<p>upstream ERP did not answer<br></p>\n" * 60_000
    + b"</body></html>"
)


class ErrorPage(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(ERROR_PAGE)))
        self.end_headers()
        self.wfile.write(ERROR_PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture
def erp_behind_a_broken_proxy(erp):
    """The simulator's contract, with every call answered by the proxy's error page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), ErrorPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ErpClient(erp.wsdl_url, endpoint=f"http://127.0.0.1:{server.server_port}/soap")
    server.shutdown()
    server.server_close()


def test_a_huge_error_page_leaves_a_short_excerpt_in_the_entry_and_the_log(
    app_context, erp_behind_a_broken_proxy, caplog
):
    assert len(ERROR_PAGE) > 2_000_000
    make_order(make_user(make_company(customer_number="10001")))

    with caplog.at_level(logging.WARNING, logger="shop.services.outbox"):
        deliveries = deliver_due(erp_behind_a_broken_proxy, "worker-1", utcnow())

    entry = db.session.scalar(select(OutboxEntry).where(OutboxEntry.kind != "send_mail"))
    assert [d.outcome for d in deliveries] == ["retry"]
    assert "502" in entry.last_error and "upstream ERP did not answer" in entry.last_error
    assert len(entry.last_error) <= ERROR_EXCERPT_CHARS + 40
    logged = [record.getMessage() for record in caplog.records]
    assert logged and all(len(message) < 1000 for message in logged), [len(m) for m in logged]
