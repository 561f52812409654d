"""add categories.live: a category goes live only with complete content and stock (#12)

§13: the storefront shows a category only when one of its products is published and its
stock is known. Working that out per request would read products at 100,000 of them, so the
flag is kept on the category (see shop.services.live_categories); the next migration fills it.

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("categories") as batch:
        batch.add_column(sa.Column("live", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("live")
