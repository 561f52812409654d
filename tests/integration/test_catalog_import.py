"""Catalogue import from CSV (#12, §13): every record through the firewall; accepted,
changed, unchanged and rejected records with reasons; a rejected record changes nothing."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.catalog_import import FileProblem, UnreadableFile
from shop.extensions import db
from shop.models import CatalogImport, Product, ProductAttribute, ProductType
from shop.models.clock import utcnow
from shop.services.catalog_import import import_catalog
from tests.factories import (
    add_media,
    make_attribute,
    make_category,
    make_product,
    make_product_type,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
PDF = b"%PDF-1.4\n%%EOF"
HEADER = "sku,type,category,name_en,name_de,list_price,image,datasheet,length,colour"


@pytest.fixture
def catalogue(app_context):
    product_type = make_product_type(
        attributes=(
            ("length", "number", "mm", ()),
            ("colour", "choice", None, ("blue", "red")),
        ),
        requires_datasheet=True,
    )
    return {"type": product_type.code, "category": make_category().slug}


def csv_of(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def line(catalogue, sku, **cells) -> str:
    values = {
        "type": catalogue["type"],
        "category": catalogue["category"],
        "name_en": f"Bolt {sku}",
        "name_de": f"Schraube {sku}",
        "list_price": "12.50",
        "image": "bolt.png",
        "datasheet": "bolt.pdf",
        "length": "40 mm",
        "colour": "blue",
    }
    values.update(cells)
    return ",".join([sku, *(values[c] for c in HEADER.split(",")[1:])])


FILES = {"bolt.png": PNG, "bolt.pdf": PDF, "notes.txt": b"hello"}


def product(sku: str) -> Product | None:
    db.session.expire_all()
    return db.session.scalar(select(Product).where(Product.sku == sku))


def outcomes(report) -> dict[str, tuple[str, list]]:
    return {r["sku"]: (r["outcome"], r["problems"]) for r in report.records}


def test_complete_records_are_imported_and_published(catalogue):
    data = csv_of(line(catalogue, "IMP-1"), line(catalogue, "IMP-2", length="60 mm"))

    report = import_catalog(data, FILES, "catalogue.csv", utcnow())

    assert (report.accepted, report.changed, report.unchanged, report.rejected) == (2, 0, 0, 0)
    imported = product("IMP-2")
    assert imported.published and imported.list_price == Decimal("12.50")
    assert {m.kind for m in imported.media} == {"image", "datasheet"}
    length = next(a for a in imported.attributes if a.key == "length")
    assert (length.number, length.unit, length.category_id) == (60.0, "mm", imported.category_id)


REASONS = [
    ({"length": ""}, ["attribute_missing", "length", ""]),
    ({"length": "long"}, ["not_a_number", "length", "long"]),
    ({"length": "4 cm"}, ["wrong_unit", "length", "mm"]),
    ({"colour": "pink"}, ["value_not_allowed", "colour", "pink"]),
    ({"image": ""}, ["image_missing", "", ""]),
    ({"datasheet": ""}, ["datasheet_missing", "", ""]),
    ({"list_price": ""}, ["price_missing", "", ""]),
    ({"list_price": "12.5.0"}, ["price_invalid", "list_price", "12.5.0"]),
    ({"name_de": ""}, ["name_missing", "", ""]),
    ({"type": "no-such-type"}, ["type_unknown", "", "no-such-type"]),
    ({"category": "no-such-category"}, ["category_unknown", "", "no-such-category"]),
    ({"image": "missing.png"}, ["file_missing", "image", "missing.png"]),
    ({"image": "notes.txt"}, ["file_not_allowed", "image", "notes.txt"]),
    ({"datasheet": "bolt.png"}, ["file_not_allowed", "datasheet", "bolt.png"]),
]


def test_each_reason_is_reported_and_no_rejected_record_is_imported(catalogue):
    bad = [line(catalogue, f"BAD-{n}", **cells) for n, (cells, _) in enumerate(REASONS)]
    data = csv_of(line(catalogue, "GOOD-1"), *bad)

    report = import_catalog(data, FILES, "catalogue.csv", utcnow())

    found = outcomes(report)
    assert found["GOOD-1"] == ("accepted", [])
    for n, (_, reason) in enumerate(REASONS):
        assert found[f"BAD-{n}"] == ("rejected", [reason]), REASONS[n]
        assert product(f"BAD-{n}") is None
    assert report.rejected == len(REASONS)


def test_invalid_and_repeated_skus_are_rejected(catalogue):
    data = csv_of(line(catalogue, "REP-1"), line(catalogue, "REP-1"), line(catalogue, "bad sku!"))

    report = import_catalog(data, FILES, "catalogue.csv", utcnow())

    assert [(r["outcome"], r["problems"]) for r in report.records] == [
        ("accepted", []),
        ("rejected", [["sku_repeated", "", ""]]),
        ("rejected", [["sku_invalid", "", ""]]),
    ]


def existing_product(catalogue):
    from shop.models import Category, ProductType

    type_id = db.session.scalar(select(ProductType.id).where(ProductType.code == catalogue["type"]))

    category = db.session.scalar(select(Category).where(Category.slug == catalogue["category"]))
    item = make_product(category, product_type_id=type_id, list_price=Decimal("9.90"))
    make_attribute(item, "length", "40 mm", number=40.0, unit="mm")
    make_attribute(item, "colour", "blue")
    add_media(item)
    add_media(item, "datasheet")
    return item


def test_a_rejected_change_of_an_existing_product_changes_nothing(catalogue):
    item = existing_product(catalogue)
    data = csv_of(
        line(catalogue, item.sku, list_price="19.90", length="4 cm", image="", datasheet="")
    )

    report = import_catalog(data, FILES, "catalogue.csv", utcnow())

    assert outcomes(report)[item.sku] == ("rejected", [["wrong_unit", "length", "mm"]])
    unchanged = product(item.sku)
    assert unchanged.list_price == Decimal("9.90") and unchanged.published
    lengths = db.session.scalars(
        select(ProductAttribute.value_en).where(
            ProductAttribute.product_id == item.id, ProductAttribute.key == "length"
        )
    ).all()
    assert lengths == ["40 mm"]


def test_changed_records_name_the_fields_that_changed_and_unchanged_ones_are_counted(catalogue):
    item = existing_product(catalogue)
    other = existing_product(catalogue)
    data = csv_of(
        line(
            catalogue,
            item.sku,
            name_en=item.name_en,
            name_de=item.name_de,
            list_price="19.90",
            length="45 mm",
            image="",
            datasheet="",
        ),
        line(
            catalogue,
            other.sku,
            name_en=other.name_en,
            name_de=other.name_de,
            list_price="9.90",
            image="",
            datasheet="",
        ),
    )

    report = import_catalog(data, FILES, "catalogue.csv", utcnow())

    rows = {r["sku"]: r for r in report.records}
    assert rows[item.sku]["outcome"] == "changed"
    assert rows[item.sku]["changes"] == [["list_price", ""], ["attribute", "length"]]
    assert rows[other.sku]["outcome"] == "unchanged"
    assert (report.changed, report.unchanged) == (1, 1)
    assert product(item.sku).list_price == Decimal("19.90")


def test_an_unreadable_file_imports_nothing(catalogue):
    with pytest.raises(UnreadableFile) as refused:
        import_catalog(b"\xff\xfe\x00garbage", FILES, "catalogue.csv", utcnow())
    with pytest.raises(UnreadableFile) as no_sku:
        import_catalog(b"name_en\nBolt\n", FILES, "catalogue.csv", utcnow())

    assert refused.value.problem is FileProblem.NOT_TEXT
    assert no_sku.value.problem is FileProblem.NO_SKU_COLUMN
    assert db.session.scalar(select(func.count(CatalogImport.id))) == 0


def test_a_semicolon_file_with_decimal_commas_is_read(catalogue):
    header = HEADER.replace(",", ";")
    record = (
        line(catalogue, "SEMI-1", list_price="12,50").replace(",", ";").replace("12;50", "12,50")
    )

    report = import_catalog(csv_of(record, header=header), FILES, "catalogue.csv", utcnow())

    assert outcomes(report)["SEMI-1"] == ("accepted", [])
    assert product("SEMI-1").list_price == Decimal("12.50")


def test_the_import_command_reads_the_files_beside_the_csv_and_reports(app, catalogue, tmp_path):
    (tmp_path / "bolt.png").write_bytes(PNG)
    (tmp_path / "bolt.pdf").write_bytes(PDF)
    (tmp_path / "catalogue.csv").write_bytes(
        csv_of(line(catalogue, "CLI-1"), line(catalogue, "CLI-2", colour="pink"))
    )

    result = app.test_cli_runner().invoke(
        args=["catalog", "import", str(tmp_path / "catalogue.csv")]
    )

    assert result.exit_code == 1
    assert "line 3 CLI-2: rejected:" in result.output and "pink" in result.output
    assert "accepted 1, changed 0, unchanged 0, rejected 1" in result.output
    assert product("CLI-1").published and product("CLI-2") is None


def test_the_import_command_cannot_read_files_outside_the_csv_folder(app, catalogue, tmp_path):
    folder = tmp_path / "import"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    (folder / "bolt.pdf").write_bytes(PDF)
    (folder / "catalogue.csv").write_bytes(csv_of(line(catalogue, "CLI-3", image="../secret.png")))

    result = app.test_cli_runner().invoke(args=["catalog", "import", str(folder / "catalogue.csv")])

    assert result.exit_code == 1 and product("CLI-3") is None
    assert "was not uploaded" in result.output


def test_a_choice_whose_german_value_is_not_among_the_types_german_values_is_rejected(
    catalogue,
):
    product_type = db.session.scalar(
        select(ProductType).where(ProductType.code == catalogue["type"])
    )
    colour = next(a for a in product_type.attributes if a.key == "colour")
    colour.allowed_values_de = ["blau", "rot"]
    db.session.commit()
    data = csv_of(
        line(catalogue, "DE-GOOD", colour="blue / blau"),
        line(catalogue, "DE-BAD", colour="blue / pink"),
    )

    report = import_catalog(data, FILES, "catalogue.csv", utcnow())

    found = outcomes(report)
    assert found["DE-GOOD"] == ("accepted", [])
    assert found["DE-BAD"] == ("rejected", [["german_value_not_allowed", "colour", "pink"]])
    assert product("DE-BAD") is None
