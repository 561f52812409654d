"""The bundled ERP simulator as a subprocess the tests start, misconfigure, stop and restart."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.services import STARTUP, free_port
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


class ErpSimulator:
    """`python -m erp_bridge.simulator` on a free port; start() again reuses port and state."""

    def __init__(
        self,
        state_path: Path,
        data_path: Path | None = None,
        auth: tuple[str, str] | None = None,
        environment: dict[str, str] | None = None,
        allow_bad_text: bool = False,
        contract: str | None = None,
    ) -> None:
        self.state_path = state_path
        self.contract = contract  # "1.2": an ERP on the contract before GetArticles
        self.allow_bad_text = allow_bad_text
        self.environment = environment
        self.data_path = data_path
        self.auth = auth
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def wsdl_url(self) -> str:
        return f"{self.base_url}/soap?wsdl"

    def start(self, timeout: float = STARTUP) -> "ErpSimulator":
        """Start the process and return once it answers HTTP."""
        if self.process is not None and self.process.poll() is None:
            return self
        command = [
            sys.executable,
            "-m",
            "erp_bridge.simulator",
            "--port",
            str(self.port),
            "--state",
            str(self.state_path),
        ]
        if self.data_path is not None:
            command += ["--data", str(self.data_path)]
        if self.auth is not None:
            command += ["--auth", ":".join(self.auth)]
        if self.allow_bad_text:
            command.append("--allow-bad-text")
        if self.contract is not None:
            command += ["--contract", self.contract]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(self.environment or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_until(lambda: self._answers() or self.process.poll() is not None, timeout=timeout)
        if self.process.poll() is not None:
            stderr = self.process.stderr.read().decode() if self.process.stderr else ""
            raise RuntimeError(f"the ERP simulator did not start: {stderr}")
        return self

    def stop(self) -> None:
        """Stop the process (the ERP is "down"); the state file stays."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/", timeout=0.5) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    # -- control API ----------------------------------------------------------------

    def control(self, action: str, payload: dict[str, Any] | None = None) -> Any:
        """POST (with a payload) or GET /control/<action>; returns the decoded JSON answer."""
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            f"{self.base_url}/control/{action}",
            data=data,
            method="GET" if payload is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def delay(self, seconds: float) -> None:
        self.control("delay", {"seconds": seconds})

    def drip(self, seconds: float) -> None:
        """Send every following SOAP answer one byte per `seconds` (0 ends it)."""
        self.control("drip", {"seconds": seconds})

    def fail(self, count: int, mode: str = "fault", after: int = 0) -> None:
        """Fail the next `count` SOAP calls after `after` that still succeed."""
        self.control("fail", {"count": count, "mode": mode, "after": after})

    def reset(self) -> None:
        """Forget orders, contacts, updates and stock changes; end delays and planned failures."""
        self.control("reset", {})
        # a call still held by an earlier delay is released by the reset: let it finish
        wait_until(lambda: self.control("status")["soapCallsInProgress"] == 0, timeout=5)

    def add_order_event(self, order_number: str, kind: str, **fields: Any) -> dict[str, Any]:
        """Append an order update; fields: trackingNumber, trackingUrl, invoiceNumber, message."""
        return self.control("order-event", {"orderNumber": order_number, "kind": kind, **fields})[
            "update"
        ]

    def set_stock(self, levels: dict[str, int]) -> None:
        self.control("stock", {"levels": levels})

    def change_requests(self) -> list[dict[str, Any]]:
        """RequestCustomerChange calls as the ERP recorded them (#15), oldest first."""
        return self.control("change-requests")["requests"]

    def orders(self) -> dict[str, dict[str, Any]]:
        """Received SubmitOrder calls by order number, each with its "received" counter."""
        return {order["orderNumber"]: order for order in self.control("orders")["orders"]}


