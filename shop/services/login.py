"""Checking a login attempt: find the account, verify the password, ask the domain's verdict."""

from dataclasses import dataclass

from sqlalchemy import func, select

from shop.domain.login import LoginVerdict, login_verdict
from shop.extensions import db
from shop.models import User
from shop.services.password_hashing import verify_password


@dataclass(frozen=True)
class LoginOutcome:
    verdict: LoginVerdict
    # Only when the verdict is ALLOWED: never hand out an account the login did not prove.
    user: User | None = None


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address, compared without case and surrounding spaces."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def check_login(email: str, password: str) -> LoginOutcome:
    """The verdict on logging in with this e-mail address and password (nothing is written)."""
    user = find_user_by_email(email)
    # Verified even for an unknown address, so the answer takes as long either way.
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        return LoginOutcome(LoginVerdict.REFUSED)
    verdict = login_verdict(
        password_ok=password_ok,
        user_active=user.active,
        has_password=user.password_hash is not None,
        company_has_access=user.company.customer_center,
    )
    return LoginOutcome(verdict, user if verdict is LoginVerdict.ALLOWED else None)
