"""A product's standard ("EN 388", "ISO 2936") is searched and ranked like its name (#11).

Its `standard` attributes reach the search indexes through `products.standards`, kept by
triggers on product_attributes (migration 0046): whoever writes the attributes, the ORM,
the import or plain SQL, the search follows.
"""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from shop import create_app
from shop.catalog.search import search_products, suggest_products
from shop.extensions import db
from shop.models.clock import utcnow
from shop.services.catalog_import import import_catalog
from tests.factories import make_attribute, make_category, make_product, make_product_type


def found(query: str) -> list[int]:
    return [p.id for p in search_products(query, 1, 20).items]


def indexed(word: str) -> list[int]:
    """The products SQLite's full-text table holds the word for: asked directly, so the
    migrations are checked alone (the search reads tables later migrations add)."""
    statement = text("SELECT rowid FROM product_fts WHERE product_fts MATCH :word")
    return list(db.session.scalars(statement, {"word": f'"{word}"'}))


def glove(**overrides):
    values = {
        "name_en": "Assembly glove",
        "name_de": "Montagehandschuh",
        "description_en": "Nitrile coated.",
        "description_de": "Nitrilbeschichtet.",
    }
    return make_product(**(values | overrides))


def test_a_standard_missing_from_the_name_finds_the_product(app_context):
    certified = glove()
    make_attribute(certified, "standard", "EN 388 4121X")
    described = glove(description_en="Tested to EN 388.")
    glove()
    db.session.commit()

    assert found("EN 388") == [certified.id, described.id]
    assert found("388 4121x") == [certified.id]


def test_a_standard_changed_or_removed_by_plain_sql_changes_the_search(app_context):
    key = glove()
    attribute = make_attribute(key, "standard", "ISO 2936")
    db.session.commit()

    db.session.execute(
        text(
            "UPDATE product_attributes SET value_en = 'ISO 2725', value_de = 'ISO 2725' "
            "WHERE id = :id"
        ),
        {"id": attribute.id},
    )

    assert found("ISO 2936") == [] and found("iso 2725") == [key.id]

    db.session.execute(text("DELETE FROM product_attributes WHERE id = :id"), {"id": attribute.id})

    assert found("iso 2725") == []


def test_a_product_with_two_standards_is_found_by_each_and_its_german_text(app_context):
    glasses = glove(name_en="Safety glasses", name_de="Schutzbrille")
    make_attribute(glasses, "standard", "EN 166")
    make_attribute(glasses, "standard", "EN 170 filter", "EN 170 Filter UV")
    other_attribute = make_attribute(glove(), "material", "EN 166 steel")
    db.session.commit()

    assert found("EN 166") == [glasses.id]
    assert found("en 170") == [glasses.id] and found("170 uv") == [glasses.id]
    assert other_attribute.product_id not in found("EN 166")


def test_suggestions_offer_a_product_by_its_standard(app_context):
    certified = glove()
    make_attribute(certified, "standard", "EN 388 4121X")
    glove()
    db.session.commit()

    assert [p.id for p in suggest_products("en 38", 6)] == [certified.id]


def test_an_imported_standard_is_searchable_and_follows_the_next_import(app_context):
    product_type = make_product_type(attributes=(("standard", "text", None, ()),))
    category = make_category()
    header = "sku,type,category,name_en,name_de,list_price,image,standard"
    image = {"glove.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 16}

    def import_standard(standard: str) -> None:
        cells = f"{product_type.code},{category.slug},Glove,Handschuh,4.20,glove.png"
        row = f"IMP-STD-1,{cells},{standard}"
        report = import_catalog(f"{header}\n{row}\n".encode(), image, "catalogue.csv", utcnow())
        assert report.rejected == 0, report.records
        # §13: without the ERP's stock the import leaves the category unlisted; list it.
        category.live = True
        db.session.commit()

    import_standard("EN 388 4X42C")
    imported = found("EN 388")
    import_standard("EN 407")

    assert len(imported) == 1
    assert found("EN 388") == [] and found("EN 407") == imported


def test_upgrading_fills_the_standards_of_existing_products_and_can_go_back(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'standards.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0045")
        category = make_category()
        product = make_product(category, name_en="Glove", name_de="Handschuh")
        make_attribute(product, "standard", "EN 388 4121X")
        product_id = product.id
        before = indexed("388")

        upgrade(revision="0046")
        after = indexed("388")
        downgrade(revision="0045")
        gone = indexed("388")
        db.session.remove()
        db.engine.dispose()

    assert (before, after, gone) == ([], [product_id], [])


def test_a_standard_the_name_gave_up_is_still_found_after_a_rename(app_context):
    bolt = make_product(name_en="Hex bolt DIN 933, M8", name_de="Sechskantschraube DIN 933, M8")
    make_attribute(bolt, "standard", "DIN 933 / ISO 4017")
    db.session.commit()
    kept = db.session.scalar(text("SELECT standards FROM products WHERE id = :id"), {"id": bolt.id})

    bolt.name_en, bolt.name_de = "Hex bolt M8", "Sechskantschraube M8"
    db.session.commit()

    renamed = db.session.scalar(
        text("SELECT standards FROM products WHERE id = :id"), {"id": bolt.id}
    )
    assert set(kept.split()) == {"iso", "4017"}
    assert set(renamed.split()) == {"din", "933", "iso", "4017"}
    assert found("DIN 933 M8") == [bolt.id] and found("iso 4017") == [bolt.id]
    if db.engine.dialect.name == "sqlite":
        # The full-text rows agree with products (a stale row makes this raise).
        db.session.execute(
            text("INSERT INTO product_fts(product_fts, rank) VALUES ('integrity-check', 1)")
        )
