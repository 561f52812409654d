"""An ERP that fails while the shop reads its article data imports nothing (#12): every page
is read before anything is written, so a fault, a bare HTTP error, a broken answer or a
timeout on the second page leaves the catalogue as it was, and the operator reads why."""

import pytest
from sqlalchemy import func, select

from erp_bridge import ErpClient, ErpUnavailable
from shop.extensions import db
from shop.models import CatalogImport, Product
from shop.models.clock import utcnow
from shop.services.catalog_import import import_erp_articles
from tests.clients import staff_logged_in, text_of
from tests.conftest import csrf_token_from
from tests.erp_articles import CHANGED, make_erp_catalogue
from tests.factories import make_staff

EN = {"Accept-Language": "en"}


@pytest.fixture
def catalogue(app_context, erp):
    return make_erp_catalogue()


def catalogue_unchanged(description: str) -> bool:
    db.session.expire_all()
    existing = db.session.scalar(select(Product).where(Product.sku == CHANGED))
    return (
        db.session.scalar(select(func.count(Product.id))) == 1
        and existing.description_en == description
        and db.session.scalar(select(func.count(CatalogImport.id))) == 0
    )


def article_calls(erp) -> int:
    return erp.control("status")["soapCallsByOperation"].get("GetArticles", 0)


@pytest.mark.parametrize("mode", ["fault", "http", "malformed", "slow"])
def test_an_erp_failing_on_the_second_page_leaves_the_catalogue_unchanged(catalogue, erp, mode):
    description = catalogue["existing"].description_en
    calls_before = article_calls(erp)
    erp.fail(1, mode=mode, after=1)  # the first page arrives, the second does not
    client = ErpClient(erp.wsdl_url, timeout=2.0)  # "slow" holds the answer for 30 s

    with pytest.raises(ErpUnavailable):
        import_erp_articles(client, utcnow(), page_size=2)

    assert catalogue_unchanged(description)
    assert article_calls(erp) - calls_before == 2


def test_an_erp_that_is_down_is_reported_plainly_on_the_import_page(app, catalogue, erp):
    description = catalogue["existing"].description_en
    staff = staff_logged_in(app, make_staff(rights=("content",)))
    token = csrf_token_from(text_of(staff.get("/back-office/content/import")))
    erp.stop()

    response = staff.post(
        "/back-office/content/import/erp",
        data={"csrf_token": token},
        headers=EN,
        follow_redirects=True,
    )

    page = text_of(response)
    assert response.status_code == 200
    assert "The ERP could not be reached or did not answer in time. Nothing was imported" in page
    assert "Traceback" not in page and "ErpUnavailable" not in page
    assert catalogue_unchanged(description)


def test_the_import_command_reports_an_erp_failure_without_a_traceback(app, catalogue, erp):
    erp.fail(5)

    result = app.test_cli_runner().invoke(args=["catalog", "import-erp"])

    assert result.exit_code == 1
    assert "The ERP could not be reached or did not answer in time." in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count(CatalogImport.id))) == 0
