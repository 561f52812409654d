"""add listing_counts: catalogue counts kept for every web process, recounted after a minute

Counting all published products took longer than rendering a catalogue page at 100,000
products (issue #10); the count is kept per listing and recounted once it is older than
CATALOG_COUNT_SECONDS.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "listing_counts",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_listing_counts")),
    )


def downgrade():
    op.drop_table("listing_counts")
