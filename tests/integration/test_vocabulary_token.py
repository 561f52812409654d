"""The search vocabulary kept per process under a database token (#10): a product that brings
a new word is widened to and corrected to on the next request, by every process alike, and a
request whose token is unchanged does not read the catalogue's names again."""

import pytest
from sqlalchemy import event, insert, select, update

from shop.catalog import search
from shop.extensions import db
from shop.models import Product
from tests.factories import make_category, make_product

EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}
HTMX = {"HX-Request": "true", "Accept-Language": "en"}


@pytest.fixture
def shelf(app_context):
    category = make_category(slug="vocabulary-token")
    make_product(category, sku="VOC-1", name_en="Hex bolt M8", name_de="Sechskantschraube M8")
    make_product(category, sku="VOC-2", name_en="Hex nut M8", name_de="Sechskantmutter M8")
    return category


@pytest.fixture
def machines(monkeypatch):
    """Two web processes' memories of the vocabulary; `on(machine)` makes one the current."""
    memories = {"a": {}, "b": {}}

    def on(machine: str) -> None:
        monkeypatch.setattr(search, "_vocabularies", memories[machine])

    return on


def add_by_plain_sql(like: str, sku: str, name_en: str, name_de: str) -> None:
    """A product inserted with plain SQL in a transaction of its own, as another process
    or a bulk import would: only the database's triggers know of it."""
    row = db.session.execute(select(Product.__table__).where(Product.sku == like)).mappings().one()
    values = {**row, "sku": sku, "name_en": name_en, "name_de": name_de}
    del values["id"]
    with db.engine.begin() as connection:
        connection.execute(insert(Product.__table__).values(values))


def test_a_new_word_inserted_by_plain_sql_corrects_the_next_search(shelf, client):
    assert "No product matches" in client.get("/search?q=wingnot", headers=EN).get_data(True)

    add_by_plain_sql("VOC-2", "VOC-3", "Wingnut M8", "Flügelmutter M8")
    html = client.get("/search?q=wingnot", headers=EN).get_data(as_text=True)

    assert "Showing results for <em>wingnut</em>" in html and "VOC-3" in html


def test_a_new_compound_widens_the_next_search(shelf, client):
    before = client.get("/search?q=mutter", headers=DE).get_data(as_text=True)

    make_product(shelf, sku="VOC-4", name_en="Wing nut M6", name_de="Flügelmutter M6")
    after = client.get("/search?q=mutter", headers=DE).get_data(as_text=True)

    assert "VOC-2" in before and "VOC-4" not in before
    assert "VOC-2" in after and "VOC-4" in after


def test_a_renamed_product_corrects_the_next_suggestion(shelf, client):
    assert "VOC-1" not in client.get("/search/suggestions?q=carriag", headers=HTMX).get_data(True)
    assert "VOC-1" not in client.get("/search/suggestions?q=carirage", headers=HTMX).get_data(True)

    db.session.execute(update(Product).where(Product.sku == "VOC-1").values(name_en="Carriage"))
    db.session.commit()
    html = client.get("/search/suggestions?q=carirage", headers=HTMX).get_data(as_text=True)

    assert "VOC-1" in html


def test_two_processes_correct_a_new_word_alike(shelf, client, machines):
    for machine in ("a", "b"):
        machines(machine)
        assert "No product matches" in client.get("/search?q=wingnot", headers=EN).get_data(True)

    add_by_plain_sql("VOC-2", "VOC-5", "Wingnut M10", "Flügelmutter M10")
    pages = {}
    for machine in ("b", "a"):
        machines(machine)
        pages[machine] = client.get("/search?q=wingnot", headers=EN).get_data(as_text=True)

    assert all("Showing results for <em>wingnut</em>" in html for html in pages.values())
    assert all("VOC-5" in html for html in pages.values())


def test_a_search_reads_the_catalogues_names_again_only_after_they_changed(shelf, client):
    client.get("/search?q=blot", headers=EN)

    unchanged = names_read_by(client, "/search?q=blot")
    make_product(shelf, sku="VOC-6", name_en="Carriage bolt M8", name_de="Flachrundschraube M8")
    changed = names_read_by(client, "/search?q=blot")
    again = names_read_by(client, "/search/suggestions?q=hex+blot", HTMX)

    assert (unchanged, changed, again) == (0, 1, 0)


def names_read_by(client, path: str, headers=EN) -> int:
    """How many statements of the request read search_names."""
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(path, headers=headers).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return sum("FROM search_names" in statement for statement in statements)
