"""Product content (#12, §13): product types and why a product is not published.

A product type says what its products need before they are published (the firewall,
shop/domain/content_firewall.py); the problems the firewall found are kept per product so
the back office's content report can list, filter and count them.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db


class ProductType(db.Model):
    __tablename__ = "product_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Language-neutral name the catalogue import's "type" column refers to.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_de: Mapped[str] = mapped_column(String(200))
    requires_image: Mapped[bool] = mapped_column(default=True)
    requires_datasheet: Mapped[bool] = mapped_column(default=False)

    attributes: Mapped[list["ProductTypeAttribute"]] = relationship(
        order_by="ProductTypeAttribute.position", cascade="all, delete-orphan"
    )


class ProductTypeAttribute(db.Model):
    """An attribute every product of the type needs: its kind, unit and allowed values."""

    __tablename__ = "product_type_attributes"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_type_id: Mapped[int] = mapped_column(ForeignKey("product_types.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))  # content_firewall.AttributeKind
    unit: Mapped[str | None] = mapped_column(String(16))
    # The English values a choice allows; empty for text and number.
    allowed_values: Mapped[list] = mapped_column(JSON, default=list)
    # What operators and readers see (#12, the product type editor); empty until named.
    label_en: Mapped[str] = mapped_column(String(100), default="", server_default="")
    label_de: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The German wording of each allowed value, in the order of allowed_values (products keep
    # value_en and value_de, #11; the firewall compares the English one).
    allowed_values_de: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # An optional attribute may be missing; when given it must still fit kind, unit and values.
    required: Mapped[bool] = mapped_column(default=True, server_default=true())


class ProductContentProblem(db.Model):
    """One reason a product is not published, as the firewall found it."""

    __tablename__ = "product_content_problems"
    __table_args__ = (Index("ix_product_content_problems_problem", "problem", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    problem: Mapped[str] = mapped_column(String(32))  # content_firewall.ContentProblem
    key: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")


class CatalogImport(db.Model):
    """A catalogue import and its report: what was accepted, changed, left as it was and
    rejected with which reasons (the rows of `records`, as the service wrote them)."""

    __tablename__ = "catalog_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: imported on the command line.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    # "file" (a CSV file, named by `filename`) or "erp" (the ERP's article data, #12).
    source: Mapped[str] = mapped_column(String(8), default="file", server_default="file")
    filename: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    accepted: Mapped[int]
    changed: Mapped[int]
    unchanged: Mapped[int]
    rejected: Mapped[int]
    records: Mapped[list] = mapped_column(JSON)
