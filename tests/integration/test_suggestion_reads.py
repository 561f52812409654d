"""What suggestions read while someone types (#11): short prefixes from their own index
on SQLite, and a band's size without fetching the ids that size it."""

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


def test_a_band_too_large_to_rank_is_sized_without_fetching_the_ids_that_size_it(
    app_context, monkeypatch
):
    from shop.catalog import search

    monkeypatch.setattr(search, "RANKED_BAND", 2)
    products = [plain(f"Anchor bolt M{n}", f"Ankerbolzen M{n}") for n in range(5)]

    def fetches_every_id(*args, **kwargs):
        raise AssertionError("band_head hands all RANKED_BAND + 1 ids to Python")

    monkeypatch.setattr(search._Engine, "band_head", fetches_every_id)
    monkeypatch.setattr(search._SQLite, "band_head", fetches_every_id)
    monkeypatch.setattr(search._PostgreSQL, "band_head", fetches_every_id)
    found = search.suggest_products("bolt", 3)

    # Too large to rank: the first ids in id order, as the search page reads them.
    assert [p.id for p in found] == sorted(p.id for p in products)[:3]
