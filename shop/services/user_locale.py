"""A logged-in user's chosen UI language, remembered on the account for the next login."""

from shop.extensions import db
from shop.models import User
from shop.services.unit_of_work import unit_of_work


def remember_language(user_id: int, language: str) -> None:
    """Store the language the user chose; the caller has checked it is one the shop offers."""
    with unit_of_work():
        user = db.session.get(User, user_id)
        if user is not None:
            user.locale = language
