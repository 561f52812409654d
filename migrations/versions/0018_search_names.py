"""add search_names: the names search reads its vocabulary from (issue #11)

Search widens query words to the catalogue's compounds and corrects misspellings from the
words of product names and manufacturers. Reading them from 100,000 products took seconds;
this table holds each distinct name once, filled by triggers on `products` (so the demo
loader's and the generator's bulk inserts fill it too) and backfilled here.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

NAME_COLUMNS = ("name_en", "name_de", "manufacturer")

SQLITE_TRIGGERS = [
    "CREATE TRIGGER product_search_names_insert AFTER INSERT ON products BEGIN "
    "INSERT OR IGNORE INTO search_names(name) "
    "VALUES (new.name_en), (new.name_de), (new.manufacturer); END",
    "CREATE TRIGGER product_search_names_update "
    "AFTER UPDATE OF name_en, name_de, manufacturer ON products BEGIN "
    "INSERT OR IGNORE INTO search_names(name) "
    "VALUES (new.name_en), (new.name_de), (new.manufacturer); END",
]

POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION product_search_names() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_names(name) VALUES (NEW.name_en), (NEW.name_de), (NEW.manufacturer) "
    "ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER product_search_names AFTER INSERT OR UPDATE OF name_en, name_de, "
    "manufacturer ON products FOR EACH ROW EXECUTE FUNCTION product_search_names()",
]


def upgrade():
    op.create_table(
        "search_names",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_search_names")),
    )
    union = " UNION ".join(f"SELECT {column} FROM products" for column in NAME_COLUMNS)
    op.execute(f"INSERT INTO search_names(name) {union}")
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS product_search_names ON products")
        op.execute("DROP FUNCTION IF EXISTS product_search_names()")
    else:
        op.execute("DROP TRIGGER IF EXISTS product_search_names_insert")
        op.execute("DROP TRIGGER IF EXISTS product_search_names_update")
    op.drop_table("search_names")
