"""The facet bitmaps decoded once per process (#10, #11): a category page and a search read no
kept bitmap row and send no grouped facts statement while nothing changed, yet a rebuild by
the service, a plain write to the kept rows and a relabelled attribute show on the next
request, in every process."""

from contextlib import contextmanager

import pytest
from sqlalchemy import delete, event, update

from shop import create_app
from shop.catalog import facet_bitmaps
from shop.catalog.facet_bitmaps import category_facets
from shop.catalog.queries import category_scope, category_tree
from shop.domain.facets import Selection
from shop.extensions import db
from shop.models import CachedStock, FacetBitmap, ProductAttribute
from shop.models.clock import utcnow
from shop.services.live_categories import refresh_live_categories
from shop.services.unit_of_work import unit_of_work
from tests.concurrency import run_at_once
from tests.factories import make_attribute, make_category, make_product


@pytest.fixture
def shelf(app_context):
    category = make_category(slug="kept-facets")
    for number, material in enumerate(
        [("steel", "Stahl"), ("brass", "Messing"), ("steel", "Stahl")]
    ):
        product = make_product(
            category, sku=f"KEPT-{number}", name_en=f"Kept bolt {number}", manufacturer="Acme"
        )
        make_attribute(product, "material", *material)
        stocked(product, number)
    db.session.commit()
    return category


def stocked(product, quantity: int) -> None:
    """Known stock: the cards ask no ERP (whose answer would change "in stock" meanwhile)."""
    db.session.add(CachedStock(sku=product.sku, quantity=quantity, fetched_at=utcnow()))


def materials(slug: str, language: str = "en") -> dict[str, tuple[str, str, int]]:
    """The category page's material values: value -> (label, facet label, count)."""
    scope = category_scope(category_tree().by_slug_or_404(slug))
    panel = category_facets(scope, Selection(), language).panel
    return {
        value.value: (value.label, facet.label, value.count)
        for facet in panel.facets
        if facet.key == "material"
        for value in facet.values
    }


