"""The simulator keeps a client's connection open between SOAP calls (#10): one TCP
connection and one server thread per worker instead of one per call, and a client that goes
away mid-request or mid-connection costs nobody else anything."""

import socket
import threading

import pytest

from erp_bridge import ErpClient
from erp_bridge.simulator.backend import ErpBackend
from erp_bridge.simulator.data import DEMO_DATA_PATH, load_data
from erp_bridge.simulator.server import create_server


@pytest.fixture(scope="module")
def simulator():
    """The simulator's server in a thread, counting the connections it accepts."""
    server = create_server(ErpBackend(load_data(DEMO_DATA_PATH), None), port=0)
    accepted = []
    take = server.process_request

    def counting(request, client_address):
        accepted.append(client_address)
        take(request, client_address)

    server.process_request = counting
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.accepted = accepted
    yield server
    server.shutdown()
    server.server_close()


def _url(server) -> str:
    return f"http://127.0.0.1:{server.server_port}/soap?wsdl"


def _exchange(connection: socket.socket, request: bytes) -> bytes:
    """Send one request and read one whole answer (headers and Content-Length body)."""
    connection.sendall(request)
    received = b""
    while b"\r\n\r\n" not in received:
        received += _receive(connection)
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += _receive(connection)
    return head + b"\r\n\r\n" + body


def _receive(connection: socket.socket) -> bytes:
    data = connection.recv(65536)
    if not data:
        raise ConnectionError("the simulator closed the connection")
    return data


def test_a_client_makes_its_soap_calls_over_one_connection(simulator):
    client = ErpClient(_url(simulator))
    before = len(simulator.accepted)

    for _ in range(5):
        client.ping()
    client.get_customer("10001")

    # The WSDL download and all six calls went over the first connection.
    assert len(simulator.accepted) - before == 1


def test_requests_on_one_connection_each_get_their_own_answer_whatever_the_app_read(
    simulator,
):
    with socket.create_connection(("127.0.0.1", simulator.server_port), timeout=10) as conn:
        # The control API does not read the body of an action it does not know.
        refused = _exchange(
            conn,
            b"POST /control/no-such-action HTTP/1.1\r\nHost: erp\r\n"
            b"Content-Type: application/json\r\nContent-Length: 13\r\n\r\n"
            b'{"seconds":1}',
        )
        status = _exchange(conn, b"GET /control/status HTTP/1.1\r\nHost: erp\r\n\r\n")

    assert refused.startswith(b"HTTP/1.1 404")
    assert status.startswith(b"HTTP/1.1 200") and b'"soapCallsInProgress": 0' in status


def test_clients_that_go_away_mid_request_or_idle_leave_the_others_served(simulator):
    client = ErpClient(_url(simulator))
    client.ping()
    address = ("127.0.0.1", simulator.server_port)
    # One sends half a SOAP request and hangs up; one keeps its connection idle; one
    # hangs up right after sending a whole request, without reading the answer.
    with socket.create_connection(address, timeout=10) as half:
        half.sendall(
            b"POST /soap HTTP/1.1\r\nHost: erp\r\nContent-Type: text/xml\r\n"
            b"Content-Length: 500\r\n\r\n<soap11env:Envelope"
        )
    idle = socket.create_connection(address, timeout=10)
    with socket.create_connection(address, timeout=10) as rude:
        rude.sendall(b"GET /control/status HTTP/1.1\r\nHost: erp\r\n\r\n")

    try:
        for _ in range(3):
            client.ping()
        customer = client.get_customer("10001")
    finally:
        idle.close()

    assert customer.customer_number == "10001"
