"""add facet_bitmaps: per category, the published products of each facet value as a bitmap (#11)

Filtered facet counts and the filtered category listing joined and grouped a large
category's attribute rows (120-570 ms at 100,000 products); bitmaps over the category's
products answer them with a few integer operations. Kept by shop.services.facet_bitmaps and
filled now, one category at a time.

Revision ID: 0039
Revises: 0038
"""

import sqlalchemy as sa
from alembic import op

from shop.domain.facet_bits import build_bits

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "facet_bitmaps",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value_en", sa.String(length=200), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("bits", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("category_id", "key", "value_en", name=op.f("pk_facet_bitmaps")),
    )
    connection = op.get_bind()
    category_ids = connection.execute(
        sa.text("SELECT DISTINCT category_id FROM products WHERE published")
    ).scalars()
    for category_id in sorted(category_ids):
        products = connection.execute(
            sa.text("SELECT id, manufacturer FROM products WHERE published AND category_id = :c"),
            {"c": category_id},
        ).all()
        attributes = connection.execute(
            sa.text(
                "SELECT a.product_id, a.key, a.value_en, a.number FROM product_attributes a "
                "JOIN products p ON p.id = a.product_id "
                "WHERE p.published AND p.category_id = :c"
            ),
            {"c": category_id},
        ).all()
        rows = [
            {
                "category_id": category_id,
                "key": kept.key,
                "value_en": kept.value_en,
                "number": kept.number,
                "bits": kept.bits,
            }
            for kept in build_bits(products, attributes)
        ]
        if rows:
            op.bulk_insert(table, rows)


def downgrade():
    op.drop_table("facet_bitmaps")
