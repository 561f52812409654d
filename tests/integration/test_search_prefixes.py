"""Typed prefixes asked as the title words they stand for (#11: suggestions on PostgreSQL)."""

from sqlalchemy import event, select

from shop.extensions import db
from shop.models import SearchLexeme
from tests.factories import make_product


def prefix_queries(during) -> list[str]:
    """The tsqueries PostgreSQL was asked (to_tsquery's text), in order."""
    asked = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if isinstance(parameters, dict):
            asked.extend(v for k, v in parameters.items() if k.startswith("to_tsquery"))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        during()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return asked


def plain(name_en: str, name_de: str, manufacturer: str = "Acme"):
    return make_product(
        name_en=name_en,
        name_de=name_de,
        manufacturer=manufacturer,
        description_en="Sold singly.",
        description_de="Einzeln verkauft.",
    )


def suggested(query: str) -> list[int]:
    from shop.catalog.search import suggest_products

    return [p.id for p in suggest_products(query, 6)]


def test_a_prefix_is_asked_as_the_title_words_it_stands_for(app_context):
    shelf = plain("Boltless shelf", "Steckregal")
    plain("Wall plug", "Dübel")
    renamed = plain("Wall plug", "Dübel")
    renamed.name_de = "Bolzenanker"
    db.session.flush()

    asked = prefix_queries(lambda: suggested("bol"))

    assert set(suggested("bol")) == {shelf.id, renamed.id}
    assert suggested("dübe") and suggested("bolzen") == [renamed.id]
    if db.engine.dialect.name == "postgresql":
        # Kept by the trigger on insert and rename; numbers (the SKUs' digits) are not.
        words = set(db.session.scalars(select(SearchLexeme.lexeme)))
        assert {"boltless", "bolzenanker", "dübel", "acme"} <= words
        assert not any(w[0].isdigit() or w[0] == "-" for w in words)
        assert any("boltless | bolzenanker" in q for q in asked), asked


def test_a_prefix_of_a_title_word_with_other_characters_is_still_found(app_context):
    # PostgreSQL's parser keeps "boltworks.example" whole (a host name): no word of letters
    # stands for it, so the prefix is asked as such.
    product = plain("Shelf", "Regal", manufacturer="boltworks.example")

    assert suggested("boltw") == [product.id]


def test_a_prefix_standing_for_many_words_is_asked_as_a_prefix(app_context, monkeypatch):
    from shop.catalog import search

    monkeypatch.setattr(search, "MAX_PREFIX_WORDS", 1, raising=False)
    products = [plain(name, name) for name in ("Boltless shelf", "Bolzenanker", "Bolt")]

    assert set(suggested("bol")) == {p.id for p in products}
