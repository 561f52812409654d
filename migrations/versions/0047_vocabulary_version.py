"""add vocabulary_version: a token every change of the catalogue's names replaces (#10)

Search widens and corrects queries with the catalogue's own words (the names in
search_names). A process rebuilt them every SEARCH_VOCABULARY_SECONDS (300 s), so two web
processes could widen or correct one query differently for up to five minutes after a
product brought a new word. A process now keeps the vocabulary under this token
(shop.catalog.search.catalogue_vocabulary). Triggers on search_names replace it in the
writer's own transaction: a name added (search_names is filled by triggers on products,
migration 0018), renamed or removed.

On PostgreSQL the triggers are statement-level: a product's trigger inserts its three names
in one statement, most of them known already (ON CONFLICT DO NOTHING), so the token changes
only when a statement really added, renamed or removed a name (its transition table has
rows). As for stock_version (0043), a statement first locks the token's row: two writers of
names then take turns instead of each holding a new name the other inserts next and waiting
for the other's token row (a deadlock).

Revision ID: 0047
Revises: 0046
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0047"
down_revision = "0046"
branch_labels = None
depends_on = None

SQLITE_NEW_TOKEN = (
    "BEGIN UPDATE vocabulary_version SET token = lower(hex(randomblob(16))) WHERE id = 1; "
    "INSERT INTO vocabulary_version(id, token) SELECT 1, lower(hex(randomblob(16))) "
    "WHERE NOT EXISTS (SELECT 1 FROM vocabulary_version WHERE id = 1); END"
)
# SQLite's triggers are per row; an INSERT OR IGNORE of a known name fires none.
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER vocabulary_version_insert AFTER INSERT ON search_names {SQLITE_NEW_TOKEN}",
    "CREATE TRIGGER vocabulary_version_update AFTER UPDATE OF name ON search_names "
    f"WHEN OLD.name IS NOT NEW.name {SQLITE_NEW_TOKEN}",
    f"CREATE TRIGGER vocabulary_version_delete AFTER DELETE ON search_names {SQLITE_NEW_TOKEN}",
]
POSTGRESQL_NEW_TOKEN = "md5(random()::text || clock_timestamp()::text)"
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION vocabulary_version_lock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "PERFORM 1 FROM vocabulary_version WHERE id = 1 FOR UPDATE; "
    "IF NOT FOUND THEN INSERT INTO vocabulary_version(id, token) "
    f"VALUES (1, {POSTGRESQL_NEW_TOKEN}) ON CONFLICT (id) DO NOTHING; END IF; "
    "RETURN NULL; END $$",
    # `changed`: the statement's transition table (the rows it inserted, updated or deleted).
    "CREATE FUNCTION vocabulary_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'TRUNCATE' THEN "
    f"UPDATE vocabulary_version SET token = {POSTGRESQL_NEW_TOKEN} WHERE id = 1; "
    "ELSIF EXISTS (SELECT 1 FROM changed) THEN "
    f"UPDATE vocabulary_version SET token = {POSTGRESQL_NEW_TOKEN} WHERE id = 1; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER vocabulary_version_lock BEFORE INSERT OR UPDATE OF name OR DELETE "
    "ON search_names FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_version_lock()",
    "CREATE TRIGGER vocabulary_version_insert AFTER INSERT ON search_names "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_version_bump()",
    "CREATE TRIGGER vocabulary_version_update AFTER UPDATE ON search_names "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_version_bump()",
    "CREATE TRIGGER vocabulary_version_delete AFTER DELETE ON search_names "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_version_bump()",
    "CREATE TRIGGER vocabulary_version_truncate AFTER TRUNCATE ON search_names "
    "FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_version_bump()",
]


def upgrade():
    vocabulary_version = op.create_table(
        "vocabulary_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vocabulary_version")),
    )
    op.bulk_insert(vocabulary_version, [{"id": 1, "token": uuid.uuid4().hex}])
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in ("lock", "insert", "update", "delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS vocabulary_version_{name} ON search_names")
        op.execute("DROP FUNCTION IF EXISTS vocabulary_version_lock()")
        op.execute("DROP FUNCTION IF EXISTS vocabulary_version_bump()")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS vocabulary_version_{name}")
    op.drop_table("vocabulary_version")
