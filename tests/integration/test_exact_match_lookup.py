"""Every search first asks whether its words are a SKU or an EAN (#10): that lookup must
go by the SKU's index, not read a category's products, and still see only live ones."""

from sqlalchemy import event

from shop.catalog.search import sku_of_exact_match
from shop.extensions import db
from tests.factories import make_category, make_product


def sent_while(call) -> list[tuple[str, object]]:
    sent: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, *_args) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return sent


def test_a_word_that_is_no_sku_is_looked_up_by_the_sku_index(app_context):
    category = make_category(slug="lookup")
    for _ in range(3):
        make_product(category)

    [(statement, parameters)] = sent_while(lambda: sku_of_exact_match("bolt"))

    if db.engine.dialect.name == "sqlite":
        plan = " ".join(
            str(row[-1])
            for row in db.session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters
            )
        )
        assert "sku=?" in plan, plan
    assert sku_of_exact_match("bolt") is None


def test_the_lookup_finds_only_published_products_of_live_categories(app_context):
    live = make_category(slug="lookup-live")
    hidden = make_category(slug="lookup-hidden", live=False)
    make_product(live, sku="LOOK-1", ean="4006381333931")
    make_product(live, sku="LOOK-2", published=False)
    make_product(hidden, sku="LOOK-3")

    assert sku_of_exact_match("look-1") == "LOOK-1"
    assert sku_of_exact_match("4006381333931") == "LOOK-1"
    assert sku_of_exact_match("LOOK-2") is None
    assert sku_of_exact_match("LOOK-3") is None
