"""Quick order (#15): typed lines keep the good ones, files (CSV, Excel) are previewed line by
line, then the good lines go into the cart in one step; real database, real ERP simulator."""

import html
import io
import re

import openpyxl
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from shop.cart.forms import QUICK_ORDER_EXAMPLE
from shop.demo.catalog_data import demo_products
from shop.domain.quick_order import MAX_LINES
from shop.domain.quick_order_files import MAX_FILE_BYTES
from shop.extensions import db
from shop.models import CartLine
from tests.clients import text_of
from tests.factories import make_product, make_user

EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}
TEXTAREA = re.compile(r'<textarea[^>]*name="lines"[^>]*>\r?\n?(.*?)</textarea>', re.S)


def cart_lines() -> dict[str, int]:
    db.session.expire_all()
    return {line.product.sku: line.quantity for line in db.session.scalars(select(CartLine))}


def post_lines(client, csrf, text: str, action: str = "add", headers=EN):
    return client.post(
        "/quick-order",
        data={"lines": text, "action": action, "csrf_token": csrf("/quick-order")},
        headers=headers,
    )


def upload(client, csrf, data: bytes, name: str = "order.csv", headers=EN, lines: str = ""):
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    body, length, boundary = stream_encode_multipart(
        {
            "file": FileStorage(io.BytesIO(data), name),
            "lines": lines,
            "csrf_token": csrf("/quick-order"),
        },
        use_tempfile=False,
    )
    return client.post(
        "/quick-order",
        data=body.getvalue(),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers,
    )


def box_text(response) -> str:
    return html.unescape(TEXTAREA.search(text_of(response)).group(1))


