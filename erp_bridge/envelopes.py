"""Plain SOAP envelopes for the hot calls (the outbox's SubmitOrder and ReleaseOrder, the
checkout's GetStock), without zeep's per-call schema walk (#10): zeep's rendering and reading
cost about a third of its client CPU per call.

An operation goes this way only after `erp_bridge.soap` checked, when the WSDL loaded, that
zeep renders a probe of it to the very same bytes; a request holding anything the renderer
does not know (None, a float, text XML cannot carry) and an answer that is not the plain
expected one are left to zeep, so faults, odd answers and refusals behave exactly as before.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_HEAD = (
    b"<?xml version='1.0' encoding='utf-8'?>\n"
    b'<soap-env:Envelope xmlns:soap-env="' + SOAP_ENV.encode() + b'"><soap-env:Body>'
)
_TAIL = b"</soap-env:Body></soap-env:Envelope>"
# Characters XML 1.0 cannot hold (lxml refuses them; zeep then raises as before).
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# No DTD, no entities, no network: the same limits zeep keeps (forbid_dtd, forbid_entities).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_BODY = f"{{{SOAP_ENV}}}Body"


class NotPlain(Exception):
    """A request or an answer this module leaves to zeep."""


def render_request(namespace: str, operation: str, arguments: Mapping[str, Any]) -> bytes:
    """The request envelope as zeep sends it: the arguments' elements in the order given,
    which must be the schema's (the load-time check proves it for the probe)."""
    parts: list[str] = [f'<ns0:{operation} xmlns:ns0="{namespace}">']
    _render(arguments, parts)
    parts.append(f"</ns0:{operation}>")
    return _HEAD + "".join(parts).encode() + _TAIL


def _render(values: Mapping[str, Any], parts: list[str]) -> None:
    for name, value in values.items():
        if isinstance(value, list):
            for item in value:
                _render({name: item}, parts)
            continue
        if isinstance(value, Mapping):
            inner: list[str] = []
            _render(value, inner)
            if not inner:
                # An element with nothing in it: lxml writes it self-closed.
                parts.append(f"<ns0:{name}/>")
                continue
        else:
            inner = [_text(value)]
        parts.append(f"<ns0:{name}>")
        parts.extend(inner)
        parts.append(f"</ns0:{name}>")


def _text(value: Any) -> str:
    if isinstance(value, str):
        if _UNFIT.search(value):
            raise NotPlain("text XML 1.0 cannot carry")
        return value.translate(_ESCAPES)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        # zeep's xsd:decimal: never an exponent.
        return f"{value:f}"
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset():
            raise NotPlain("a datetime not in UTC")
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise NotPlain(f"a value of type {type(value).__name__}")


def answer_value(content: bytes, namespace: str, operation: str, member: str) -> etree._Element:
    """The one `member` element of the answer's `<operation>Response`, without attributes;
    NotPlain for anything else (a fault, a DTD, another shape)."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        raise NotPlain("not well-formed") from None
    if root.getroottree().docinfo.doctype or root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise NotPlain("not a plain envelope")
    bodies = root.findall(_BODY)
    if len(bodies) != 1 or len(bodies[0]) != 1:
        raise NotPlain("not one answer")
    answer = bodies[0][0]
    if answer.tag != f"{{{namespace}}}{operation}Response" or len(answer) != 1:
        raise NotPlain("another answer")
    value = answer[0]
    if value.tag != f"{{{namespace}}}{member}":
        raise NotPlain("another value")
    if value.attrib:
        # xsi:nil, xsi:type and the like: zeep knows what they mean.
        raise NotPlain("attributes on the value")
    return value


def text_of(value: etree._Element) -> str:
    """The text of an element holding text only; NotPlain when empty or when it holds more."""
    if len(value) or not value.text or value.attrib:
        raise NotPlain("another value")
    return value.text


def read_answer(content: bytes, namespace: str, operation: str, member: str) -> str:
    """The text of the one `member` of the answer's `<operation>Response`; NotPlain for
    anything else (a fault, a DTD, an empty value, another shape)."""
    return text_of(answer_value(content, namespace, operation, member))


def records_of(
    array: etree._Element, namespace: str, item: str, fields: tuple[str, ...]
) -> list[dict[str, str]]:
    """The texts of an array's items, each holding exactly `fields` in this order (an array
    element as spyne writes it: `<stockLevels><stockLevel><sku>…</sku>…`); NotPlain for
    anything else (an absent or nil member, text between the elements, a comment)."""
    if array.text and array.text.strip():
        raise NotPlain("text in an array")
    records = []
    item_tag = f"{{{namespace}}}{item}"
    field_tags = [f"{{{namespace}}}{field}" for field in fields]
    for element in array:
        if element.tag != item_tag or element.attrib or len(element) != len(fields):
            raise NotPlain("another item")
        if (element.text and element.text.strip()) or (element.tail and element.tail.strip()):
            raise NotPlain("text in an item")
        record = {}
        for field, tag, value in zip(fields, field_tags, element, strict=True):
            if value.tag != tag or (value.tail and value.tail.strip()):
                raise NotPlain("another member")
            record[field] = text_of(value)
        records.append(record)
    return records
