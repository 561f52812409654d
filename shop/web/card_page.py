"""What a page states once for all its product cards (#10): the card template reads it, and
kept cards are kept under it (shop.web.kept_markup)."""

from typing import NamedTuple

from flask import request, url_for
from flask_babel import get_locale
from flask_login import current_user

from shop.web.authorization import can


class CardPage(NamedTuple):
    """All a product card takes from its page besides the add-to-cart form's token."""

    language: str
    signed_in: bool
    may_order: bool
    login_url: str  # where "Log in to order" leads, back to this page; "" when signed in
    script_root: str


def card_page() -> CardPage:
    """The cards' page state of the current request."""
    signed_in = current_user.is_authenticated
    return CardPage(
        language=str(get_locale()),
        signed_in=signed_in,
        may_order=can("place_orders"),
        login_url="" if signed_in else url_for("auth.login", next=request.path),
        script_root=request.script_root,
    )
