"""Digits of other scripts in the checkout's requested delivery date (#15 review): a date
typed with Arabic-Indic, Devanagari, fullwidth or mathematical digits is either refused with
the field's message or read as the very day it spells; never a 500, never another day."""

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Order
from tests.clients import checkout_form, text_of
from tests.integration.test_requested_delivery_date import (
    EN,
    FIELD_ERROR,
    a_buyer_with_a_cart,
    a_working_day,
)

# The zero of each script's digits; the others follow it in Unicode.
ZEROS = {
    "arabic-indic": "\u0660",
    "extended-arabic-indic": "\u06f0",
    "devanagari": "\u0966",
    "fullwidth": "\uff10",
    "mathematical-bold": "\U0001d7ce",
}


def in_script(text: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) if c.isascii() and c.isdigit() else c for c in text)


# (case, how the day is spelled: "iso" 2026-12-16 or "german" 16.12.2026, the part in the
# other script: the whole date or the year only).
SPELLINGS = [
    (f"{script}-{form}-{part}", zero, form, part)
    for script, zero in ZEROS.items()
    for form, part in (("iso", "all"), ("german", "all"), ("iso", "year"))
]


def spelled(day, zero: str, form: str, part: str) -> str:
    text = day.isoformat() if form == "iso" else day.strftime("%d.%m.%Y")
    if part == "year":
        return in_script(text[:4], zero) + text[4:]
    return in_script(text, zero)


@pytest.mark.parametrize(
    ("zero", "form", "part"), [s[1:] for s in SPELLINGS], ids=[s[0] for s in SPELLINGS]
)
def test_a_date_in_other_digits_is_refused_or_read_as_the_same_day(
    app, client, csrf, login_as, erp, zero, form, part
):
    day = a_working_day(app)
    a_buyer_with_a_cart(client, csrf, login_as)
    typed = spelled(day, zero, form, part)

    response = client.post(
        "/checkout",
        data=checkout_form(client, csrf, requested_delivery_date=typed),
        headers=EN,
    )

    assert response.status_code in (302, 422)
    if response.status_code == 422:
        page = text_of(response)
        assert FIELD_ERROR in page
        error = page[page.index(FIELD_ERROR) :]
        assert "This is not a date." in error[: error.index("</p>")]
        assert db.session.scalar(select(func.count(Order.id))) == 0
    else:
        assert db.session.scalar(select(Order.requested_delivery_date)) == day
