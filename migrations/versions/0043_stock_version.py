"""add stock_version: a token every change of a product's "in stock" replaces (#10)

A category page's "in stock" filter and count took a join over the category's products and
the stock cache on every request (~13 ms CPU for 16,600 products on SQLite). The pages now
keep each category's "in stock" bitmap per process under this token (shop.catalog.
in_stock_bits). Triggers on stock_cache replace it in the writer's own transaction, so every
writer (the ERP answers, imports, tests, plain SQL) bumps it; only a change of whether a
level is above zero does, so refreshing levels that stay in stock keeps the bitmaps.

On PostgreSQL a statement first locks the token's row: two writers then never hold stock
rows and wait for each other's token row (a deadlock); they take turns instead, as the
stock cache is written a few rows at a time in short transactions of their own.

Revision ID: 0043
Revises: 0042
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None

# Not INSERT OR REPLACE: an upsert's own ON CONFLICT overrides a trigger's conflict clause.
SQLITE_NEW_TOKEN = (
    "BEGIN UPDATE stock_version SET token = lower(hex(randomblob(16))) WHERE id = 1; "
    "INSERT INTO stock_version(id, token) SELECT 1, lower(hex(randomblob(16))) "
    "WHERE NOT EXISTS (SELECT 1 FROM stock_version WHERE id = 1); END"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER stock_version_insert AFTER INSERT ON stock_cache "
    f"WHEN NEW.quantity > 0 {SQLITE_NEW_TOKEN}",
    "CREATE TRIGGER stock_version_update AFTER UPDATE ON stock_cache "
    f"WHEN (OLD.quantity > 0) <> (NEW.quantity > 0) OR OLD.sku <> NEW.sku {SQLITE_NEW_TOKEN}",
    "CREATE TRIGGER stock_version_delete AFTER DELETE ON stock_cache "
    f"WHEN OLD.quantity > 0 {SQLITE_NEW_TOKEN}",
]
POSTGRESQL_NEW_TOKEN = "md5(random()::text || clock_timestamp()::text)"
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION stock_version_lock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "PERFORM 1 FROM stock_version WHERE id = 1 FOR UPDATE; "
    "IF NOT FOUND THEN INSERT INTO stock_version(id, token) "
    f"VALUES (1, {POSTGRESQL_NEW_TOKEN}) ON CONFLICT (id) DO NOTHING; END IF; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION stock_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE stock_version SET token = {POSTGRESQL_NEW_TOKEN} WHERE id = 1; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER stock_version_lock BEFORE INSERT OR UPDATE OR DELETE ON stock_cache "
    "FOR EACH STATEMENT EXECUTE FUNCTION stock_version_lock()",
    "CREATE TRIGGER stock_version_insert AFTER INSERT ON stock_cache FOR EACH ROW "
    "WHEN (NEW.quantity > 0) EXECUTE FUNCTION stock_version_bump()",
    "CREATE TRIGGER stock_version_update AFTER UPDATE ON stock_cache FOR EACH ROW "
    "WHEN ((OLD.quantity > 0) <> (NEW.quantity > 0) OR OLD.sku <> NEW.sku) "
    "EXECUTE FUNCTION stock_version_bump()",
    "CREATE TRIGGER stock_version_delete AFTER DELETE ON stock_cache FOR EACH ROW "
    "WHEN (OLD.quantity > 0) EXECUTE FUNCTION stock_version_bump()",
    "CREATE TRIGGER stock_version_truncate AFTER TRUNCATE ON stock_cache "
    "FOR EACH STATEMENT EXECUTE FUNCTION stock_version_bump()",
]


def upgrade():
    stock_version = op.create_table(
        "stock_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_version")),
    )
    op.bulk_insert(stock_version, [{"id": 1, "token": uuid.uuid4().hex}])
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    for name in ("insert", "update", "delete", "truncate", "lock"):
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS stock_version_{name} ON stock_cache")
        elif name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS stock_version_{name}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS stock_version_lock()")
        op.execute("DROP FUNCTION IF EXISTS stock_version_bump()")
    op.drop_table("stock_version")