@contextmanager
def statements_sent():
    sent: list[str] = []

    def note(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_a_category_pages_second_request_reads_no_kept_bitmap_rows(shelf, client):
    client.get(f"/catalog/{shelf.slug}")

    with statements_sent() as sent:
        html = client.get(f"/catalog/{shelf.slug}?f.material=brass").get_data(as_text=True)

    assert "KEPT-1" in html and "KEPT-0" not in html
    assert not [s for s in sent if "facet_bitmaps" in s]


def test_a_category_pages_repeat_counts_no_facet_anew_until_stock_changes(
    shelf, client, monkeypatch
):
    client.get(f"/catalog/{shelf.slug}")
    counted: list[object] = []
    count = facet_bitmaps.count

    def counting(*args, **kwargs):
        counted.append(args)
        return count(*args, **kwargs)

    monkeypatch.setattr(facet_bitmaps, "count", counting)

    again = client.get(f"/catalog/{shelf.slug}").get_data(as_text=True)
    db.session.execute(update(CachedStock).where(CachedStock.sku == "KEPT-0").values(quantity=4))
    db.session.commit()
    after = client.get(f"/catalog/{shelf.slug}").get_data(as_text=True)

    assert 'In stock only <span class="facet-count">(2)' in again
    assert len(counted) == 1  # only after the stock changed
    assert 'In stock only <span class="facet-count">(3)' in after


def test_each_category_page_counts_its_own_categories_only(shelf, client):
    parent = make_category(slug="kept-parent")  # no products of its own
    child = make_category(slug="kept-child", parent=parent)
    make_attribute(make_product(child, sku="KEPT-CHILD", manufacturer="Zeta"), "material", "zinc")
    client.get(f"/catalog/{shelf.slug}")
    client.get(f"/catalog/{parent.slug}")

    with statements_sent() as sent:
        of_parent = client.get(f"/catalog/{parent.slug}").get_data(as_text=True)
    of_shelf = client.get(f"/catalog/{shelf.slug}").get_data(as_text=True)

    assert materials(parent.slug) == {"zinc": ("zinc", "Material", 1)}
    assert 'value="zinc"' in of_parent and 'value="steel"' not in of_parent
    assert 'value="steel"' in of_shelf and 'value="zinc"' not in of_shelf
    assert not [s for s in sent if "facet_bitmaps" in s]


def test_a_search_and_a_category_page_share_what_the_process_keeps(shelf, client):
    parent = make_category(slug="kept-parent")  # no products of its own
    make_product(make_category(slug="kept-child", parent=parent), name_en="Kept bolt child")
    client.get("/search?q=kept+bolt")
    client.get(f"/catalog/{parent.slug}")

    with statements_sent() as sent:
        client.get("/search?q=kept+bolt")
        client.get(f"/catalog/{parent.slug}")
        client.get(f"/catalog/{shelf.slug}")

    assert not [s for s in sent if "facet_bitmaps" in s]


def test_a_searchs_facets_send_no_grouped_facts_statement(shelf, client):
    client.get("/search?q=kept+bolt")

    with statements_sent() as sent:
        html = client.get("/search?q=kept+bolt&f.material=brass").get_data(as_text=True)

    assert "KEPT-1" in html and "KEPT-0" not in html
    assert not [s for s in sent if "product_attributes" in s or "GROUP BY" in s]


def test_a_rebuild_by_the_service_shows_on_the_next_request(shelf):
    assert materials(shelf.slug) == {
        "brass": ("brass", "Material", 1),
        "steel": ("steel", "Material", 2),
    }

    product = make_product(shelf, sku="KEPT-3", manufacturer="Acme")
    make_attribute(product, "material", "copper", "Kupfer")  # commits the rebuild

    assert materials(shelf.slug)["copper"] == ("copper", "Material", 1)


def test_a_plain_write_to_the_kept_rows_shows_on_the_next_request(shelf):
    assert "brass" in materials(shelf.slug)

    with db.engine.begin() as connection:  # another transaction, as another process writes
        connection.execute(
            delete(FacetBitmap).where(
                FacetBitmap.key == "material", FacetBitmap.value_en == "brass"
            )
        )

    assert "brass" not in materials(shelf.slug)


def test_a_relabelled_attribute_shows_on_the_next_request(shelf, client):
    assert materials(shelf.slug, "de")["brass"] == ("Messing", "Material", 1)
    client.get(f"/catalog/{shelf.slug}", headers={"Accept-Language": "de"})
    client.get("/search?q=kept+bolt", headers={"Accept-Language": "de"})

    with db.engine.begin() as connection:
        connection.execute(
            update(ProductAttribute)
            .where(ProductAttribute.value_en == "brass")
            .values(value_de="Gelbmessing", label_de="Werkstoff")
        )

    assert materials(shelf.slug, "de")["brass"] == ("Gelbmessing", "Werkstoff", 1)
    for path in (f"/catalog/{shelf.slug}", "/search?q=kept+bolt"):
        html = client.get(path, headers={"Accept-Language": "de"}).get_data(as_text=True)
        assert "Gelbmessing" in html and "Werkstoff" in html


CONFIG_KEYS = (
    "TESTING",
    "ENV_NAME",
    "SECRET_KEY",
    "SQLALCHEMY_DATABASE_URI",
    "MAIL_PORT",
    "MAIL_SINK_DIR",
    "INSTANCE_DIR",
    "PUBLIC_URL",
    "ERP_WSDL_URL",
    "PASSWORD_HASH_COST",
)


def test_two_web_processes_on_one_database_show_the_same_facets(app, shelf, monkeypatch):
    other = create_app({key: app.config[key] for key in CONFIG_KEYS})
    # Each process keeps its own memory: swapped in around its requests.
    memories = {app: facet_bitmaps._Kept(), other: facet_bitmaps._Kept()}

    def panels(path: str) -> list[str]:
        shown = []
        for instance, memory in memories.items():
            monkeypatch.setattr(facet_bitmaps, "_kept", memory)
            html = instance.test_client().get(path).get_data(as_text=True)
            memories[instance] = facet_bitmaps._kept
            shown.append(html[html.index('id="facet-in_stock"') :])
        return shown

    first = panels(f"/catalog/{shelf.slug}")
    assert first[0] == first[1] and "brass" in first[0]
    with other.app_context():  # the other process publishes a product with a new value
        product = make_product(db.session.merge(shelf), sku="KEPT-4", manufacturer="Acme")
        make_attribute(product, "material", "copper", "Kupfer")
        stocked(product, 5)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    for path in (f"/catalog/{shelf.slug}", "/search?q=kept"):
        shown = panels(path)
        assert shown[0] == shown[1] and "copper" in shown[0]
    with other.app_context():
        db.engine.dispose()


def test_a_relabelling_import_and_a_publication_at_once_both_commit(app, shelf):
    # An import locks the labels' token row, then its categories, then the bitmaps' token
    # row; a publication its categories, then the bitmaps' row: one order, no deadlock
    # (one token row for both would make them wait for each other, migration 0045).
    other = make_category(slug="kept-other")
    make_attribute(make_product(other, sku="KEPT-OTHER"), "material", "brass", "Messing")
    ids = [shelf.id, other.id]

    def write(index: int) -> None:
        with unit_of_work():
            if index == 0:
                db.session.execute(
                    update(ProductAttribute)
                    .where(ProductAttribute.value_en == "brass")
                    .values(value_de=f"Messing {index}")
                )
            refresh_live_categories(ids)

    for _ in range(3):
        assert run_at_once(app, 2, write) == [None, None]

    assert materials(shelf.slug, "de")["brass"] == ("Messing 0", "Material", 1)