def xlsx(*rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_the_placeholder_names_products_of_the_demo_catalogue(client, login_as):
    login_as(make_user())
    demo_skus = {spec.sku for spec in demo_products()}

    page = text_of(client.get("/quick-order", headers=EN))

    placeholder = re.search(r'name="lines"[^>]*placeholder="([^"]*)"', page).group(1)
    skus = [line.split()[0] for line in html.unescape(placeholder).splitlines()]
    assert skus and all(sku in demo_skus for sku in skus), skus
    assert html.unescape(placeholder) == QUICK_ORDER_EXAMPLE


def test_typed_lines_keep_the_good_ones_and_name_the_bad_ones(client, csrf, login_as, erp):
    login_as(make_user())
    first, second = make_product(), make_product()
    erp.set_stock({first.sku: 100, second.sku: 100})

    response = post_lines(client, csrf, f"{first.sku} 2\nNOPE-9 1\n{second.sku} x\n{second.sku} 3")

    page = text_of(response)
    assert response.status_code == 200
    assert cart_lines() == {first.sku: 2, second.sku: 3}
    assert "2 lines added to the cart." in page
    # The box keeps only the lines not added, numbered as they now stand.
    assert box_text(response) == f"NOPE-9 1\n{second.sku} x"
    assert "Line 1: we have no product NOPE-9." in page
    assert "Line 2: the quantity is not valid." in page


def test_typed_lines_that_are_all_fine_land_in_the_cart(client, csrf, login_as, erp):
    login_as(make_user())
    first, second = make_product(), make_product()
    erp.set_stock({first.sku: 100, second.sku: 100})

    response = post_lines(client, csrf, f"{first.sku.lower()} 3\n{second.sku};5\n{first.sku}\t1")

    assert response.status_code == 302
    assert cart_lines() == {first.sku: 4, second.sku: 5}


def test_a_csv_file_is_previewed_line_by_line_and_nothing_is_added_yet(client, csrf, login_as, erp):
    login_as(make_user())
    fine, short, hidden = make_product(), make_product(), make_product(published=False)
    erp.set_stock({fine.sku: 100, short.sku: 5, hidden.sku: 100})
    csv = (
        "SKU;Quantity\n"
        f"{fine.sku};10\n"
        "NOPE-1;2\n"
        f"{short.sku};6\n"
        f"{hidden.sku};1\n"
        f"{fine.sku};2,5\n"
        f"{fine.sku};-3\n"
        f"{fine.sku};0\n"
        f"{fine.sku};=1+1\n"
        f"{fine.sku};99999999999999999999999\n"
        f"{fine.sku};5\n"
    )

    response = upload(client, csrf, csv.encode("utf-8-sig"))

    page = text_of(response)
    assert response.status_code == 200
    assert cart_lines() == {}
    assert "Line 1 was read as column titles and skipped." in page
    assert "2 of 10 lines can be added to the cart." in page
    assert "(with line 11)" in page  # the same SKU twice is summed: 15
    assert "Line 3: we have no product NOPE-1." in page
    assert f"Line 4: Only 5 of {short.sku} are available." in page
    assert f"Line 5: {hidden.sku} cannot be ordered at the moment." in page
    assert "Line 6: enter whole pieces, without decimal or thousands separators." in page
    assert "Line 7: the quantity cannot be negative." in page
    assert "Line 8: the quantity must be at least 1." in page
    assert "Line 9: it holds a formula." in page
    assert "Line 10: at most 99999 pieces of a product per order." in page


def test_the_previewed_good_lines_go_into_the_cart_in_one_step(client, csrf, login_as, erp):
    login_as(make_user())
    first, second = make_product(), make_product()
    erp.set_stock({first.sku: 100, second.sku: 100})
    preview = upload(client, csrf, f"{first.sku},4\nNOPE,1\n{second.sku},6\n{first.sku},1".encode())
    confirm = html.unescape(TEXTAREA.search(text_of(preview)).group(1))

    response = post_lines(client, csrf, confirm)

    assert confirm == f"{first.sku} 5\n{second.sku} 6"
    assert response.status_code == 302
    assert cart_lines() == {first.sku: 5, second.sku: 6}


def test_the_check_button_previews_typed_lines(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()

    response = post_lines(client, csrf, f"{product.sku}\t7", action="check")

    assert response.status_code == 200
    assert "1 of 1 lines can be added to the cart." in text_of(response)
    assert cart_lines() == {}


def test_an_excel_workbook_is_previewed(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.set_stock({product.sku: 100})
    data = xlsx(("Artikelnummer", "Menge"), (product.sku, 12), (product.sku, 1.5))

    response = upload(client, csrf, data, name="bestellung.xlsx", headers=DE)

    page = text_of(response)
    assert response.status_code == 200
    assert "Zeile 1 wurde als Spaltenüberschrift gelesen und übersprungen." in page
    assert "1 von 2 Zeilen können in den Warenkorb." in page
    assert "Zeile 3: Bitte ganze Stück angeben, ohne Dezimal- oder Tausendertrennzeichen." in page


def test_a_cp1252_csv_is_read(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product(sku="QO-ÄRMEL-1")

    response = upload(client, csrf, f"Artikel;Stück\n{product.sku};2\n".encode("cp1252"))

    assert "1 of 1 lines can be added to the cart." in text_of(response)


def test_unreadable_files_get_a_message_next_to_the_field_and_change_nothing(
    client, csrf, login_as
):
    login_as(make_user())
    cases = {
        b"\x00\x01\x02\x03garbage\x00": "This file cannot be read.",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200): "old Excel file (.xls)",
        b"PK\x03\x04broken": "This Excel workbook cannot be read.",
        b"A;1\n" * (MAX_FILE_BYTES // 4 + 1): "The file is larger than 1 MB.",
        b"": "The file is empty.",
    }

    for data, message in cases.items():
        response = upload(client, csrf, data)

        assert response.status_code == 422, message
        assert message in text_of(response)
    assert cart_lines() == {}


def test_more_lines_than_the_limit_are_refused_as_a_whole(client, csrf, login_as):
    login_as(make_user())
    product = make_product()
    text = "\n".join(f"{product.sku} 1" for _ in range(MAX_LINES + 1))

    typed = post_lines(client, csrf, text)
    uploaded = upload(client, csrf, text.encode())

    for response in (typed, uploaded):
        assert response.status_code == 422
        assert "More than 500 lines: please split the list into several quick orders." in (
            text_of(response)
        )
    assert cart_lines() == {}


def test_a_file_and_typed_lines_at_once_are_refused(client, csrf, login_as):
    login_as(make_user())
    product = make_product()

    response = upload(client, csrf, f"{product.sku};1".encode(), lines=f"{product.sku} 2")

    assert response.status_code == 422
    assert "Paste lines or upload a file, not both." in text_of(response)
    assert cart_lines() == {}


def test_lines_beyond_the_stock_with_what_the_cart_holds_are_not_added(client, csrf, login_as, erp):
    login_as(make_user())
    product, other = make_product(), make_product()
    erp.set_stock({product.sku: 10, other.sku: 10})
    post_lines(client, csrf, f"{product.sku} 8")

    response = post_lines(client, csrf, f"{other.sku} 2\n{product.sku} 3")

    assert response.status_code == 200
    assert f"Only 10 of {product.sku} are available" in text_of(response)
    assert cart_lines() == {product.sku: 8, other.sku: 2}
