"""add datasheet_downloads: who of which company downloaded which data sheet, when (#12)

The onboarding usage check's "data sheets downloaded" item counts them per company.

Revision ID: 0031
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "datasheet_downloads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_datasheet_downloads_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_datasheet_downloads_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_datasheet_downloads_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_datasheet_downloads")),
    )
    with op.batch_alter_table("datasheet_downloads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_datasheet_downloads_company_at", ["company_id", "at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("datasheet_downloads", schema=None) as batch_op:
        batch_op.drop_index("ix_datasheet_downloads_company_at")
    op.drop_table("datasheet_downloads")
