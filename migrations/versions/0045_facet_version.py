"""add facet_version: tokens every change of the kept facet bitmaps or their labels replaces (#10)

A category page read every kept bitmap row of its categories, with the labels of their
values, and decoded them on every request (~1.5 ms CPU for /catalog/fasteners on SQLite at
100,000 products, more on PostgreSQL with the rows' transfer); a search counted its hits'
facets in a grouped statement of its own. The pages now keep the decoded bitmaps and labels
per process under these tokens (shop.catalog.facet_bitmaps), read in the statement that
reads the stock and listing tokens.

Two rows, so that their writers never wait for each other's: row 1 is replaced by every
write of facet_bitmaps (shop.services.facet_bitmaps rebuilds a category's rows after
locking its categories row), row 2 when an attribute row's key, values or labels change
(an import relabelling a value; the labels shown are read from the attribute rows). An
import locks row 2, then the categories, then row 1; a publication the categories, then
row 1: one order, no deadlock. Inserted or deleted attribute rows change what is kept only
through the rebuild that goes with them (row 1).

On PostgreSQL a statement first locks its token row, as for stock_version (0043).

Revision ID: 0045
Revises: 0044
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0045"
down_revision = "0044"
branch_labels = None
depends_on = None

BITMAPS, LABELS = 1, 2
LABELLED = ("key", "value_en", "value_de", "label_en", "label_de")


def _sqlite_new_token(row: int) -> str:
    return (
        f"BEGIN UPDATE facet_version SET token = lower(hex(randomblob(16))) WHERE id = {row}; "
        f"INSERT INTO facet_version(id, token) SELECT {row}, lower(hex(randomblob(16))) "
        f"WHERE NOT EXISTS (SELECT 1 FROM facet_version WHERE id = {row}); END"
    )


SQLITE_LABELS_CHANGED = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in LABELLED)
SQLITE_TRIGGERS = [
    *(
        f"CREATE TRIGGER facet_version_{event.lower()} AFTER {event} ON facet_bitmaps "
        f"{_sqlite_new_token(BITMAPS)}"
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
    f"CREATE TRIGGER facet_version_labels AFTER UPDATE OF {', '.join(LABELLED)} "
    f"ON product_attributes WHEN {SQLITE_LABELS_CHANGED} {_sqlite_new_token(LABELS)}",
]
POSTGRESQL_NEW_TOKEN = "md5(random()::text || clock_timestamp()::text)"
POSTGRESQL_LABELS_CHANGED = " OR ".join(
    f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in LABELLED
)
POSTGRESQL_TRIGGERS = [
    # The token row is the trigger's argument.
    "CREATE FUNCTION facet_version_lock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "PERFORM 1 FROM facet_version WHERE id = TG_ARGV[0]::int FOR UPDATE; "
    "IF NOT FOUND THEN INSERT INTO facet_version(id, token) "
    f"VALUES (TG_ARGV[0]::int, {POSTGRESQL_NEW_TOKEN}) ON CONFLICT (id) DO NOTHING; END IF; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION facet_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE facet_version SET token = {POSTGRESQL_NEW_TOKEN} WHERE id = TG_ARGV[0]::int; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER facet_version_lock BEFORE INSERT OR UPDATE OR DELETE ON facet_bitmaps "
    f"FOR EACH STATEMENT EXECUTE FUNCTION facet_version_lock({BITMAPS})",
    "CREATE TRIGGER facet_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    f"ON facet_bitmaps FOR EACH STATEMENT EXECUTE FUNCTION facet_version_bump({BITMAPS})",
    f"CREATE TRIGGER facet_version_labels_lock BEFORE UPDATE OF {', '.join(LABELLED)} "
    "ON product_attributes FOR EACH STATEMENT "
    f"EXECUTE FUNCTION facet_version_lock({LABELS})",
    f"CREATE TRIGGER facet_version_labels AFTER UPDATE OF {', '.join(LABELLED)} "
    f"ON product_attributes FOR EACH ROW WHEN ({POSTGRESQL_LABELS_CHANGED}) "
    f"EXECUTE FUNCTION facet_version_bump({LABELS})",
]


def upgrade():
    facet_version = op.create_table(
        "facet_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facet_version")),
    )
    op.bulk_insert(
        facet_version,
        [{"id": BITMAPS, "token": uuid.uuid4().hex}, {"id": LABELS, "token": uuid.uuid4().hex}],
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, table in (
            ("lock", "facet_bitmaps"),
            ("bump", "facet_bitmaps"),
            ("labels_lock", "product_attributes"),
            ("labels", "product_attributes"),
        ):
            op.execute(f"DROP TRIGGER IF EXISTS facet_version_{name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS facet_version_lock()")
        op.execute("DROP FUNCTION IF EXISTS facet_version_bump()")
    else:
        for name in ("insert", "update", "delete", "labels"):
            op.execute(f"DROP TRIGGER IF EXISTS facet_version_{name}")
    op.drop_table("facet_version")
