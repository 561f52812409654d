"""add products.title_vector on PostgreSQL: SKU, names and manufacturer with their own GIN index (#11)

Search's first two tiers look for words in SKU, names and manufacturer only. Restricting
search_vector's lexemes to weights A and B made PostgreSQL recheck every candidate row's
tsvector (the GIN index does not hold weights); this column holds just those words, so its
index answers the tiers alone. SQLite's FTS5 table already searches those columns by name.

Revision ID: 0036
Revises: 0035
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE products ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
        "to_tsvector('simple', coalesce(sku, '') || ' ' || coalesce(name_en, '') || ' ' || "
        "coalesce(name_de, '') || ' ' || coalesce(manufacturer, ''))) STORED"
    )
    op.execute("CREATE INDEX ix_products_title_vector ON products USING gin (title_vector)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_products_title_vector")
    op.execute("ALTER TABLE products DROP COLUMN IF EXISTS title_vector")
