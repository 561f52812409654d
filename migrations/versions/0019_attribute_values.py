"""add per-language attribute values, number and unit, and facet indexes (issue #11)

Attribute values were one string, often "English / German" ("steel / Stahl"), shown as such
in both languages, and measurements were text ("40 mm"), so no filter could ask for a range.
This adds the attribute's key, its text per language, the number and unit of a
measurement and a copy of the product's category (a category's facet counts then come from
one index); 0020 fills them from the old strings and drops the old column. The
indexes serve the facet queries (shop/catalog/facets.py).

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(
            "ix_products_facets",
            ["published", "category_id", "manufacturer", "sku"],
            unique=False,
        )
    with op.batch_alter_table("product_attributes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("key", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("value_en", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("value_de", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("number", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("unit", sa.String(length=16), nullable=True))
        batch_op.drop_index("ix_product_attributes_product_id")
        batch_op.create_index(
            "ix_product_attributes_category_key",
            ["category_id", "key", "value_en", "number", "product_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_product_attributes_key_value", ["key", "value_en", "product_id"], unique=False
        )
        batch_op.create_index(
            "ix_product_attributes_key_number", ["key", "number", "product_id"], unique=False
        )
        batch_op.create_index(
            "ix_product_attributes_product_key",
            ["product_id", "key", "value_en", "category_id", "number"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index("ix_products_facets")
    with op.batch_alter_table("product_attributes", schema=None) as batch_op:
        batch_op.drop_index("ix_product_attributes_product_key")
        batch_op.drop_index("ix_product_attributes_key_number")
        batch_op.drop_index("ix_product_attributes_key_value")
        batch_op.drop_index("ix_product_attributes_category_key")
        batch_op.create_index("ix_product_attributes_product_id", ["product_id"], unique=False)
        batch_op.drop_column("unit")
        batch_op.drop_column("number")
        batch_op.drop_column("value_de")
        batch_op.drop_column("value_en")
        batch_op.drop_column("key")
        batch_op.drop_column("category_id")
