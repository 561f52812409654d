"""The SOAP transport: the only module that imports zeep.

It loads the WSDL once (lazily, under a lock), calls operations by name with
plain Python values, returns plain dicts and lists, and turns every failure
into one of the bridge's two exceptions:

- a SOAP fault whose code starts with ``Client`` (a business refusal, e.g.
  ``Client.UnknownCustomer``) -> ErpRejected(code, message);
- anything else (connection refused, timeout, HTTP error without a business
  fault, malformed XML, a WSDL that cannot be loaded, ``Server.*`` faults)
  -> ErpUnavailable.

Every call, WSDL loading included, ends within its timeout in total (erp_bridge.deadline),
and passes through the optional gate (erp_bridge.circuit) that bounds concurrent calls and
stops calling a failing ERP for a while.
"""

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import requests
import zeep
import zeep.exceptions
import zeep.helpers
import zeep.wsdl.utils
from lxml import etree

from erp_bridge import envelopes
from erp_bridge.circuit import CallGate
from erp_bridge.deadline import deadline, deadline_session
from erp_bridge.errors import ErpRejected, ErpUnavailable

log = logging.getLogger(__name__)


def _fault_code(fault: zeep.exceptions.Fault) -> str:
    # Faultcodes are QNames ("soap11env:Client.UnknownCustomer"); the prefix is arbitrary.
    code = fault.code or ""
    if isinstance(code, etree.QName):
        code = code.localname
    return str(code).rpartition(":")[2].strip()


def _read_environment_once(session: requests.Session, address: str) -> None:
    """Fix what requests reads from the environment for every call (proxies, CA bundle, a
    .netrc login) to its values for the service's address now: reading it again on every
    call was about 1.3 ms of client CPU per SubmitOrder + ReleaseOrder pair, 15 % (#10)."""
    settings = session.merge_environment_settings(address, {}, None, None, None)
    if session.auth is None:
        session.auth = requests.utils.get_netrc_auth(address)
    session.proxies = settings["proxies"]
    session.verify = settings["verify"]
    session.trust_env = False


def _boolean(value: etree._Element) -> bool:
    text = envelopes.text_of(value)
    if text not in ("true", "false"):
        raise envelopes.NotPlain("another boolean")
    return text == "true"


# xs:integer as spyne writes it; zeep reads anything else (a sign, spaces) its own way.
_INTEGER = re.compile(r"-?[0-9]+")


def _stock_levels(value: etree._Element) -> list[dict[str, Any]] | None:
    """GetStock's stockLevels as zeep returns them: a list of {"sku", "quantity"}, None for
    none (zeep unwraps an array of one member)."""
    namespace = etree.QName(value).namespace
    levels = envelopes.records_of(value, namespace, "stockLevel", ("sku", "quantity"))
    for level in levels:
        if not _INTEGER.fullmatch(level["quantity"]):
            raise envelopes.NotPlain("another integer")
        level["quantity"] = int(level["quantity"])
    return levels or None


# The hot calls (#10), sent as plain envelopes once the WSDL loaded and zeep renders this
# probe of each to the same bytes: operation -> (probe, the answer's member, its reader).
# The outbox sends orders and releases; every checkout of a stock-limited product asks stock.
_PLAIN_CALLS: dict[str, tuple[dict[str, Any], str, Callable[[etree._Element], Any]]] = {
    "SubmitOrder": (
        {
            "order": {
                "orderNumber": "PROBE-1 <&>",
                "customerNumber": "10001",
                "orderedAt": datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC),
                "currency": "EUR",
                "totalNet": Decimal("20.50"),
                "paymentMethod": "invoice",
                "deliveryMethod": "standard",
                "deliveryAddress": {
                    "kind": "delivery",
                    "name": "Werk 1",
                    "street": "Weg 1",
                    "postalCode": "10115",
                    "city": "Berlin",
                    "country": "DE",
                },
                "customerReference": "",
                "comment": "Tor 2\r\n– danke",
                "ordererEmail": "probe@example.com",
                "lines": {
                    "line": [
                        {
                            "lineNumber": number,
                            "sku": f"SKU-{number}",
                            "quantity": 2,
                            "unit": "piece",
                            "unitPrice": Decimal("10.25"),
                            "vatRate": Decimal("19.00"),
                        }
                        for number in (1, 2)
                    ]
                },
                "requestedDeliveryDate": date(2027, 3, 4),
            }
        },
        "erpOrderNumber",
        envelopes.text_of,
    ),
    "ReleaseOrder": ({"orderNumber": "PROBE-1"}, "released", _boolean),
    "GetStock": ({"skus": {"sku": ["PROBE-1 <&>", "SKU-2"]}}, "stockLevels", _stock_levels),
}


