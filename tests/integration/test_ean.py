"""EAN (#11): an exact EAN in search opens the product; the product page shows it; the
catalogue import validates it."""

from sqlalchemy import select

from shop.extensions import db
from shop.models import Product
from shop.models.clock import utcnow
from shop.services.catalog_import import import_catalog
from tests.factories import make_product
from tests.integration.test_catalog_import import FILES, catalogue, csv_of, line  # noqa: F401

EN = {"Accept-Language": "en"}
HTMX = {"HX-Request": "true", "Accept-Language": "en"}
EAN = "4006381333931"


def test_an_exact_ean_opens_the_product_page(client):
    make_product(sku="FAS-SCR-000777", ean=EAN, name_en="Hex head bolt M8")
    make_product(sku="EAN8-ONE", ean="96385074")

    typed = client.get(f"/search?q={EAN}")
    printed = client.get("/search?q=4+006381+333931")
    short = client.get("/search?q=96385074")
    htmx = client.get(f"/search?q={EAN}", headers=HTMX)

    assert typed.status_code == printed.status_code == short.status_code == 302
    assert typed.headers["Location"] == printed.headers["Location"] == "/products/FAS-SCR-000777"
    assert short.headers["Location"] == "/products/EAN8-ONE"
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"] == "/products/FAS-SCR-000777"


def test_an_ean_in_the_suggestions_offers_its_product(client):
    make_product(sku="FAS-SCR-000777", ean=EAN, name_en="Hex head bolt M8")

    html = client.get(f"/search/suggestions?q={EAN}", headers=HTMX).get_data(as_text=True)

    assert "Hex head bolt M8" in html


def test_an_unknown_or_wrong_ean_is_searched_as_words(client):
    make_product(sku="FAS-SCR-000777", ean=EAN, name_en="Hex head bolt M8")
    make_product(sku="HIDDEN-1", ean="96385074", published=False)

    unknown = client.get("/search?q=4006381333948", headers=EN)  # valid, no product
    wrong_digit = client.get("/search?q=4006381333932", headers=EN)
    unpublished = client.get("/search?q=96385074", headers=EN)

    for page in (unknown, wrong_digit, unpublished):
        assert page.status_code == 200
        assert "No product matches" in page.get_data(as_text=True)


def test_the_product_page_shows_the_ean_with_a_label(client):
    make_product(sku="FAS-SCR-000777", ean=EAN)
    make_product(sku="PLAIN-1")

    english = client.get("/products/FAS-SCR-000777", headers=EN).get_data(as_text=True)
    german = client.get("/products/FAS-SCR-000777", headers={"Accept-Language": "de"})
    without = client.get("/products/PLAIN-1", headers=EN).get_data(as_text=True)

    assert f"EAN {EAN}" in english
    assert f"EAN {EAN}" in german.get_data(as_text=True)
    assert 'class="ean"' not in without and "EAN" not in without


HEADER = "sku,type,category,name_en,name_de,list_price,image,datasheet,length,colour,ean"


def ean_line(catalogue, sku, ean):  # noqa: F811
    return line(catalogue, sku) + f",{ean}"


def outcomes(report):
    return [(r["sku"], r["outcome"], r["problems"]) for r in report.records]


def ean_of(sku):
    db.session.expire_all()
    return db.session.scalar(select(Product.ean).where(Product.sku == sku))


def test_the_import_takes_a_valid_ean_and_rejects_an_invalid_one_with_its_reason(catalogue):  # noqa: F811
    make_product(sku="OLD-1", ean="96385074")
    data = csv_of(
        ean_line(catalogue, "IMP-1", "4006381333931"),
        ean_line(catalogue, "IMP-2", "4006381333932"),
        ean_line(catalogue, "IMP-3", "96385074"),
        ean_line(catalogue, "IMP-4", "4006381333931"),
        ean_line(catalogue, "IMP-5", ""),
        header=HEADER,
    )

    report = import_catalog(data, FILES, "catalogue.csv", utcnow())

    assert outcomes(report) == [
        ("IMP-1", "accepted", []),
        ("IMP-2", "rejected", [["ean_invalid", "ean", "4006381333932"]]),
        ("IMP-3", "rejected", [["ean_repeated", "ean", "96385074"]]),
        ("IMP-4", "rejected", [["ean_repeated", "ean", "4006381333931"]]),
        ("IMP-5", "accepted", []),
    ]
    assert ean_of("IMP-1") == "4006381333931" and ean_of("IMP-5") is None
    assert ean_of("IMP-2") is None and ean_of("OLD-1") == "96385074"


def test_an_import_changes_and_clears_an_ean(catalogue):  # noqa: F811
    import_catalog(
        csv_of(ean_line(catalogue, "IMP-1", "4006381333931"), header=HEADER),
        FILES,
        "a.csv",
        utcnow(),
    )

    changed = import_catalog(
        csv_of(ean_line(catalogue, "IMP-1", "9638-5074"), header=HEADER), FILES, "b.csv", utcnow()
    )
    assert ean_of("IMP-1") == "96385074"
    assert changed.records[0]["changes"] == [["ean", ""]]

    import_catalog(
        csv_of(ean_line(catalogue, "IMP-1", ""), header=HEADER), FILES, "c.csv", utcnow()
    )
    assert ean_of("IMP-1") is None


def test_quick_order_takes_an_ean_where_it_takes_a_sku(client, csrf, login_as, erp):
    from tests.factories import make_user
    from tests.integration.test_quick_order import cart_lines, post_lines, upload, xlsx

    login_as(make_user())
    bolt = make_product(ean=EAN)
    nut = make_product(ean="96385074")
    erp.set_stock({bolt.sku: 100, nut.sku: 100})

    typed = post_lines(client, csrf, f"{EAN} 2\n{bolt.sku} 3\n9638-5074;1")
    assert typed.status_code == 302
    assert cart_lines() == {bolt.sku: 5, nut.sku: 1}

    # A spreadsheet keeps an EAN as a number; the preview names the product by its SKU.
    preview = upload(client, csrf, xlsx(("SKU", "Quantity"), (int(EAN), 4)), "order.xlsx")
    assert preview.status_code == 200 and bolt.sku in preview.get_data(as_text=True)
