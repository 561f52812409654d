"""The builders keep the counts kept per category (#11) as the publishing services do, but
recount a category once before the next statement rather than on every product (CI time)."""

from sqlalchemy import event, update
from sqlalchemy.engine import Engine

from shop.extensions import db
from shop.models import ProductAttribute
from tests.factories import make_attribute, make_category, make_product
from tests.integration.test_facet_counts_kept import counted, kept
from tests.integration.test_facets import FACET_COUNT


def recounts_while(call) -> int:
    """How many times `call` recounts a category's kept counts, on any engine."""
    recounts = []

    def record(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM FACET_COUNTS"):
            recounts.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return len(recounts)


def build(category, products: int) -> None:
    for number in range(products):
        product = make_product(category, manufacturer="Acme")
        make_attribute(product, "length", f"{number % 3} mm", number=number % 3, unit="mm")


def test_many_builds_recount_their_category_once_before_it_is_read(app_context):
    category = make_category()

    recounts = recounts_while(lambda: (build(category, 12), kept()))

    assert recounts == 1
    assert kept()[(category.id, "length", "0 mm")] == 4
    assert kept() == counted()


def test_the_counts_are_recounted_before_any_other_statement_not_only_a_read(app_context):
    category = make_category()
    build(category, 2)

    # Not a builder: whatever it changes comes after the recount, as with an eager one.
    db.session.execute(update(ProductAttribute).values(value_en="9 mm"))
    db.session.commit()

    assert kept()[(category.id, "length", "0 mm")] == 1
    assert kept()[(category.id, "length", "9 mm")] == 0
    assert kept() != counted()


def test_a_page_served_in_another_request_reads_the_built_counts(client):
    category = make_category(slug="kept-by-builders")
    for _ in range(2):
        product = make_product(category, name_en="Cable tie")
        make_attribute(product, "material", "nylon", "Nylon", label_en="Material")

    html = client.get("/catalog/kept-by-builders").get_data(as_text=True)

    assert ("f.material", "nylon", "nylon", "2") in FACET_COUNT.findall(html)