@dataclass(frozen=True)
class _PlainCall:
    """An operation sent without zeep's rendering and read without its parsing (#10)."""

    operation: str
    namespace: str
    headers: dict[str, str]
    member: str
    reader: Callable[[etree._Element], Any]
    # The request as requests prepares it for the session (address, headers, credentials),
    # copied per call with the call's body: preparing it anew was ~10 % of the call (#10).
    template: requests.PreparedRequest


class SoapService:
    """One ERP endpoint described by a WSDL; thread-safe, one per process is enough."""

    def __init__(
        self,
        wsdl_url: str,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 5.0,
        operation_timeout: float | None = None,
        endpoint: str | None = None,
        gate: CallGate | None = None,
    ) -> None:
        self.wsdl_url = wsdl_url
        self.endpoint = endpoint
        self._gate = gate
        self._username = username
        self._password = password
        self._timeout = timeout
        self._operation_timeout = operation_timeout if operation_timeout is not None else timeout
        self._lock = threading.Lock()
        self._service: Any = None
        self._plain: dict[str, _PlainCall] = {}

    def load(self) -> None:
        """Fetch and parse the WSDL now (otherwise the first call does it)."""
        with deadline(self._timeout) as running:
            try:
                self._get_service()
            except ErpUnavailable:
                if running.expired:
                    raise ErpUnavailable(
                        f"no complete WSDL from {self.wsdl_url} "
                        f"within the timeout of {self._timeout} s"
                    ) from None
                raise

    def offers(self, operation: str) -> bool:
        """Does the ERP's WSDL have `operation`? (An ERP on an older contract may not.)"""
        self.load()
        try:
            getattr(self._get_service(), operation)
        except AttributeError:
            return False
        return True

    def get_file(self, url: str, max_bytes: int) -> bytes:
        """GET `url` (the caller has checked it is on the ERP's host) within the timeout, with
        the ERP's credentials, following no redirect. ErpRejected("Client.UnknownFile") when
        the ERP has no such file or it is larger than `max_bytes`; ErpUnavailable otherwise."""
        if self._gate is None:
            return self._get_file(url, max_bytes)
        with self._gate.admit("GetFile"):
            return self._get_file(url, max_bytes)

    def _get_file(self, url: str, max_bytes: int) -> bytes:
        session = deadline_session()
        if self._username:
            session.auth = (self._username, self._password or "")
        with deadline(self._operation_timeout) as running, session:
            try:
                with session.get(
                    url, timeout=self._operation_timeout, allow_redirects=False, stream=True
                ) as response:
                    if response.status_code >= 500:
                        raise ErpUnavailable(f"{url}: HTTP {response.status_code}")
                    if response.status_code != 200:
                        raise ErpRejected(
                            "Client.UnknownFile", f"{url}: HTTP {response.status_code}"
                        )
                    content = b""
                    for chunk in response.iter_content(65536):
                        content += chunk
                        if len(content) > max_bytes:
                            raise ErpRejected(
                                "Client.UnknownFile", f"{url}: larger than {max_bytes} bytes"
                            )
                    return content
            except requests.RequestException as error:
                if running.expired:
                    raise ErpUnavailable(f"{url}: no complete answer within the timeout") from None
                raise ErpUnavailable(f"{url}: {type(error).__name__}: {error}") from None

    def call(self, operation: str, **arguments: Any) -> Any:
        """Call `operation` with keyword arguments; return its result as plain dicts/lists."""
        if self._gate is None:
            return self._call_within_deadline(operation, arguments)
        with self._gate.admit(operation):
            return self._call_within_deadline(operation, arguments)

    def _call_within_deadline(self, operation: str, arguments: dict[str, Any]) -> Any:
        # One deadline for loading the WSDL (if not loaded yet) and the call itself.
        with deadline(self._operation_timeout) as running:
            try:
                return self._call(operation, arguments)
            except ErpUnavailable:
                if running.expired:
                    raise ErpUnavailable(
                        f"{operation}: no complete answer "
                        f"within the timeout of {self._operation_timeout} s"
                    ) from None
                raise

    def _call(self, operation: str, arguments: dict[str, Any]) -> Any:
        service = self._get_service()
        try:
            plain = self._plain.get(operation)
            if plain is None:
                result = getattr(service, operation)(**arguments)
            else:
                result = self._call_plain(service, plain, arguments)
        except zeep.exceptions.Fault as fault:
            code = _fault_code(fault)
            message = str(fault.message or "")
            if code.startswith("Client"):
                raise ErpRejected(code, message) from None
            raise ErpUnavailable(f"{operation}: ERP fault {code or '?'}: {message}") from None
        except zeep.exceptions.ValidationError as error:
            # Our request does not fit the contract: sending it again will not help.
            raise ErpRejected("Client.InvalidData", f"{operation}: {error}") from None
        except requests.Timeout:
            raise ErpUnavailable(f"{operation}: no answer within the timeout") from None
        except requests.RequestException as error:
            raise ErpUnavailable(f"{operation}: {type(error).__name__}: {error}") from None
        except (zeep.exceptions.Error, etree.LxmlError) as error:
            raise ErpUnavailable(f"{operation}: {type(error).__name__}: {error}") from None
        return zeep.helpers.serialize_object(result, target_cls=dict)

    def _call_plain(self, service: Any, plain: _PlainCall, arguments: dict[str, Any]) -> Any:
        """Send a hot call as a plain envelope; what is not plain goes through zeep."""
        try:
            body = envelopes.render_request(plain.namespace, plain.operation, arguments)
        except envelopes.NotPlain:
            return getattr(service, plain.operation)(**arguments)
        client = service._client
        session = client.transport.session
        if session.cookies:
            # The ERP set a cookie: let requests send it as it would.
            response = client.transport.post(
                service._binding_options["address"], body, plain.headers
            )
        else:
            request = plain.template.copy()
            request.prepare_body(body, None)
            response = session.send(request, timeout=client.transport.operation_timeout)
        try:
            if response.status_code != 200:
                raise envelopes.NotPlain(f"HTTP {response.status_code}")
            return plain.reader(
                envelopes.answer_value(
                    response.content, plain.namespace, plain.operation, plain.member
                )
            )
        except envelopes.NotPlain:
            # A fault, an error page, an odd answer: zeep reads it as it always did.
            binding = service._binding
            return binding.process_reply(client, binding.get(plain.operation), response)

    def _get_service(self) -> Any:
        # Loading the WSDL is the expensive part (an HTTP fetch and a schema
        # parse): do it once per process, never in the constructor, so the shop
        # starts while the ERP is down. A failed load is retried on the next call.
        if self._service is not None:
            return self._service
        with self._lock:
            if self._service is None:
                self._service = self._load_service()
            return self._service

    def _load_service(self) -> Any:
        session = deadline_session()
        if self._username:
            session.auth = (self._username, self._password or "")
        transport = zeep.Transport(
            session=session, timeout=self._timeout, operation_timeout=self._operation_timeout
        )
        settings = zeep.Settings(strict=True, forbid_dtd=True, forbid_entities=True)
        try:
            client = zeep.Client(self.wsdl_url, transport=transport, settings=settings)
            if self.endpoint:
                binding = next(iter(client.wsdl.bindings))
                service = client.create_service(binding, self.endpoint)
            else:
                service = client.service
            _read_environment_once(session, service._binding_options["address"])
            self._plain = _plain_calls(client, service)
            return service
        except (
            requests.RequestException,
            zeep.exceptions.Error,
            etree.LxmlError,
            OSError,
        ) as error:
            session.close()
            raise ErpUnavailable(
                f"cannot load the ERP WSDL from {self.wsdl_url}: {type(error).__name__}: {error}"
            ) from None
        except (ValueError, StopIteration) as error:
            session.close()
            raise ErpUnavailable(f"the ERP WSDL at {self.wsdl_url} is unusable: {error}") from None


