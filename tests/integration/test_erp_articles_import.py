"""Catalogue import from the ERP's article data (#12, §13, contract v1.3), against the real
simulator: the articles run through the same pipeline and firewall as a file's records,
paged to the end, files fetched from the ERP; re-running changes nothing; an ERP without
article data (or on an older contract) is said plainly."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from erp_bridge import NO_ARTICLE_DATA, ErpClient, ErpRejected
from shop.erp import erp_client
from shop.extensions import db
from shop.models import CatalogImport, Product, StaffAuditEntry
from shop.models.clock import utcnow
from shop.services.catalog_import import import_erp_articles
from tests.clients import staff_logged_in, text_of
from tests.conftest import csrf_token_from
from tests.erp_articles import CHANGED, NEW, REJECTED, make_erp_catalogue
from tests.erp_simulator import DEMO_DATA_PATH, ErpSimulator
from tests.factories import make_staff

EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}


@pytest.fixture
def catalogue(app_context, erp):
    return make_erp_catalogue()


def product(sku: str) -> Product | None:
    db.session.expire_all()
    return db.session.scalar(select(Product).where(Product.sku == sku))


def rows(report) -> dict[str, dict]:
    return {row["sku"]: row for row in report.records}


def test_the_erps_articles_are_imported_changed_and_rejected_with_reasons(catalogue):
    report = import_erp_articles(erp_client(), utcnow(), page_size=2)  # four pages

    assert (report.accepted, report.changed, report.unchanged, report.rejected) == (2, 1, 0, 4)
    assert report.source == "erp" and report.filename == ""
    found = rows(report)
    assert {sku for sku in NEW} == {s for s, r in found.items() if r["outcome"] == "accepted"}
    for sku, problem in REJECTED.items():
        assert found[sku]["outcome"] == "rejected"
        assert found[sku]["problems"] == [list(problem)], sku
    assert found[CHANGED]["changes"] == [["description_en", ""], ["description_de", ""]]
    assert [row["line"] for row in report.records] == list(range(1, 8))


def test_an_imported_article_carries_its_texts_attributes_and_files_from_the_erp(catalogue):
    import_erp_articles(erp_client(), utcnow())

    gloves = product("SAF-GLV-000901")
    changed = product(CHANGED)

    assert gloves.published and gloves.list_price == Decimal("54.50")
    assert gloves.name_de == "Schnittschutzhandschuhe, Größe 9 (L), 10 Paar"
    values = {a.key: (a.value_en, a.value_de) for a in gloves.attributes}
    assert values["coating"] == ("polyurethane", "Polyurethan")
    assert values["size"] == ("9 (L)", "9 (L)")
    media = {m.kind: m for m in gloves.media}
    assert media["image"].filename == "SAF-GLV-000901.png"
    assert media["image"].content.startswith(b"\x89PNG\r\n\x1a\n")
    assert media["datasheet"].mime_type == "application/pdf"
    length = next(a for a in product("FAS-SCR-000901").attributes if a.key == "length")
    assert (length.number, length.unit) == (50.0, "mm")
    assert product("FAS-SCR-000901").ean == "4012345000900"  # checked like a file's column
    assert "material certificate" in changed.description_en
    assert changed.name_en.startswith("Hex bolt")  # what the article leaves out is kept
    assert [m.filename for m in changed.media] == ["pic.png"]


def test_a_rejected_article_changes_nothing_and_a_second_import_changes_nothing(catalogue):
    import_erp_articles(erp_client(), utcnow())
    products = db.session.scalar(select(func.count(Product.id)))
    description = product(CHANGED).description_en

    again = import_erp_articles(erp_client(), utcnow())

    assert (again.accepted, again.changed, again.unchanged, again.rejected) == (0, 0, 3, 4)
    assert db.session.scalar(select(func.count(Product.id))) == products == 3
    assert product(CHANGED).description_en == description
    assert all(product(sku) is None for sku in REJECTED)


def test_the_import_command_reads_the_erp_and_reports(app, catalogue):
    result = app.test_cli_runner().invoke(args=["catalog", "import-erp"])

    assert result.exit_code == 1  # some were rejected
    assert "accepted 2, changed 1, unchanged 0, rejected 4" in result.output
    assert "article 6 FAS-SCR-000903: rejected: Image:" in result.output
    assert "not on the ERP's server" in result.output
    # The attribute by its label, as the report page names it, not by its key "length".
    assert "article 5 FAS-SCR-000902: rejected: Length is missing." in result.output


def test_only_articles_changed_since_a_time_are_read_when_asked(app, catalogue):
    # The demo articles changed on 2 November 2026.
    later = app.test_cli_runner().invoke(
        args=["catalog", "import-erp", "--changed-since", "2026-11-03"]
    )
    earlier = app.test_cli_runner().invoke(
        args=["catalog", "import-erp", "--changed-since", "2026-11-01T12:00:00"]
    )

    assert later.exit_code == 0 and "accepted 0, changed 0, unchanged 0, rejected 0" in later.output
    assert "accepted 2, changed 1, unchanged 0, rejected 4" in earlier.output


@pytest.fixture
def content_staff(app, app_context):
    return staff_logged_in(app, make_staff(rights=("content",)))


def test_the_operator_imports_from_the_erp_and_reads_the_report(catalogue, content_staff):
    token = csrf_token_from(text_of(content_staff.get("/back-office/content/import")))

    response = content_staff.post(
        "/back-office/content/import/erp", data={"csrf_token": token}, headers=DE
    )
    page = text_of(content_staff.get(response.headers["Location"], headers=DE))
    overview = text_of(content_staff.get("/back-office/content", headers=EN))

    assert response.status_code == 302
    assert "Katalogimport aus dem ERP" in page
    assert "Bild: „http://169.254.169.254/latest/meta-data/FAS-SCR-000903.png“" in page
    assert "From the ERP" in overview
    actions = db.session.scalars(select(StaffAuditEntry.action)).all()
    assert actions.count("catalog_import_erp") == 1


def test_the_import_from_the_erp_needs_the_csrf_token(catalogue, content_staff):
    response = content_staff.post("/back-office/content/import/erp", data={}, headers=EN)

    assert response.status_code == 400
    assert db.session.scalar(select(func.count(CatalogImport.id))) == 0


# -- an ERP without article data --------------------------------------------------------------


def data_without_articles(tmp_path) -> str:
    data = json.loads(DEMO_DATA_PATH.read_text(encoding="utf-8"))
    del data["articles"]
    path = tmp_path / "no-articles.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def erp_without_articles(tmp_path):
    simulator = ErpSimulator(
        state_path=tmp_path / "state.json", data_path=data_without_articles(tmp_path)
    ).start()
    yield simulator
    simulator.stop()


@pytest.fixture
def older_erp(tmp_path):
    """An ERP on contract v1.2: its WSDL has no GetArticles, and it refuses the call."""
    simulator = ErpSimulator(state_path=tmp_path / "state.json", contract="1.2").start()
    yield simulator
    simulator.stop()


def test_an_erp_without_article_data_says_so_and_nothing_is_imported(
    catalogue, erp_without_articles
):
    with pytest.raises(ErpRejected) as refusal:
        import_erp_articles(ErpClient(erp_without_articles.wsdl_url), utcnow())

    assert refusal.value.code == NO_ARTICLE_DATA
    assert db.session.scalar(select(func.count(CatalogImport.id))) == 0


def test_an_older_erp_whose_contract_lacks_the_operation_offers_no_article_data(
    catalogue, older_erp
):
    with pytest.raises(ErpRejected) as refusal:
        import_erp_articles(ErpClient(older_erp.wsdl_url), utcnow())

    assert refusal.value.code == NO_ARTICLE_DATA


def test_an_older_erp_called_with_the_new_contract_offers_no_article_data(catalogue, older_erp):
    # The shop reads the bundled v1.3 WSDL and sends GetArticles; the older ERP refuses it.
    client = ErpClient("erp_bridge/erp.wsdl", endpoint=f"{older_erp.base_url}/soap")

    with pytest.raises(ErpRejected) as refusal:
        import_erp_articles(client, utcnow())

    assert refusal.value.code == NO_ARTICLE_DATA
    assert older_erp.control("status")["soapCallsByOperation"] == {"GetArticles": 1}


def test_the_operator_reads_plainly_that_an_older_erp_offers_no_article_data(
    app, catalogue, content_staff, older_erp, monkeypatch
):
    monkeypatch.setitem(app.config, "ERP_WSDL_URL", older_erp.wsdl_url)
    token = csrf_token_from(text_of(content_staff.get("/back-office/content/import")))

    response = content_staff.post(
        "/back-office/content/import/erp",
        data={"csrf_token": token},
        headers=DE,
        follow_redirects=True,
    )

    page = text_of(response)
    assert response.status_code == 200
    assert "Das ERP bietet keine Artikeldaten an. Es wurde nichts importiert." in page
    assert "Client." not in page and "GetArticles" not in page
    assert db.session.scalar(select(func.count(CatalogImport.id))) == 0
