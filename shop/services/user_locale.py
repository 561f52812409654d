"""A logged-in user's chosen UI language, remembered on the account for the next login."""

from shop.extensions import db
from shop.models import User
from shop.services.transactions import begin_write


def remember_language(user_id: int, language: str) -> None:
    """Store the language the user chose; the caller has checked it is one the shop offers."""
    begin_write()
    user = db.session.get(User, user_id)
    if user is not None:
        user.locale = language
    db.session.commit()
