"""add shopping lists: named lists of products with quantities and notes (issue #15)

A list belongs to its owner and may be shared with the owner's company; its name is unique
per owner, a product is on a list once.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shopping_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("shared", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_shopping_lists_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_shopping_lists_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shopping_lists")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_shopping_lists_owner_id")),
    )
    with op.batch_alter_table("shopping_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shopping_lists_company_id"), ["company_id"], unique=False
        )
    op.create_table(
        "shopping_list_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["shopping_lists.id"],
            name=op.f("fk_shopping_list_lines_list_id_shopping_lists"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_shopping_list_lines_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shopping_list_lines")),
        sa.UniqueConstraint("list_id", "product_id", name=op.f("uq_shopping_list_lines_list_id")),
    )
    with op.batch_alter_table("shopping_list_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shopping_list_lines_list_id"), ["list_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("shopping_list_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shopping_list_lines_list_id"))
    op.drop_table("shopping_list_lines")
    with op.batch_alter_table("shopping_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shopping_lists_company_id"))
    op.drop_table("shopping_lists")
