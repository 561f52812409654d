"""§13, #12: a category goes live only with complete content and stock, and the storefront
shows only live categories and finds only their products (navigation, category lists and
pages, breadcrumbs, search and its suggestions); the content report says why one is not."""

import threading

import pytest
from sqlalchemy import select

from erp_bridge import ErpError
from shop.demo.catalog_data import category_not_live, leaf_category_slugs
from shop.demo.loader import generate_products, load_demo_data
from shop.domain.live_categories import NotLiveReason
from shop.erp import erp_client
from shop.extensions import db
from shop.models import CachedStock, Category, Product
from shop.models.clock import utcnow
from shop.services import content_report
from shop.services.catalog_import import import_catalog
from shop.services.erp_worker import run_worker
from shop.services.product_content import check_products, publish_product
from shop.services.stock import last_stock_lookup, look_up_missing_stock, stock_for
from shop.services.unit_of_work import end_reads
from tests.clients import logged_in, staff_logged_in, text_of
from tests.factories import (
    add_media,
    make_attribute,
    make_category,
    make_product,
    make_product_type,
    make_staff,
    make_user,
)
from tests.integration.test_sql_bounds import statements_of
from tests.waiting import wait_until

EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}
HTMX = {"HX-Request": "true", **EN}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
WRITES = {"INSERT", "UPDATE", "DELETE"}


def soap_calls(erp) -> dict[str, int]:
    return dict(erp.control("status")["soapCallsByOperation"])


def _complete_product(category: Category, **values) -> Product:
    """An unpublished product that passes the content firewall."""
    product_type = make_product_type()
    product = make_product(category, product_type_id=product_type.id, published=False, **values)
    make_attribute(product, "length", "40 mm", number=40.0, unit="mm")
    add_media(product)
    return product


def _is_live(category: Category) -> bool:
    return db.session.scalar(select(Category.live).where(Category.id == category.id))


@pytest.fixture
def upcoming(app_context):
    """A category with a complete product that is not published yet, under a live parent."""
    parent = make_category(name_en="Respiratory", name_de="Atemschutz", live=False)
    category = make_category(
        parent_id=parent.id, name_en="Half masks", name_de="Halbmasken", live=False
    )
    product = _complete_product(category, name_en="Half mask FFP2", name_de="Halbmaske FFP2")
    return {"parent": parent, "category": category, "product": product}


@pytest.fixture
def content_staff(app, app_context):
    return staff_logged_in(app, make_staff(rights=("content",)))


def test_a_category_without_a_published_product_is_not_shown(client, upcoming):
    home = text_of(client.get("/", headers=EN))
    catalogue = text_of(client.get("/catalog", headers=EN))

    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 404
    assert client.get(f"/catalog/{upcoming['parent'].slug}").status_code == 404
    assert "Half masks" not in home and "Respiratory" not in home
    assert "Half masks" not in catalogue and "Respiratory" not in catalogue


def test_a_category_turns_live_when_its_first_product_is_published_with_known_stock(
    client, erp, upcoming
):
    product = upcoming["product"]
    erp.set_stock({product.sku: 12})
    stock_for([product])  # the ERP reported its stock while it was still unpublished
    assert not _is_live(upcoming["category"])

    publish_product(product.sku)

    assert _is_live(upcoming["category"])
    page = client.get(f"/catalog/{upcoming['category'].slug}", headers=EN)
    assert page.status_code == 200 and "Half mask FFP2" in text_of(page)
    assert "Half masks" in text_of(client.get(f"/catalog/{upcoming['parent'].slug}", headers=EN))
    assert "Respiratory" in text_of(client.get("/", headers=EN))


def test_a_published_product_without_known_stock_keeps_its_category_off(client, upcoming):
    publish_product(upcoming["product"].sku)

    assert not _is_live(upcoming["category"])
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 404


def test_the_first_stock_level_from_the_erp_brings_a_published_products_category_live(
    client, erp, upcoming
):
    publish_product(upcoming["product"].sku)
    erp.set_stock({upcoming["product"].sku: 0})

    # Its page stays open by URL (and asks the ERP); a sold-out product is still on sale.
    page = client.get(f"/products/{upcoming['product'].sku}", headers=EN)

    assert page.status_code == 200
    assert _is_live(upcoming["category"])
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 200


def test_opening_the_content_report_asks_the_erp_nothing_and_writes_nothing(
    client, erp, upcoming, content_staff
):
    publish_product(upcoming["product"].sku)  # stock unknown: its category is not live
    calls_before = soap_calls(erp)

    statements = statements_of(content_staff, "/back-office/content")

    writes = [s for s in statements if s.lstrip().split()[0].upper() in WRITES]
    assert writes == [] and soap_calls(erp) == calls_before
    assert not _is_live(upcoming["category"])
    assert db.session.get(CachedStock, upcoming["product"].sku) is None


