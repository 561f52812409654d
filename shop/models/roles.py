"""Roles per company: the predefined bundles (rights from code) and custom ones (rights stored)."""

from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shop.domain.rights import PREDEFINED_ROLE_RIGHTS, PredefinedRole, Right
from shop.extensions import db

user_roles = Table(
    "user_roles",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
)


class Role(db.Model):
    __tablename__ = "roles"
    __table_args__ = (
        UniqueConstraint("company_id", "predefined", name="uq_roles_company_predefined"),
        UniqueConstraint("company_id", "name", name="uq_roles_company_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    # Set for the five predefined roles (their rights come from code); None for custom roles.
    predefined: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    # Rights of a custom role (Right values); empty for predefined roles.
    custom_rights: Mapped[list] = mapped_column(JSON, default=list)

    @property
    def rights(self) -> frozenset[Right]:
        if self.predefined:
            return PREDEFINED_ROLE_RIGHTS[PredefinedRole(self.predefined)]
        return frozenset(
            Right(value) for value in self.custom_rights if value in Right._value2member_map_
        )