@pytest.fixture(scope="session")
def erp_simulator(tmp_path_factory):
    """One simulator for the session, reset (state and misbehaviour) before each use."""
    simulator = ErpSimulator(state_path=tmp_path_factory.mktemp("erp") / "state.json").start()
    yield simulator
    simulator.stop()


@pytest.fixture
def erp(erp_simulator):
    """The session's simulator, running and reset: no orders, no delay, no planned failures."""
    erp_simulator.start()
    erp_simulator.reset()
    yield erp_simulator
    erp_simulator.start()
    erp_simulator.reset()


# -- an ERP holding data as real ones do: odd spellings, broken contacts ------------------------

DEMO_DATA_PATH = ROOT / "erp_bridge" / "simulator" / "demo_data.json"
ODD_CUSTOMER_NUMBER = "kw7205"
ODD_INVOICE_NUMBER = "RE-2026-KW7205-01"
BAD_CUSTOMER_NUMBER = "ZU7300"  # its name holds CR/LF
BAD_CUSTOMER_INVOICE = "RE-2026-ZU7300-01"
GOOD_CONTACT = {"contactId": "KW-1", "name": "Karla Weiß", "email": "karla@kw.example.com"}
BAD_EMAIL_CONTACT = {
    "contactId": "KW-2",
    "name": "Mallory Header",
    "email": "mallory@kw.example.com\r\nBcc: everyone@elsewhere.example.com",
}
BAD_NAME_CONTACT = {"contactId": "KW-3", "name": "Nora\r\nNewline", "email": "nora@kw.example.com"}


def odd_erp_data() -> dict[str, Any]:
    """The demo data plus customer "kw7205" (lower-case number, two contacts a mail header
    would refuse, one good contact) and customer "ZU7300" (CR/LF in its name)."""
    data = json.loads(DEMO_DATA_PATH.read_text(encoding="utf-8"))
    data["customers"].append(
        {
            "customerNumber": ODD_CUSTOMER_NUMBER,
            "name": "Klein Werkzeuge KG",
            "customerCenter": True,
            "paymentMethods": ["invoice"],
            "addresses": [
                {
                    "kind": "billing",
                    "name": "Klein Werkzeuge KG",
                    "street": "Kleinweg 1",
                    "postalCode": "50667",
                    "city": "Köln",
                    "country": "DE",
                }
            ],
            "contacts": [GOOD_CONTACT, BAD_EMAIL_CONTACT, BAD_NAME_CONTACT],
            "invoices": [ODD_INVOICE_NUMBER],
        }
    )
    data["customers"].append(
        {
            "customerNumber": BAD_CUSTOMER_NUMBER,
            "name": "Zeilen\r\nUmbruch GmbH",
            "customerCenter": True,
            "paymentMethods": ["invoice"],
            "addresses": [
                {
                    "kind": "billing",
                    "name": "Zeilenumbruch GmbH",
                    "street": "Hauptstraße 2",
                    "postalCode": "50667",
                    "city": "Köln",
                    "country": "DE",
                }
            ],
            "invoices": [BAD_CUSTOMER_INVOICE],
        }
    )
    return data


@pytest.fixture(scope="session")
def odd_erp_simulator(tmp_path_factory):
    """A second simulator serving odd_erp_data() (with --allow-bad-text)."""
    folder = tmp_path_factory.mktemp("odd-erp")
    data_path = folder / "data.json"
    data_path.write_text(json.dumps(odd_erp_data(), ensure_ascii=False), encoding="utf-8")
    simulator = ErpSimulator(
        state_path=folder / "state.json", data_path=data_path, allow_bad_text=True
    ).start()
    yield simulator
    simulator.stop()


@pytest.fixture
def odd_erp(app, odd_erp_simulator, monkeypatch):
    """The app talks to the odd ERP for this test."""
    odd_erp_simulator.start()
    odd_erp_simulator.reset()
    monkeypatch.setitem(app.config, "ERP_WSDL_URL", odd_erp_simulator.wsdl_url)
    yield odd_erp_simulator
