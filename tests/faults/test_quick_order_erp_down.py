"""A slow or dead ERP never blocks the quick order (#15): the preview answers within the page
timeout, treats the stock as unconfirmed and says so; the lines can still be added."""

import io
import time

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from shop.extensions import db
from shop.models import CartLine
from tests.clients import text_of
from tests.factories import make_product, make_user

EN = {"Accept-Language": "en"}
UNCONFIRMED = "We could not check the stock with our system just now."


def upload(client, csrf, data: bytes):
    body, _length, boundary = stream_encode_multipart(
        {"file": FileStorage(io.BytesIO(data), "order.csv"), "csrf_token": csrf("/quick-order")},
        use_tempfile=False,
    )
    return client.post(
        "/quick-order",
        data=body.getvalue(),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=EN,
    )


def cart_lines() -> dict[str, int]:
    db.session.expire_all()
    return {line.product.sku: line.quantity for line in db.session.scalars(select(CartLine))}


def test_with_the_erp_down_the_preview_says_the_stock_is_unconfirmed(client, csrf, login_as, erp):
    login_as(make_user())
    product = make_product()
    erp.stop()

    preview = upload(client, csrf, f"{product.sku};3\n".encode())
    added = client.post(
        "/quick-order",
        data={"lines": f"{product.sku} 3", "csrf_token": csrf("/quick-order")},
        headers=EN,
        follow_redirects=True,
    )

    assert preview.status_code == 200
    assert UNCONFIRMED in text_of(preview)
    assert "Fine – stock not confirmed" in text_of(preview)
    assert UNCONFIRMED in text_of(added)
    assert cart_lines() == {product.sku: 3}


def test_with_a_slow_erp_the_preview_answers_within_the_page_timeout(
    app, client, csrf, login_as, erp
):
    login_as(make_user())
    product = make_product()
    erp.delay(8)

    started = time.monotonic()
    preview = upload(client, csrf, f"{product.sku};3\n".encode())
    elapsed = time.monotonic() - started

    assert preview.status_code == 200
    assert UNCONFIRMED in text_of(preview)
    # 1.5 s for the ERP, the rest for the page on a busy test machine.
    assert elapsed < app.config["ERP_PAGE_TIMEOUT"] + 1
