"""Shop users (people of a customer company) and their single-use password tokens."""

from datetime import datetime
from decimal import Decimal

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.domain.budgets import Budget
from shop.domain.rights import PredefinedRole, Right
from shop.extensions import db
from shop.models.clock import utcnow
from shop.models.roles import Role, user_roles
from shop.models.types import FixedDecimal


class User(UserMixin, db.Model):
    __tablename__ = "users"

    # The raw token of the session this request runs in (see shop/services/sessions.py);
    # Flask-Login keeps it in the session cookie. Not a column: only its hash is stored.
    login_token = None

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until the user has set a password through a mailed link.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    erp_contact_id: Mapped[str | None] = mapped_column(String(64))
    # A new address waiting for confirmation by a link sent to it (§4).
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # §5: False means the company's default budget applies.
    has_own_budget: Mapped[bool] = mapped_column(default=False)
    max_quantity_per_order: Mapped[int | None]
    max_order_value: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    monthly_budget: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped["Company"] = relationship(back_populates="users")  # noqa: F821
    roles: Mapped[list[Role]] = relationship(secondary=user_roles, order_by=Role.id)

    @property
    def rights(self) -> frozenset[Right]:
        """The union of the user's roles' rights (§2)."""
        return frozenset().union(*(role.rights for role in self.roles))

    def can(self, right: Right) -> bool:
        return right in self.rights

    @property
    def is_main_contact(self) -> bool:
        return any(role.predefined == PredefinedRole.MAIN_CONTACT.value for role in self.roles)

    @property
    def own_budget(self) -> Budget | None:
        if not self.has_own_budget:
            return None
        return Budget(self.max_quantity_per_order, self.max_order_value, self.monthly_budget)

    @property
    def is_active(self) -> bool:
        return self.active and self.password_hash is not None and self.company.customer_center

    def get_id(self) -> str | None:
        return self.login_token

    def end_sessions(self, now: datetime | None = None) -> None:
        """End every session of this user, in the caller's transaction (issue #14)."""
        db.session.execute(
            update(UserSession)
            .where(UserSession.user_id == self.id, UserSession.ended_at.is_(None))
            .values(ended_at=now or utcnow())
        )


class PasswordToken(db.Model):
    """A single-use, expiring link to set a password; only its hash is stored."""

    __tablename__ = "password_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class UserSession(db.Model):
    """One login of a user: the cookie carries a random token, only its hash is stored here.

    Checked on every request, so logout, a password change, deactivation and "log out
    everywhere" end sessions in every web process at once (issue #14).
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
