"""A total deadline for the ERP's HTTP calls: connect, send and the complete answer.

Timeouts in requests/urllib3 apply to each socket operation, so an ERP that answers one
byte every half second never times out. Here a call runs inside `deadline(seconds)`:
connect and read timeouts are capped by the time left, and a watchdog thread shuts the
socket down when the deadline passes, which ends a blocked read of the answer at once.
"""

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
import requests.adapters
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()
# Which deadline reads from a socket right now: a pooled connection moves between threads.
_owners: dict[int, "Deadline"] = {}
_owners_lock = threading.Lock()


class Deadline:
    """The moment one call must be over, and the sockets it reads answers from."""

    def __init__(self, expires_at: float) -> None:
        self.expires_at = expires_at
        self.expired = False
        self.finished = False
        self._sockets: list[socket.socket] = []

    def remaining(self) -> float:
        return self.expires_at - time.monotonic()

    def attach(self, sock: socket.socket) -> None:
        with _owners_lock:
            _owners[id(sock)] = self
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut_down(sock)

    def expire(self) -> None:
        with _owners_lock:
            if self.finished:
                return
            self.expired = True
            mine = [s for s in self._sockets if _owners.get(id(s)) is self]
        for sock in mine:
            _shut_down(sock)

    def release(self) -> None:
        with _owners_lock:
            self.finished = True
            for sock in self._sockets:
                if _owners.get(id(sock)) is self:
                    del _owners[id(sock)]
            self._sockets.clear()


def _shut_down(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread per process that expires deadlines on time."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._sequence = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, deadline: Deadline) -> None:
        with self._changed:
            heapq.heappush(self._heap, (deadline.expires_at, next(self._sequence), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="erp-deadline-watchdog", daemon=True
                )
                self._thread.start()
            self._changed.notify()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._heap:
                    self._changed.wait()
                expires_at, _, deadline = self._heap[0]
                wait = expires_at - time.monotonic()
                if wait > 0:
                    self._changed.wait(wait)
                    continue
                heapq.heappop(self._heap)
            deadline.expire()


_watchdog = _Watchdog()


def current_deadline() -> Deadline | None:
    """The deadline of the call running in this thread, if any."""
    return getattr(_current, "deadline", None)


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Run the block's HTTP requests (through a DeadlineSession) within `seconds` in total.

    Nested blocks keep the earlier of the two deadlines.
    """
    outer = current_deadline()
    expires_at = time.monotonic() + seconds
    if outer is not None:
        expires_at = min(expires_at, outer.expires_at)
    inner = Deadline(expires_at)
    _watchdog.watch(inner)
    _current.deadline = inner
    try:
        yield inner
    finally:
        _current.deadline = outer
        inner.release()


# Connecting and sending are bounded by timeouts capped to the time left; reading the
# answer (status line, headers, body) is bounded by the watchdog.
class _DeadlineHTTPConnection(HTTPConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _watch_socket(self.sock)
        return super().getresponse(*args, **kwargs)


class _DeadlineHTTPSConnection(HTTPSConnection):
    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _watch_socket(self.sock)
        return super().getresponse(*args, **kwargs)


def _watch_socket(sock: socket.socket | None) -> None:
    running = current_deadline()
    if running is not None and sock is not None:
        running.attach(sock)


class _DeadlineHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _DeadlineHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


class _DeadlineAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _DeadlineHTTPConnectionPool,
            "https": _DeadlineHTTPSConnectionPool,
        }

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        running = current_deadline()
        if running is not None:
            left = running.remaining()
            if left <= 0 or running.expired:
                raise requests.Timeout("the call's deadline has passed")
            timeout = kwargs.get("timeout")
            kwargs["timeout"] = (_capped(timeout, 0, left), _capped(timeout, 1, left))
        response = super().send(request, **kwargs)
        if not kwargs.get("stream"):
            # Read the body here, so that an answer cut off by the watchdog still closes
            # its socket (requests would drop the half-read response unclosed).
            try:
                response.content  # noqa: B018
            except BaseException:
                response.close()
                raise
        return response


def _capped(timeout: Any, index: int, left: float) -> float:
    if isinstance(timeout, tuple):
        timeout = timeout[index]
    return left if timeout is None else min(float(timeout), left)


def deadline_session() -> requests.Session:
    """A requests session whose HTTP(S) requests honour the running `deadline`."""
    session = requests.Session()
    session.mount("http://", _DeadlineAdapter())
    session.mount("https://", _DeadlineAdapter())
    return session
