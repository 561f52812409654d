"""Who is logged in to the back office, and the one check every back office view makes.

A staff login lives under its own key in the session cookie and in its own table
(shop/services/staff.py); Flask-Login's customer login is never consulted here. So a customer
session is, for the back office, nobody: it is sent to the staff login like any visitor. And
customer pages never see a staff member (Flask-Login knows nothing of them): anonymous there.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, g, redirect, request, session, url_for

from shop.domain.staff import StaffRight
from shop.models import StaffMember
from shop.models.clock import utcnow
from shop.services.staff import load_staff

SESSION_KEY = "staff_token"


def load_current_staff() -> None:
    """before_request of the blueprint: g.staff is the logged-in staff member or None."""
    g.staff = load_staff(session.get(SESSION_KEY), utcnow())


def current_staff() -> StaffMember | None:
    return g.get("staff")


def staff_required(*rights: StaffRight, any_of: tuple[StaffRight, ...] = ()) -> Callable:
    """A logged-in staff member with every one of `rights` and one of `any_of`; else the staff
    login (nobody logged in) or 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            staff = current_staff()
            if staff is None:
                return redirect(url_for("back_office.login", next=request.full_path))
            if not all(staff.can(r) for r in rights) or (
                any_of and not any(staff.can(r) for r in any_of)
            ):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_staff_rights = frozenset(rights)
        wrapped.required_staff_any_of = frozenset(any_of)
        return wrapped

    return decorator
