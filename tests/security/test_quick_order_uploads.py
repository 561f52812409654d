"""An upload far beyond the quick order's file limit is refused before it is read (#15):
CSRF protection parses the body before the view, so the limit must be in force by then."""

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from shop.extensions import db
from shop.models import CartLine
from tests.clients import text_of
from tests.factories import make_user

EN = {"Accept-Language": "en"}


def test_an_upload_far_beyond_the_limit_is_refused_unread_with_the_message(client, csrf, login_as):
    login_as(make_user())
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    body, _length, boundary = stream_encode_multipart(
        {
            "file": FileStorage(io.BytesIO(b"A;1\n" * 1_000_000), "order.csv"),  # 4 MB
            "csrf_token": csrf("/quick-order"),
        },
        use_tempfile=False,
    )

    response = client.post(
        "/quick-order",
        data=body.getvalue(),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=EN,
    )

    assert response.status_code == 413
    assert "The file is larger than 1 MB." in text_of(response)
    assert db.session.scalar(select(func.count(CartLine.id))) == 0


def test_the_quick_order_limit_applies_to_the_quick_order_only(client, csrf, login_as):
    login_as(make_user())

    response = client.post(
        "/cart/add",
        data={"sku": "X", "quantity": "1", "padding": "x" * 400_000, "csrf_token": csrf("/cart")},
    )

    assert response.status_code != 413
