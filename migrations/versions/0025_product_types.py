"""add product types, products' content problems and catalogue import reports (issue #12)

§13: a product type says which attributes (kind, unit, allowed values), whether an image and
a data sheet its products need; products get a type; the problems the content firewall found
keep an unpublished product's reasons for the back office's content report; each catalogue
import keeps its report (accepted, changed, unchanged, rejected with reasons).

Revision ID: 0025
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "product_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_de", sa.String(length=200), nullable=False),
        sa.Column("requires_image", sa.Boolean(), nullable=False),
        sa.Column("requires_datasheet", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_product_types"),
        sa.UniqueConstraint("code", name="uq_product_types_code"),
    )
    op.create_table(
        "product_type_attributes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_type_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("allowed_values", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_type_id"],
            ["product_types.id"],
            name="fk_product_type_attributes_product_type_id_product_types",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_product_type_attributes"),
    )
    with op.batch_alter_table("product_type_attributes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_product_type_attributes_product_type_id", ["product_type_id"], unique=False
        )
    op.create_table(
        "product_content_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("problem", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_product_content_problems_product_id_products"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_product_content_problems"),
    )
    with op.batch_alter_table("product_content_problems", schema=None) as batch_op:
        batch_op.create_index(
            "ix_product_content_problems_product_id", ["product_id"], unique=False
        )
        batch_op.create_index(
            "ix_product_content_problems_problem", ["problem", "product_id"], unique=False
        )
    op.create_table(
        "catalog_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("records", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_members.id"], name="fk_catalog_imports_staff_id_staff_members"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_catalog_imports"),
    )
    # recreate="never": rebuilding products on SQLite would drop the full-text triggers (0007).
    # SQLite adds a column with its reference in one ALTER TABLE (constraints cannot be added
    # later there); PostgreSQL adds the named constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE products ADD COLUMN product_type_id INTEGER "
            "CONSTRAINT fk_products_product_type_id_product_types REFERENCES product_types (id)"
        )
    else:
        with op.batch_alter_table("products", schema=None) as batch_op:
            batch_op.add_column(sa.Column("product_type_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                "fk_products_product_type_id_product_types",
                "product_types",
                ["product_type_id"],
                ["id"],
            )
    with op.batch_alter_table("products", schema=None, recreate="never") as batch_op:
        batch_op.create_index("ix_products_product_type_id", ["product_type_id"], unique=False)


def downgrade():
    with op.batch_alter_table("products", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_products_product_type_id")
        batch_op.drop_column("product_type_id")
    op.drop_table("catalog_imports")
    op.drop_table("product_content_problems")
    op.drop_table("product_type_attributes")
    op.drop_table("product_types")
