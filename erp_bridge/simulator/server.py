"""The simulator's HTTP side: SOAP at /soap (WSDL at /soap?wsdl) and the JSON control API.

One threaded WSGI server on 127.0.0.1, so a call the control API delays does
not hold up the others. It keeps HTTP/1.1 connections open between calls (werkzeug's
development server closes every one): a worker then calls over one connection and one
server thread instead of a new TCP connection and thread per call (#10).
"""

import base64
import binascii
import hmac
import io
import json
import logging
import re
import socketserver
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from erp_bridge.simulator.articles import MEDIA_PATH, media_file
from erp_bridge.simulator.backend import ErpBackend, EventRefused
from erp_bridge.simulator.service import CONTRACT_VERSION, build_wsgi_application, render_wsdl

SOAP_PATH = "/soap"
MAX_REQUEST_BYTES = 5 * 1024 * 1024
FAIL_MODES = ("fault", "http", "malformed", "slow")
SLOW_SECONDS = 30.0
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def soap_fault(code: str, message: str) -> bytes:
    """A SOAP 1.1 fault envelope, for answers produced outside spyne."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soap11env:Envelope xmlns:soap11env="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soap11env:Body><soap11env:Fault>"
        f"<faultcode>soap11env:{escape(code)}</faultcode>"
        f"<faultstring>{escape(message)}</faultstring>"
        "</soap11env:Fault></soap11env:Body></soap11env:Envelope>"
    ).encode()


class SimulatorApp:
    """WSGI entry: routes to spyne or the control API and applies planned misbehaviour."""

    def __init__(
        self,
        backend: ErpBackend,
        credentials: tuple[str, str] | None = None,
        contract: str = CONTRACT_VERSION,
    ) -> None:
        self.backend = backend
        self.credentials = credentials
        self.contract = contract
        self.soap = build_wsgi_application(backend, contract)
        self._wsdl_cache: dict[str, bytes] = {}
        self._wsdl_lock = threading.Lock()
        self.in_progress = 0
        self.calls = 0
        self.calls_by_operation: dict[str, int] = {}
        self._in_progress_lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        if path.startswith("/control/"):
            return self._control(environ, start_response, path.removeprefix("/control/"))
        if path == SOAP_PATH:
            return self._soap_counted(environ, start_response)
        if path.startswith(MEDIA_PATH) and self.contract != "1.2":
            return self._media(environ, start_response, path.removeprefix(MEDIA_PATH))
        if path == "/":
            text = f"ERP simulator. WSDL: {SOAP_PATH}?wsdl; control API: /control/...\n"
            return _answer(start_response, "200 OK", text.encode(), "text/plain; charset=utf-8")
        return _answer(start_response, "404 Not Found", b"not found\n", "text/plain")

    # -- SOAP -------------------------------------------------------------------

    def _soap(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self.credentials and not self._authorized(environ):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Basic realm="erp"')],
            )
            return [b"authentication required\n"]
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("QUERY_STRING", "").lower() in (
            "wsdl",
            "wsdl=",
        ):
            return self._wsdl(environ, start_response)
        if environ.get("REQUEST_METHOD") != "POST":
            return self.soap(environ, start_response)

        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REQUEST_BYTES:
            return _fault(start_response, "Client.InvalidData", "request too large")
        body = environ["wsgi.input"].read(length) if length else b""

        misbehaviour = self.backend.misbehaviour
        misbehaviour.wait_delay()
        failure = misbehaviour.next_failure()
        if failure == "fault":
            return _fault(start_response, "Server.Unavailable", "simulated ERP failure")
        if failure == "http":
            return _answer(
                start_response, "500 Internal Server Error", b"Internal Server Error\n", "text/html"
            )
        if failure == "slow":
            misbehaviour.hold(SLOW_SECONDS)
        if failure == "malformed":
            return _answer(
                start_response, "200 OK", b"<soap11env:Envelope><broken", "text/xml; charset=utf-8"
            )

        # spyne with the lxml validator answers a DOCTYPE with a bare HTTP 500; the
        # contract wants a fault, and entity declarations have no place in a request.
        if _DOCTYPE.search(body):
            return _fault(start_response, "Client.InvalidData", "DOCTYPE declarations are refused")

        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.soap(environ, start_response)

    def _soap_counted(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        # Calls answered so far and right now, for /control/status (tests count ERP calls).
        operation = environ.get("HTTP_SOAPACTION", "").strip('"').rsplit("/", 1)[-1] or "unknown"
        with self._in_progress_lock:
            self.in_progress += 1
            if environ.get("REQUEST_METHOD") == "POST":  # not the WSDL downloads
                self.calls += 1
                self.calls_by_operation[operation] = self.calls_by_operation.get(operation, 0) + 1
        dripping = False
        try:
            body = b"".join(self._soap(environ, start_response))
            if environ.get("REQUEST_METHOD") == "POST" and self.backend.misbehaviour.drip_seconds:
                dripping = True
                return self._dripped(body)
            return [body]
        finally:
            if not dripping:
                self._call_done()

    def _dripped(self, body: bytes) -> Iterator[bytes]:
        # The answer is valid, only slow: the call counts as in progress until its last byte.
        try:
            yield from self.backend.misbehaviour.drip(body)
        finally:
            self._call_done()

    def _call_done(self) -> None:
        with self._in_progress_lock:
            self.in_progress -= 1

    def _wsdl(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        url = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{SOAP_PATH}"
        with self._wsdl_lock:
            document = self._wsdl_cache.get(url)
            if document is None:
                if len(self._wsdl_cache) > 16:  # the Host header is the client's to choose
                    self._wsdl_cache.clear()
                document = self._wsdl_cache[url] = render_wsdl(url, self.contract)
        return _answer(start_response, "200 OK", document, "text/xml; charset=utf-8")

    def _media(
        self, environ: dict[str, Any], start_response: StartResponse, name: str
    ) -> Iterable[bytes]:
        # The images and data sheets GetArticles names (contract v1.3), behind the same auth.
        if self.credentials and not self._authorized(environ):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Basic realm="erp"')],
            )
            return [b"authentication required\n"]
        found = media_file(self.backend.data.articles or (), name)
        if found is None:
            return _answer(start_response, "404 Not Found", b"not found\n", "text/plain")
        return _answer(start_response, "200 OK", *found)

    def _authorized(self, environ: dict[str, Any]) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        username, _, password = decoded.partition(":")
        expected_user, expected_password = self.credentials or ("", "")
        return hmac.compare_digest(username, expected_user) & hmac.compare_digest(
            password, expected_password
        )

    # -- control API --------------------------------------------------------------

    def _control(
        self, environ: dict[str, Any], start_response: StartResponse, action: str
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        try:
            if method == "GET" and action == "orders":
                return _json(start_response, {"orders": self.backend.received_orders()})
            if method == "GET" and action == "change-requests":
                return _json(start_response, {"requests": self.backend.change_requests()})
            if method == "GET" and action == "updates":
                updates = [
                    {key: value for key, value in update.items() if key != "invoicePdf"}
                    for update in self.backend.state["updates"]
                ]
                return _json(start_response, {"updates": updates})
            if method == "GET" and action == "status":
                misbehaviour = self.backend.misbehaviour
                return _json(
                    start_response,
                    {
                        "delaySeconds": misbehaviour.delay_seconds,
                        "dripSeconds": misbehaviour.drip_seconds,
                        "failCount": misbehaviour.fail_count,
                        "failMode": misbehaviour.fail_mode,
                        "soapCallsInProgress": self.in_progress,
                        "soapCalls": self.calls,
                        "soapCallsByOperation": dict(self.calls_by_operation),
                    },
                )
            if method != "POST":
                return _json(start_response, {"error": "not found"}, "404 Not Found")
            payload = _read_json(environ)
            if action == "delay":
                seconds = payload.get("seconds")
                if isinstance(seconds, bool) or not isinstance(seconds, int | float):
                    raise ValueError("seconds: expected a number")
                if not 0 <= seconds <= 600:
                    raise ValueError("seconds: expected 0 to 600")
                self.backend.misbehaviour.set_delay(float(seconds))
                return _json(start_response, {"delaySeconds": float(seconds)})
            if action == "drip":
                # Answer every SOAP call correctly, but one byte per `seconds` (0 ends it).
                seconds = payload.get("seconds")
                if isinstance(seconds, bool) or not isinstance(seconds, int | float):
                    raise ValueError("seconds: expected a number")
                if not 0 <= seconds <= 60:
                    raise ValueError("seconds: expected 0 to 60")
                self.backend.misbehaviour.set_drip(float(seconds))
                return _json(start_response, {"dripSeconds": float(seconds)})
            if action == "fail":
                count = payload.get("count")
                mode = payload.get("mode", "fault")
                after = payload.get("after", 0)
                if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                    raise ValueError("count: expected a whole number >= 0")
                if isinstance(after, bool) or not isinstance(after, int) or after < 0:
                    raise ValueError("after: expected a whole number >= 0")
                if mode not in FAIL_MODES:
                    raise ValueError(f"mode: expected one of {', '.join(FAIL_MODES)}")
                with self.backend.misbehaviour.lock:
                    self.backend.misbehaviour.fail_count = count
                    self.backend.misbehaviour.fail_mode = mode
                    self.backend.misbehaviour.fail_after = after
                return _json(start_response, {"failCount": count, "failMode": mode})
            if action == "reset":
                self.backend.reset()
                return _json(start_response, {"reset": True})
            if action == "order-event":
                update = self.backend.add_order_event(payload)
                return _json(start_response, {"update": update}, "201 Created")
            if action == "stock":
                levels = payload.get("levels")
                if not isinstance(levels, dict) or not all(
                    isinstance(q, int) and not isinstance(q, bool) and q >= 0
                    for q in levels.values()
                ):
                    raise ValueError("levels: expected an object of sku -> whole number >= 0")
                self.backend.set_stock(levels)
                return _json(start_response, {"levels": levels})
            return _json(start_response, {"error": "not found"}, "404 Not Found")
        except LookupError as error:
            return _json(start_response, {"error": str(error)}, "404 Not Found")
        except EventRefused as error:
            return _json(start_response, {"error": str(error)}, "409 Conflict")
        except ValueError as error:
            return _json(start_response, {"error": str(error)}, "400 Bad Request")


def _read_json(environ: dict[str, Any]) -> dict[str, Any]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > MAX_REQUEST_BYTES:
        raise ValueError("request too large")
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw.strip():
        return {}
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"body: not valid JSON: {error}") from None
    if not isinstance(payload, dict):
        raise ValueError("body: expected a JSON object")
    return payload


def _answer(
    start_response: StartResponse, status: str, body: bytes, content_type: str
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _fault(start_response: StartResponse, code: str, message: str) -> list[bytes]:
    # SOAP 1.1 sends every fault with HTTP 500.
    return _answer(
        start_response,
        "500 Internal Server Error",
        soap_fault(code, message),
        "text/xml; charset=utf-8",
    )


def _json(start_response: StartResponse, payload: Any, status: str = "200 OK") -> list[bytes]:
    body = json.dumps(payload, ensure_ascii=False, default=str).encode()
    return _answer(start_response, status, body, "application/json")


def create_server(
    backend: ErpBackend,
    host: str = "127.0.0.1",
    port: int = 8099,
    credentials: tuple[str, str] | None = None,
    contract: str = CONTRACT_VERSION,
) -> "KeepAliveServer":
    """A threaded WSGI server for the simulator (call serve_forever on it)."""
    return KeepAliveServer((host, port), SimulatorApp(backend, credentials, contract))


# A connection idle this long is closed; a client opens a new one when it calls again.
IDLE_SECONDS = 300.0


class KeepAliveServer(socketserver.ThreadingMixIn, HTTPServer):
    """One thread per connection, kept for as long as the client keeps the connection."""

    daemon_threads = True  # stopping the server does not wait for idle kept-alive clients
    request_queue_size = 128  # as werkzeug's: many clients may connect at once

    def __init__(self, address: tuple[str, int], app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        super().__init__(address, _KeepAliveHandler)


class _KeepAliveHandler(BaseHTTPRequestHandler):
    """Runs the WSGI app for each request of a connection (HTTP/1.1 keeps it open).

    The request body is read in full before the app runs, so the next request on the
    connection starts where this one ended whatever the app read; an answer without a
    Content-Length goes out chunked, piece by piece as the app yields it (the drip mode).
    """

    protocol_version = "HTTP/1.1"
    server: KeepAliveServer
    timeout = IDLE_SECONDS
    # Headers and body are separate writes: without this each answer on a kept-alive
    # connection would wait for the client's delayed ACK (40 ms on Linux).
    disable_nagle_algorithm = True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # every method goes to the WSGI app
            return self._run_wsgi
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Requests are not logged (tests read the simulator's stderr only when it fails)."""

    def _run_wsgi(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._refuse("411 Length Required")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self._refuse("413 Content Too Large")
            return
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client went away mid-request
            self.close_connection = True
            return
        answer = _Answer(self)
        try:
            chunks = self.server.app(self._environ(body), answer.start_response)
            try:
                for chunk in chunks:
                    answer.write(chunk)
                answer.finish()
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:
            logging.getLogger(__name__).exception("the simulator failed on %s", self.path)
            if answer.headers_sent:
                self.close_connection = True  # the client cannot tell where the answer ends
            else:
                self._refuse("500 Internal Server Error")

    def _environ(self, body: bytes) -> dict[str, Any]:
        path, _, query = self.path.partition("?")
        environ = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path, "latin-1"),
            "QUERY_STRING": query,
            "CONTENT_LENGTH": str(len(body)) if body else "",
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "REMOTE_ADDR": self.client_address[0],
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
        }
        for key, value in self.headers.items():
            name = "HTTP_" + key.upper().replace("-", "_")
            if "_" in key or name in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                continue
            environ[name] = f"{environ[name]},{value}" if name in environ else value
        return environ

    def _refuse(self, status: str) -> None:
        body = status.encode() + b"\n"
        self.send_response(int(status[:3]), status[4:])
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")  # the rest of what the client sent is unread
        self.end_headers()
        self.wfile.write(body)


