"""add stock_lookup: when the worker last asked the ERP for stock nobody knew yet (#12)

The content report shows it; opening the report no longer asks the ERP itself.

Revision ID: 0037
Revises: 0036
"""

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stock_lookup",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("looked_up_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_lookup")),
    )


def downgrade():
    op.drop_table("stock_lookup")
