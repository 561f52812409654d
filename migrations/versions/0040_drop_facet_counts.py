"""drop facet_counts: the facet bitmaps (0039) give the unfiltered counts too (#11)

Nothing reads the kept counts since category pages count from the bitmaps; keeping both
doubled the work of every publish, withdraw and import.

Revision ID: 0040
Revises: 0039
"""

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("facet_counts")


def downgrade():
    op.create_table(
        "facet_counts",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value_en", sa.String(length=200), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("products", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("category_id", "key", "value_en", name=op.f("pk_facet_counts")),
    )
    op.execute(
        "INSERT INTO facet_counts (category_id, key, value_en, number, products) "
        "SELECT products.category_id, product_attributes.key, product_attributes.value_en, "
        "min(product_attributes.number), count(*) "
        "FROM product_attributes JOIN products ON products.id = product_attributes.product_id "
        "WHERE products.published "
        "GROUP BY products.category_id, product_attributes.key, product_attributes.value_en"
    )
    op.execute(
        "INSERT INTO facet_counts (category_id, key, value_en, number, products) "
        "SELECT category_id, '@manufacturer', manufacturer, NULL, count(*) FROM products "
        "WHERE published AND manufacturer != '' GROUP BY category_id, manufacturer"
    )
