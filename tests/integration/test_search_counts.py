"""What the search counts and reads at scale (#10, #11): no more than the page needs."""

from sqlalchemy import event, text

from shop.extensions import db
from tests.factories import make_product


def shown_count(client, path: str, language: str) -> str:
    html = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
    return html.split('<span class="count">')[1].split("</span>")[0]


def recorded(during, keep) -> list[str]:
    """The statements `during()` sends that `keep` accepts."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if keep(statement):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        during()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return statements


def search_statements(during) -> list[str]:
    """The statements a search sends, without the catalogue's words and their token (a
    request reads the token with its SKU check; these calls come without one)."""
    return recorded(during, lambda s: "search_names" not in s and "vocabulary_version" not in s)


def engine_reads(during) -> int:
    """How many statements ask the full-text engine (FTS5 MATCH or a tsquery's @@)."""
    return len(recorded(during, lambda s: "MATCH" in s or "@@" in s))


def test_the_search_counts_its_matches_only_up_to_one_past_the_page(app_context):
    from shop.catalog.search import search_catalogue, search_products

    products = [make_product(name_en=f"Anchor bolt M{n}") for n in range(6)]

    found = search_catalogue("bolt", 1, 2)
    second = search_catalogue("bolt", 2, 2)

    # One past the page says "more" (the search page's "best N" hint) without counting all.
    assert found.page.total == 3 and len(found.page.items) == 2
    assert second.page.total == 5 and second.page.page == 2
    assert set(found.page.items).isdisjoint(second.page.items)
    assert {*found.page.items, *second.page.items} <= {p.id for p in products}
    # Pages a visitor can number through still count exactly.
    assert search_products("bolt", 1, 2).total == 6


def test_suggestions_do_not_read_a_band_that_holds_nothing(app_context):
    from shop.catalog.search import suggest_products

    for n in range(3):
        make_product(name_en=f"Anchor bolt M{n}")

    # "bol" is a whole word of no name and of no description: the first and the last band
    # are empty, so only their sizes are asked; the prefix band's size and its ids are read.
    reads = engine_reads(lambda: suggest_products("bol", 6))

    assert reads == 4


def test_a_band_too_large_to_rank_is_read_with_its_size_on_sqlite(app_context, monkeypatch):
    from shop.catalog import search

    monkeypatch.setattr(search, "RANKED_BAND", 2)
    products = [make_product(name_en=f"Anchor bolt M{n}") for n in range(5)]

    found = []
    reads = engine_reads(lambda: found.extend(search.suggest_products("bolt", 3)))

    # Too large to rank: in id order. FTS5 hands out the ids as it counts them (one
    # statement); PostgreSQL counts, then reads them.
    assert [p.id for p in found] == sorted(p.id for p in products)[:3]
    assert reads == (1 if db.engine.dialect.name == "sqlite" else 2)


def test_a_search_with_more_matches_than_it_lists_says_more_than(client, monkeypatch):
    from shop.catalog import views

    monkeypatch.setattr(views, "SEARCH_FACET_LIMIT", 2)
    for n in range(3):
        make_product(name_en=f"Anchor bolt M{n}", name_de=f"Ankerbolzen M{n}")
    make_product(name_en="Wall plug 6 mm", name_de="Dübel 6 mm")

    assert shown_count(client, "/search?q=bolt", "en") == "More than 2 products"
    assert shown_count(client, "/search?q=bolt", "de") == "Mehr als 2 Artikel"
    assert shown_count(client, "/search?q=plug", "en") == "1 product"


def test_a_first_band_holding_more_than_the_page_spares_the_count(app_context):
    from shop.catalog.search import search_catalogue

    for n in range(6):
        make_product(name_en=f"Anchor bolt M{n}")

    found = []
    reads = engine_reads(lambda: found.append(search_catalogue("bolt", 1, 2)))

    # The first band's size (6 > one past the page) is the capped total: its size and its
    # ranked ids, no count of all matches. PostgreSQL ranks the band's ids by ts_rank
    # without matching them again; FTS5's bm25 needs its MATCH.
    assert found[0].page.total == 3 and len(found[0].page.items) == 2
    assert reads == (2 if db.engine.dialect.name == "sqlite" else 1)


def test_a_large_bands_first_ids_are_in_id_order_whatever_the_storage_order(app_context):
    from shop.catalog import search

    products = [make_product(name_en=f"Anchor bolt M{n}") for n in range(8)]
    first = min(products, key=lambda p: p.id)
    # A renamed product's row moves to the end of PostgreSQL's heap, where a bitmap scan
    # finds it last, though its id is the first.
    first.name_en = "Anchor bolt M10"
    db.session.flush()
    engine = search._engine(["bolt"])

    size, _ = engine.band_head(0, 4)

    assert size == 4
    assert engine.band(0, False, 3, 0) == sorted(p.id for p in products)[:3]


def test_a_large_bands_first_ids_survive_a_product_leaving_it_meanwhile(app_context):
    from shop.catalog import search

    products = [make_product(name_en=f"Anchor bolt M{n}") for n in range(6)]
    ids = sorted(p.id for p in products)
    engine = search._engine(["bolt"])
    engine.band_head(0, 4)
    next(p for p in products if p.id == ids[0]).published = False
    db.session.flush()

    assert engine.band(0, False, 3, 0) == ids[1:4]


def test_the_search_page_reads_a_large_bands_first_ids_up_to_a_bound(app_context, monkeypatch):
    from shop.catalog import search

    monkeypatch.setattr(search, "RANKED_BAND", 2)
    monkeypatch.setattr(search, "SHORT_READ", 1, raising=False)
    products = [make_product(name_en=f"Anchor bolt M{n}") for n in range(6)]
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        found = search.search_catalogue("bolt", 1, 3)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert found.page.items == sorted(p.id for p in products)[:3]
    if db.engine.dialect.name == "postgresql":
        # Walking the primary key in id order rechecked every product's tsvector up to the
        # page's last match (28 ms for "bolt" at 100,000 products); bounded, bitmaps read it.
        read = [s for s in statements if "@@" in s and "ORDER BY products.id" in s]
        assert len(read) == 1 and "products.id <=" in read[0]
        assert db.session.execute(text("SHOW enable_indexscan")).scalar_one() == "on"


def test_a_misspelt_word_is_sized_and_counted_in_one_statement_per_spelling(app_context):
    from shop.catalog.search import search_catalogue

    products = [make_product(name_en=f"Anchor bolt M{n}", description_en="") for n in range(6)]

    found = []
    statements = search_statements(lambda: found.append(search_catalogue("blot", 1, 2)))

    # "blot": its first band's size and the count of all its matches in one statement;
    # "bolt" likewise, then its ranked page. Separately, each statement filtered the live
    # products anew, and PostgreSQL asked which title words each prefix stands for.
    assert found[0].corrected == "bolt"
    assert set(found[0].page.items) <= {p.id for p in products}
    assert len(statements) == 3


def test_a_search_whose_first_band_holds_the_page_asks_no_prefix_words(app_context):
    from shop.catalog.search import search_catalogue

    for n in range(6):
        make_product(name_en=f"Anchor bolt M{n}", description_en="")

    statements = search_statements(lambda: search_catalogue("bolt", 1, 2))

    # Whole words in titles fill the page: the tier of prefixes (PostgreSQL: the title
    # words in search_lexemes a prefix stands for) is never asked.
    assert not [s for s in statements if "search_lexemes" in s]
    assert len(statements) == 2


def test_a_small_first_band_is_ranked_by_its_ids_after_one_statement_sized_it(app_context):
    from shop.catalog.search import search_catalogue, search_products

    named = [make_product(name_en=f"Acetone {n} l", description_en="") for n in range(3)]
    described = [
        make_product(name_en=f"Cleaner {n}", description_en="With acetone.") for n in range(2)
    ]

    found = []
    statements = search_statements(lambda: found.append(search_catalogue("acetone", 1, 10)))

    # The named ones first (ranked), then the described ones; the total in the statement
    # that sized the first band, which also handed over its ids to rank.
    assert found[0].page.total == 5
    assert set(found[0].page.items[:3]) == {p.id for p in named}
    assert set(found[0].page.items[3:]) == {p.id for p in described}
    assert found[0].page.items == [c.id for c in search_products("acetone", 1, 10).items]
    assert len(statements) == (5 if db.engine.dialect.name == "sqlite" else 6)
