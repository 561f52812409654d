"""Every ERP call ends within its timeout in total, however the answer trickles in (#9)."""

import socket
import threading
import time

import pytest
import requests

from erp_bridge import ErpClient, ErpUnavailable
from erp_bridge.deadline import deadline, deadline_session

ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 400\r\n"
    + b"Connection: close\r\n\r\n"
    + b"<definitions>"
    + b" " * 387
)


# A call ended by its deadline, seen from the test: well under the drip's 3 s, with room for
# a busy CI machine to wake the ending thread late (0.84 s for a 0.3 s deadline was seen).
ENDED_WITHIN = 2.0


class DripServer:
    """Answers every request with ANSWER, one byte per `interval`, for at most `limit` s.

    Each byte arrives well within any per-read timeout, so only a total deadline ends it.
    """

    def __init__(self, interval: float = 0.05, limit: float = 3.0, headers_at_once=False) -> None:
        self.interval = interval
        self.limit = limit
        self.headers_at_once = headers_at_once
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/soap?wsdl"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            ends_at = time.monotonic() + self.limit
            position = 0
            if self.headers_at_once:
                position = ANSWER.index(b"\r\n\r\n") + 4
                connection.sendall(ANSWER[:position])
            try:
                while position < len(ANSWER) and time.monotonic() < ends_at:
                    connection.sendall(ANSWER[position : position + 1])
                    position += 1
                    if self.stop.wait(self.interval):
                        return
            except OSError:
                return  # the client gave up

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture
def drip_server():
    server = DripServer()
    yield server
    server.close()


@pytest.fixture
def body_drip_server():
    server = DripServer(headers_at_once=True)
    yield server
    server.close()


def test_loading_a_wsdl_that_trickles_in_ends_within_the_timeout(drip_server):
    client = ErpClient(drip_server.url, timeout=0.5)
    started = time.monotonic()

    with pytest.raises(ErpUnavailable, match="within the timeout of 0.5 s"):
        client.load_wsdl()

    assert time.monotonic() - started < ENDED_WITHIN


def test_a_call_whose_answer_trickles_in_ends_within_the_timeout(body_drip_server):
    client = ErpClient(body_drip_server.url, timeout=0.5)
    started = time.monotonic()

    with pytest.raises(ErpUnavailable):
        client.ping()

    assert time.monotonic() - started < ENDED_WITHIN


def test_a_deadline_bounds_headers_and_body_of_a_plain_request(drip_server):
    session = deadline_session()
    started = time.monotonic()

    with pytest.raises(requests.RequestException), deadline(0.3) as running:
        session.get(drip_server.url, timeout=5).content  # noqa: B018

    assert running.expired
    assert time.monotonic() - started < ENDED_WITHIN


def test_a_nested_deadline_keeps_the_earlier_end(drip_server):
    session = deadline_session()
    started = time.monotonic()

    with pytest.raises(requests.RequestException), deadline(0.3), deadline(10):
        session.get(drip_server.url, timeout=5).content  # noqa: B018

    assert time.monotonic() - started < ENDED_WITHIN


def test_a_request_after_the_deadline_passed_is_not_sent(drip_server):
    session = deadline_session()

    with pytest.raises(requests.Timeout), deadline(0) as running:
        session.get(drip_server.url, timeout=5)

    assert running.remaining() <= 0


def test_an_answer_in_time_is_read_whole_and_an_ended_deadline_cuts_nothing_later():
    instant = DripServer(interval=0, headers_at_once=True)
    slow = DripServer(interval=0.002, headers_at_once=True)
    session = deadline_session()
    try:
        with deadline(0.3):
            first = session.get(instant.url, timeout=5).content
        started = time.monotonic()
        with deadline(5):
            # takes about 0.8 s: the first deadline passes while this answer arrives
            second = session.get(slow.url, timeout=5).content
    finally:
        instant.close()
        slow.close()

    assert first == second == ANSWER.partition(b"\r\n\r\n")[2]
    assert time.monotonic() - started > 0.3
