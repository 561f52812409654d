"""The ERP's articles as catalogue import records (#12): what an article sends sets a field,
what it leaves out is kept; attributes per language; files by what became of their URL."""

from datetime import UTC, datetime
from decimal import Decimal

from erp_bridge import Article, ArticleAttribute
from shop.domain.attribute_values import AttributeValue
from shop.domain.catalog_import import ProductField
from shop.domain.content_firewall import ContentProblem, Finding
from shop.domain.erp_articles import FileOutcome, article_record, article_value, file_name

CHANGED_AT = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
IMAGE = "http://erp.example.com/media/bolt.png"
SHEET = "http://erp.example.com/media/bolt%20sheet.pdf"


def article(**values) -> Article:
    return Article(sku="bolt-1", changed_at=CHANGED_AT, **values)


def test_the_fields_an_article_sends_become_the_records_fields():
    record = article_record(
        article(
            name_en="Bolt",
            name_de="Schraube",
            description_en="Line one.\nLine two.",
            category_code="fasteners-screws",
            product_type_code="fasteners-screws",
            unit=" box ",
            list_price=Decimal("12.50"),
            vat_rate=Decimal("7.00"),
        ),
        3,
        {},
    )

    assert record.line == 3 and record.sku == "BOLT-1"
    assert record.fields == {
        ProductField.NAME_EN: "Bolt",
        ProductField.NAME_DE: "Schraube",
        ProductField.DESCRIPTION_EN: "Line one.\nLine two.",
        ProductField.CATEGORY: "fasteners-screws",
        ProductField.TYPE: "fasteners-screws",
        ProductField.UNIT: "box",
        ProductField.LIST_PRICE: "12.50",
        ProductField.VAT_RATE: "7.00",
    }
    assert record.problems == ()


def test_what_an_article_leaves_out_is_no_field_so_the_product_keeps_it():
    record = article_record(article(description_de="Neu."), 1, {})

    assert record.fields == {ProductField.DESCRIPTION_DE: "Neu."}
    assert record.attributes == {}


def test_a_measurement_stays_one_value_and_different_languages_stay_apart():
    record = article_record(
        article(
            attributes=(
                ArticleAttribute("length", "40 mm", "40 mm"),
                ArticleAttribute("material", "steel", "Stahl"),
                ArticleAttribute("standard", "DIN 933"),
            )
        ),
        1,
        {},
    )

    assert record.attributes == {
        "length": "40 mm",
        "material": AttributeValue("steel", "Stahl"),
        "standard": "DIN 933",
    }


def test_a_measurement_the_german_half_writes_with_a_comma_is_still_a_measurement():
    assert article_value("0.8 mm", "0,8 mm") == "0.8 mm"


def test_a_fetched_file_is_named_by_its_url_and_a_missing_one_is_a_problem():
    fetched = article_record(
        article(image_url=IMAGE, datasheet_url=SHEET),
        1,
        {
            IMAGE: FileOutcome.FETCHED,
            SHEET: FileOutcome.FETCHED,
        },
    )
    missing = article_record(
        article(image_url=IMAGE, datasheet_url=SHEET),
        1,
        {IMAGE: FileOutcome.ELSEWHERE},
    )

    assert fetched.fields == {
        ProductField.IMAGE: "bolt.png",
        ProductField.DATASHEET: "bolt sheet.pdf",
    }
    assert ProductField.IMAGE not in missing.fields
    assert missing.problems == (
        Finding(ContentProblem.FILE_ELSEWHERE, "image", IMAGE),
        Finding(ContentProblem.FILE_NOT_DELIVERED, "datasheet", SHEET),
    )


def test_a_file_is_named_by_the_last_part_of_its_path():
    assert file_name("http://erp.example.com/a/b/c.png?size=big") == "c.png"
    assert file_name("http://erp.example.com/") == ""
    assert file_name("http://[broken/x.png") == ""
