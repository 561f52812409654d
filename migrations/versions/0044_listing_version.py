"""add listing_version: a token every change of a category listing's order replaces (#10)

A category page read its listing's ids sorted by the database on every request (~5 ms CPU
for page 1 of /catalog/fasteners on SQLite at 100,000 products) and walked them for a late
page of a broad filter (page 20 of f.thread=M6: ~100 ms). The pages now keep each listing's
sorted ids per process under this token (shop.catalog.listing_order). Triggers on products
replace it in the writer's own transaction: a product added or deleted, or a change of
what listings select or sort by (published, category, names, list price, SKU).

On PostgreSQL a statement first locks the token's row, as for stock_version (0043):
product writers take turns instead of deadlocking on it; inserts and deletes bump it once per
statement, updates once per changed row.

Revision ID: 0044
Revises: 0043
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None

COLUMNS = ("name_en", "name_de", "list_price", "sku", "published", "category_id")

SQLITE_NEW_TOKEN = (
    "BEGIN UPDATE listing_version SET token = lower(hex(randomblob(16))) WHERE id = 1; "
    "INSERT INTO listing_version(id, token) SELECT 1, lower(hex(randomblob(16))) "
    "WHERE NOT EXISTS (SELECT 1 FROM listing_version WHERE id = 1); END"
)
SQLITE_CHANGED = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COLUMNS)
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER listing_version_insert AFTER INSERT ON products {SQLITE_NEW_TOKEN}",
    f"CREATE TRIGGER listing_version_update AFTER UPDATE OF {', '.join(COLUMNS)} ON products "
    f"WHEN {SQLITE_CHANGED} {SQLITE_NEW_TOKEN}",
    f"CREATE TRIGGER listing_version_delete AFTER DELETE ON products {SQLITE_NEW_TOKEN}",
]
POSTGRESQL_NEW_TOKEN = "md5(random()::text || clock_timestamp()::text)"
POSTGRESQL_CHANGED = " OR ".join(
    f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in COLUMNS
)
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION listing_version_lock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "PERFORM 1 FROM listing_version WHERE id = 1 FOR UPDATE; "
    "IF NOT FOUND THEN INSERT INTO listing_version(id, token) "
    f"VALUES (1, {POSTGRESQL_NEW_TOKEN}) ON CONFLICT (id) DO NOTHING; END IF; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION listing_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE listing_version SET token = {POSTGRESQL_NEW_TOKEN} WHERE id = 1; "
    "RETURN NULL; END $$",
    f"CREATE TRIGGER listing_version_lock BEFORE INSERT OR DELETE OR UPDATE OF {', '.join(COLUMNS)} "
    "ON products FOR EACH STATEMENT EXECUTE FUNCTION listing_version_lock()",
    "CREATE TRIGGER listing_version_rows AFTER INSERT OR DELETE OR TRUNCATE ON products "
    "FOR EACH STATEMENT EXECUTE FUNCTION listing_version_bump()",
    f"CREATE TRIGGER listing_version_update AFTER UPDATE OF {', '.join(COLUMNS)} ON products "
    f"FOR EACH ROW WHEN ({POSTGRESQL_CHANGED}) EXECUTE FUNCTION listing_version_bump()",
]


def upgrade():
    listing_version = op.create_table(
        "listing_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_version")),
    )
    op.bulk_insert(listing_version, [{"id": 1, "token": uuid.uuid4().hex}])
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in ("lock", "rows", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS listing_version_{name} ON products")
        op.execute("DROP FUNCTION IF EXISTS listing_version_lock()")
        op.execute("DROP FUNCTION IF EXISTS listing_version_bump()")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS listing_version_{name}")
    op.drop_table("listing_version")
