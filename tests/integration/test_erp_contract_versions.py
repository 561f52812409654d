"""Contract v1.3 (#12) only adds to v1.2: every type, element, message and operation an
integrator built against v1.2 is still there, unchanged, so an ERP or a client written for
v1.2 keeps working; the simulator can still speak v1.2 for the shop's tests."""

from lxml import etree

from erp_bridge.simulator.service import render_wsdl

XSD = "{http://www.w3.org/2001/XMLSchema}"
WSDL = "{http://schemas.xmlsoap.org/wsdl/}"


def named_parts(document: bytes) -> dict[tuple[str, str], bytes]:
    root = etree.fromstring(document)
    parts = {}
    for schema in root.iter(f"{XSD}schema"):
        for child in schema:
            parts[(child.tag, child.get("name") or child.get("namespace") or "")] = child
    for container in (*root.iter(f"{WSDL}portType"), *root.iter(f"{WSDL}binding")):
        for operation in container.iter(f"{WSDL}operation"):
            parts[(container.tag + "/operation", operation.get("name"))] = operation
    for message in root.iter(f"{WSDL}message"):
        parts[(message.tag, message.get("name"))] = message
    return {key: etree.tostring(value, method="c14n") for key, value in parts.items()}


def test_every_part_of_contract_1_2_is_unchanged_in_1_3():
    older = named_parts(render_wsdl(contract="1.2"))
    newer = named_parts(render_wsdl(contract="1.3"))

    assert {key: newer.get(key) for key in older} == older


def test_contract_1_3_adds_get_articles_and_the_1_2_simulator_lacks_it():
    older = named_parts(render_wsdl(contract="1.2"))
    newer = named_parts(render_wsdl(contract="1.3"))

    added = {name for _tag, name in set(newer) - set(older)}
    assert {"GetArticles", "GetArticlesResponse", "Article", "NoArticleDataFault"} <= added
    assert not any(name == "GetArticles" for _tag, name in older)