def test_a_stock_round_looks_up_unknown_stock_and_the_category_goes_live(
    client, erp, upcoming, content_staff
):
    publish_product(upcoming["product"].sku)
    assert "Stock last looked up in the ERP: not yet" in text_of(
        content_staff.get("/back-office/content", headers=EN)
    )

    learnt = look_up_missing_stock(erp_client(), utcnow())

    assert learnt == 1 and _is_live(upcoming["category"])
    assert db.session.get(CachedStock, upcoming["product"].sku) is not None
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 200
    looked_up = last_stock_lookup()
    report = text_of(content_staff.get("/back-office/content", headers=DE))
    assert "Bestand zuletzt im ERP abgefragt:" in report and "noch nicht" not in report
    assert looked_up is not None and f'datetime="{looked_up.isoformat()}Z"' in report


def test_a_stock_round_with_the_erp_down_changes_nothing_and_the_next_round_asks_again(
    client, erp, upcoming
):
    publish_product(upcoming["product"].sku)
    erp.fail(1)

    with pytest.raises(ErpError):
        look_up_missing_stock(erp_client(), utcnow())

    assert not _is_live(upcoming["category"]) and last_stock_lookup() is None
    assert db.session.get(CachedStock, upcoming["product"].sku) is None
    assert look_up_missing_stock(erp_client(), utcnow()) == 1
    assert _is_live(upcoming["category"]) and last_stock_lookup() is not None


def test_the_worker_looks_up_unknown_stock_so_a_category_goes_live(app, client, erp, upcoming):
    publish_product(upcoming["product"].sku)
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(app, stop, "stock-test"))

    worker.start()
    try:
        wait_until(lambda: end_reads() or _is_live(upcoming["category"]), timeout=30)
    finally:
        stop.set()
        worker.join(timeout=30)

    assert soap_calls(erp).get("GetStock", 0) >= 1
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 200


def test_a_category_disappears_when_its_last_product_is_unpublished(client, erp, upcoming):
    product = upcoming["product"]
    publish_product(product.sku)
    stock_for([product])
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 200
    db.session.delete(db.session.get(Product, product.id).media[0])
    db.session.commit()

    check_products([product.id])

    assert not _is_live(upcoming["category"])
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 404
    assert client.get(f"/catalog/{upcoming['parent'].slug}").status_code == 404
    assert "Half masks" not in text_of(client.get("/catalog", headers=EN))


def test_a_published_product_of_a_category_not_live_is_neither_listed_nor_found(client, upcoming):
    live = make_category(name_en="Gloves", name_de="Handschuhe")
    make_product(live, name_en="Glove FFP2 grip", name_de="Handschuh FFP2 Griff")
    product = upcoming["product"]
    publish_product(product.sku)  # stock unknown: its category is not live

    catalogue = text_of(client.get("/catalog", headers=EN))
    search = text_of(client.get("/search?q=FFP2", headers=EN))
    suggestions = text_of(client.get("/search/suggestions?q=half", headers=HTMX))
    by_sku = client.get(f"/search?q={product.sku}")
    masks = text_of(client.get("/search/suggestions?q=masks", headers=HTMX))

    assert "Half mask FFP2" not in catalogue and "Glove FFP2 grip" in catalogue
    assert "Half mask FFP2" not in search and "Glove FFP2 grip" in search
    assert "Half mask FFP2" not in suggestions
    assert by_sku.status_code == 200 and "Half mask FFP2" not in text_of(by_sku)
    assert "Half masks" not in masks


def test_a_product_of_a_category_not_live_is_not_opened_by_its_ean(client, upcoming):
    product = upcoming["product"]
    product.ean = "4006381333931"
    db.session.commit()
    publish_product(product.sku)  # stock unknown: its category is not live

    by_ean = client.get("/search?q=4006381333931")

    assert by_ean.status_code == 200 and "Half mask FFP2" not in text_of(by_ean)


def test_a_live_category_is_suggested_by_name(client, erp, upcoming):
    publish_product(upcoming["product"].sku)
    stock_for([upcoming["product"]])

    masks = text_of(client.get("/search/suggestions?q=masks", headers=HTMX))

    assert "Half masks" in masks


def test_a_products_page_by_url_shows_no_breadcrumb_to_a_category_not_live(client, upcoming):
    publish_product(upcoming["product"].sku)

    page = client.get(f"/products/{upcoming['product'].sku}", headers=EN)

    assert page.status_code == 200
    assert f"/catalog/{upcoming['category'].slug}" not in text_of(page)


