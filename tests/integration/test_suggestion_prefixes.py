"""SQLite's full-text index keeps the short prefixes suggestions ask for (#11)."""

from sqlalchemy import text

from shop.extensions import db
from tests.factories import make_product


def plain(name_en: str, name_de: str):
    return make_product(
        name_en=name_en,
        name_de=name_de,
        manufacturer="Acme",
        description_en="Sold singly.",
        description_de="Einzeln verkauft.",
    )


def test_short_prefixes_have_their_own_index_and_still_find_every_word(app_context):
    bolt = plain("Hex bolt M8", "Sechskantschraube M8")
    box = plain("Storage box", "Lagerkiste")
    plain("Wall plug", "Dübel")
    from shop.catalog.search import suggest_products

    assert {p.id for p in suggest_products("bo", 6)} == {bolt.id, box.id}
    assert [p.id for p in suggest_products("he bo", 6)] == [bolt.id]
    if db.engine.dialect.name == "sqlite":
        created = db.session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'product_fts'")
        ).scalar_one()
        assert "prefix='2 3'" in created
