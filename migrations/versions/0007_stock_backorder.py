"""add products.allows_backorder: may be ordered beyond its stock (§8)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# recreate="never": rebuilding the products table on SQLite would drop the triggers that
# keep the full-text index (product_fts, migration 0001) up to date. SQLite adds and drops
# a column in place.


def upgrade():
    with op.batch_alter_table("products", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("allows_backorder", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("products", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("allows_backorder")
