"""The shop's ERP client (one per process and timeout) and a pause after failures.

When the ERP fails, pages stop asking it for a while and show the last known data at
once; every use case that must have the ERP (checkout prices, registration) still asks.
"""

import threading
import time

from flask import current_app

from erp_bridge import ErpClient, get_client


def erp_client(page: bool = False) -> ErpClient:
    """The process-wide client; `page=True` gives the one with the short page timeout."""
    config = current_app.config
    return get_client(
        config["ERP_WSDL_URL"],
        username=config["ERP_USERNAME"],
        password=config["ERP_PASSWORD"],
        timeout=config["ERP_PAGE_TIMEOUT"] if page else config["ERP_TIMEOUT"],
        endpoint=config["ERP_ENDPOINT"],
    )


class FailurePause:
    """Remembers the last failure per ERP address, in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paused_until: dict[str, float] = {}

    def is_paused(self) -> bool:
        with self._lock:
            return self._paused_until.get(current_app.config["ERP_WSDL_URL"], 0) > time.monotonic()

    def record_failure(self) -> None:
        until = time.monotonic() + current_app.config["ERP_PAUSE_AFTER_FAILURE"]
        with self._lock:
            self._paused_until[current_app.config["ERP_WSDL_URL"]] = until

    def reset(self) -> None:
        with self._lock:
            self._paused_until.clear()

    def record_success(self) -> None:
        with self._lock:
            self._paused_until.pop(current_app.config["ERP_WSDL_URL"], None)


failure_pause = FailurePause()
