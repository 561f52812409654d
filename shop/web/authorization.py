"""The one way views check access: by right (§2), and by company for every object.

Views declare the right they need with @requires(Right.X). Objects of a company are loaded
with company_object_or_404, so another company's object is a 404, never a 403: guessing
ids shows nothing. Templates may ask can(...) to hide buttons, never as the real check.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from shop.domain.rights import Right
from shop.extensions import db


def requires(*rights: Right, any_of: tuple[Right, ...] = ()) -> Callable:
    """Login required, every one of `rights` and at least one of `any_of`; otherwise 403."""

    def allowed() -> bool:
        if not all(current_user.can(right) for right in rights):
            return False
        return not any_of or any(current_user.can(right) for right in any_of)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not allowed():
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_rights = frozenset(rights)
        wrapped.required_any_of = frozenset(any_of)
        return wrapped

    return decorator


def company_object_or_404(model, object_id: int):
    """The current user's company's object with this id, else 404 (also for other companies')."""
    found = db.session.get(model, object_id)
    if found is None or getattr(found, "company_id", None) != current_user.company_id:
        abort(404)
    return found


def viewer_rights() -> frozenset[Right] | None:
    """The current user's rights; None for a visitor who is not logged in.

    Worked out once per request and user: the header, the cards and the customer center's
    menu ask for them, and each `User.rights` unites the rights of every role anew (#10)."""
    user = current_user._get_current_object()
    if user is None or not user.is_authenticated:
        return None
    kept = g.get("_viewer_rights")
    if kept is None or kept[0] is not user:
        kept = g._viewer_rights = (user, user.rights)
    return kept[1]


def rights_allow(rights: frozenset[Right] | None, right: str) -> bool:
    """`can` for rights looked up before (viewer_rights)."""
    return rights is not None and Right(right) in rights


def rights_see_prices(rights: frozenset[Right] | None) -> bool:
    """`may_see_prices` for rights looked up before (viewer_rights)."""
    return rights is None or Right.SEE_PRICES in rights


def can(right: str) -> bool:
    """For templates: may the current user do this? (Only to hide what they cannot use.)"""
    return rights_allow(viewer_rights(), right)


def may_see_prices() -> bool:
    """Anonymous visitors see list prices; logged-in users need the right (technicians don't)."""
    return rights_see_prices(viewer_rights())
