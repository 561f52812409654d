"""Shopping lists (#15): named lists of products with quantities and notes, personal or shared
with the company. The rules on who sees and changes them are in shop.domain.shopping_lists."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.domain.shopping_lists import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, ListFacts
from shop.extensions import db
from shop.models.catalog import Product
from shop.models.clock import utcnow
from shop.models.user import User


class ShoppingList(db.Model):
    __tablename__ = "shopping_lists"
    # A name is unique per owner: two of a user's lists cannot be told apart otherwise.
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH))
    shared: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    lines: Mapped[list["ShoppingListLine"]] = relationship(
        order_by="ShoppingListLine.id", cascade="all, delete-orphan"
    )

    @property
    def facts(self) -> ListFacts:
        return ListFacts(self.company_id, self.owner_id, self.shared)


class ShoppingListLine(db.Model):
    __tablename__ = "shopping_list_lines"
    __table_args__ = (UniqueConstraint("list_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("shopping_lists.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    note: Mapped[str] = mapped_column(String(MAX_NOTE_LENGTH), default="", server_default="")

    product: Mapped[Product] = relationship()