def test_a_logged_in_customer_gets_a_404_for_a_category_not_live(app, upcoming):
    client = logged_in(app, make_user())

    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 404


def test_a_parent_lists_only_the_products_of_its_live_children(client, erp, upcoming):
    live_child = make_category(parent_id=upcoming["parent"].id, name_en="Filters")
    filter_product = _complete_product(live_child, name_en="Particle filter P3")
    publish_product(filter_product.sku)
    stock_for([filter_product])
    publish_product(upcoming["product"].sku)  # stock unknown

    page = text_of(client.get(f"/catalog/{upcoming['parent'].slug}", headers=EN))

    assert "Particle filter P3" in page and "Filters" in page
    assert "Half mask FFP2" not in page and "Half masks" not in page


def test_the_content_report_says_why_a_category_is_not_live_and_what_would_make_it(
    erp, upcoming, content_staff
):
    waiting = make_category(name_en="Ear plugs", name_de="Gehörschutzstöpsel", live=False)
    make_product(waiting)
    make_product(waiting)
    erp.stop()  # their stock stays unknown

    english = text_of(content_staff.get("/back-office/content", headers=EN))
    german = text_of(content_staff.get("/back-office/content", headers=DE))

    assert "Not live: no complete product" in english
    assert "1 unpublished product, once complete and its stock known" in english
    assert "Not live: no stock known" in english
    assert "Any of 2 published products, once the ERP reports its stock" in english
    assert "Nicht live: kein vollständiger Artikel" in german
    assert "Jeder von 2 veröffentlichten Artikeln, sobald das ERP seinen Bestand meldet" in german


def test_the_demo_shows_every_category_but_its_example_of_one_not_live(client, erp, content_staff):
    load_demo_data()
    example, _products = category_not_live()

    states = {state.id: state for state in content_report.category_states()}
    live = set(db.session.scalars(select(Category.slug).where(Category.live)))
    report = text_of(content_staff.get("/back-office/content", headers=EN))
    catalogue = client.get("/catalog", headers=EN)

    assert live == set(leaf_category_slugs())
    example_id = db.session.scalar(select(Category.id).where(Category.slug == example.slug))
    assert states[example_id].not_live_reason is NotLiveReason.NO_PUBLISHED_PRODUCT
    assert "Respiratory protection" in report and "Not live: no complete product" in report
    assert "Respiratory protection" not in text_of(catalogue)
    assert client.get(f"/catalog/{example.slug}").status_code == 404
    assert "Occupational safety" in text_of(catalogue)


def test_the_generator_keeps_every_category_it_fills_live(app_context, erp):
    generate_products(120)

    filled = db.session.scalars(
        select(Category.slug).join(Product, Product.category_id == Category.id).distinct()
    ).all()
    live = set(db.session.scalars(select(Category.slug).where(Category.live)))

    assert set(filled) == set(leaf_category_slugs())
    assert set(filled) <= live


def test_an_import_that_publishes_a_product_with_known_stock_brings_its_category_live(
    client, erp, upcoming
):
    product_type = make_product_type()
    stock_for([Product(sku="NEW-MASK-1", category_id=upcoming["category"].id, published=False)])
    csv = (
        "sku,type,category,name_en,name_de,list_price,image,length\n"
        f"NEW-MASK-1,{product_type.code},{upcoming['category'].slug},Mask,Maske,2.50,m.png,40 mm\n"
    )

    import_catalog(csv.encode(), {"m.png": PNG}, "masks.csv", utcnow())

    assert _is_live(upcoming["category"])
    assert "Mask" in text_of(client.get(f"/catalog/{upcoming['category'].slug}", headers=EN))


def test_an_import_of_rejected_records_only_leaves_every_category_as_it_was(client):
    category = make_category(name_en="Anchors")  # live, its product's stock not asked yet
    make_product(category)

    import_catalog(b"sku;type;category;name_en\nNEW-1;;;Bolt\n", {}, "k.csv", utcnow())

    assert _is_live(category)
    assert client.get(f"/catalog/{category.slug}").status_code == 200


def test_a_stock_round_heals_a_category_whose_stock_and_publication_crossed(client, erp, upcoming):
    product = upcoming["product"]
    product.published = True
    db.session.add(CachedStock(sku=product.sku, quantity=3, fetched_at=utcnow()))
    db.session.commit()  # as if both happened at once and neither saw the other
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 404

    look_up_missing_stock(erp_client(), utcnow())

    assert _is_live(upcoming["category"])
    assert client.get(f"/catalog/{upcoming['category'].slug}").status_code == 200
