"""add products.ean: the article's EAN (GTIN-13/8), unique where given (#11)

Optional: products without a barcode have none. Search and quick order find a product by it.

Revision ID: 0035
Revises: 0034
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade():
    # recreate="never": rebuilding products on SQLite would drop the full-text triggers.
    with op.batch_alter_table("products", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("ean", sa.String(length=13), nullable=True))
        batch_op.create_index("ix_products_ean", ["ean"], unique=True)


def downgrade():
    with op.batch_alter_table("products", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_products_ean")
        batch_op.drop_column("ean")