class _Answer:
    """start_response and the writing of one answer."""

    def __init__(self, handler: _KeepAliveHandler) -> None:
        self._handler = handler
        self._status: str | None = None
        self._headers: list[tuple[str, str]] = []
        self._chunked = False
        self.headers_sent = False

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], None]:
        if exc_info and self.headers_sent:
            raise exc_info[1].with_traceback(exc_info[2])
        self._status, self._headers = status, headers
        return self.write

    def write(self, data: bytes) -> None:
        if not self.headers_sent:
            self._send_headers()
        if not data or self._handler.command == "HEAD":
            return
        if self._chunked:
            data = b"%x\r\n%s\r\n" % (len(data), data)
        self._handler.wfile.write(data)

    def finish(self) -> None:
        if not self.headers_sent:
            self._send_headers()
        if self._chunked:
            self._handler.wfile.write(b"0\r\n\r\n")

    def _send_headers(self) -> None:
        if self._status is None:
            raise RuntimeError("the app wrote before start_response")
        handler = self._handler
        code, _, reason = self._status.partition(" ")
        handler.send_response(int(code), reason)
        names = set()
        for name, value in self._headers:
            handler.send_header(name, value)
            names.add(name.lower())
        if "content-length" not in names and handler.command != "HEAD":
            self._chunked = True
            handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        self.headers_sent = True
