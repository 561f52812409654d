"""backfill categories.live from the published products whose stock is known (#12)

Revision ID: 0033
Revises: 0032
"""

from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade():
    # The rule of shop.domain.live_categories, as shop.services.live_categories keeps it.
    op.execute(
        "UPDATE categories SET live = EXISTS (SELECT 1 FROM products "
        "JOIN stock_cache ON stock_cache.sku = products.sku "
        "WHERE products.category_id = categories.id AND products.published)"
    )


def downgrade():
    op.execute("UPDATE categories SET live = false")