def _plain_calls(client: zeep.Client, service: Any) -> dict[str, _PlainCall]:
    """The hot calls whose probe zeep renders exactly as envelopes.render_request does, with
    zeep's HTTP headers; the others stay with zeep (e.g. an ERP on an older contract). Called
    once the session's settings are fixed (_read_environment_once)."""
    plain = {}
    for operation, (probe, member, reader) in _PLAIN_CALLS.items():
        try:
            envelope, headers = service._binding._create(
                operation, (), probe, client=client, options=service._binding_options
            )
            namespace = etree.QName(envelope.find(f"{{{envelopes.SOAP_ENV}}}Body")[0]).namespace
            same = envelopes.render_request(
                namespace, operation, probe
            ) == zeep.wsdl.utils.etree_to_string(envelope)
        except (zeep.exceptions.Error, TypeError, ValueError, AttributeError, IndexError) as error:
            log.info("%s goes through zeep: %s", operation, error)
            continue
        if not same:
            log.info("%s goes through zeep: its envelope differs from the plain one", operation)
            continue
        template = service._client.transport.session.prepare_request(
            requests.Request("POST", service._binding_options["address"], headers=headers, data=b"")
        )
        plain[operation] = _PlainCall(operation, namespace, dict(headers), member, reader, template)
    return plain
