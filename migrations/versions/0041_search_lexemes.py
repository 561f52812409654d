"""add search_lexemes: the words of title_vector, for suggestions' prefixes (#11)

On PostgreSQL a prefix ("bol:*") made the GIN index scan every entry of its range and
build one bitmap of them all: 13.6 ms for "bol" at 100,000 products, where the three
words it stands for ("bolt | boltless | bolzenanker") took 3.7 ms. This table holds every
word of `products.title_vector` but numbers (SKUs' digits), once, filled by a trigger (so
bulk inserts fill it too) and backfilled here; search looks a prefix's words up in it.
SQLite's FTS5 answers prefixes from its own index: the table stays empty there.

Revision ID: 0041
Revises: 0040
"""

import sqlalchemy as sa
from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

WORDS = (
    "SELECT lexeme FROM unnest(tsvector_to_array({vector})) AS lexeme "
    "WHERE lexeme !~ '^[-+.0-9]' AND length(lexeme) <= 300"
)

POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION product_search_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"INSERT INTO search_lexemes(lexeme) {WORDS.format(vector='NEW.title_vector')} "
    "ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER product_search_lexemes AFTER INSERT OR UPDATE OF sku, name_en, name_de, "
    "manufacturer ON products FOR EACH ROW EXECUTE FUNCTION product_search_lexemes()",
]


def upgrade():
    op.create_table(
        "search_lexemes",
        sa.Column("lexeme", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("lexeme", name=op.f("pk_search_lexemes")),
    )
    op.create_index(
        "ix_search_lexemes_prefix",
        "search_lexemes",
        ["lexeme"],
        postgresql_ops={"lexeme": "text_pattern_ops"},
    )
    if op.get_bind().dialect.name == "postgresql":
        words = WORDS.format(vector="products.title_vector")
        op.execute(
            f"INSERT INTO search_lexemes(lexeme) SELECT DISTINCT lexeme FROM products, "
            f"LATERAL ({words}) AS words"
        )
        for statement in POSTGRESQL_TRIGGERS:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS product_search_lexemes ON products")
        op.execute("DROP FUNCTION IF EXISTS product_search_lexemes()")
    op.drop_index("ix_search_lexemes_prefix", table_name="search_lexemes")
    op.drop_table("search_lexemes")
