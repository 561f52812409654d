"""make a product's standard searchable, ranked with SKU and names (#11)

Buyers search by standard ("EN 388", "ISO 2936"), but the `standard` attribute was in no
search index: products whose name and description do not repeat it were not found.
`products.standards` holds the words of a product's standards (EN and DE texts) that its
title does not hold already, kept by triggers on `product_attributes` and on renames, so
imports, publishing, the demo loader, the generator and plain SQL all keep it right. The
search columns take it in the title tier: SQLite's product_fts gets a `standards` column
(the table is rebuilt with its prefix indexes; the triggers of 0001 are recreated with
the column; ~30 s at 100,000 products); PostgreSQL's generated `search_vector` (weight A,
as names) and `title_vector` are recreated with it (~30 s), and search_lexemes
(suggestions' prefixes) takes its words.

Revision ID: 0046
Revises: 0045
"""

from alembic import op

revision = "0046"
down_revision = "0045"
branch_labels = None
depends_on = None


# A product's standards: the words of its `standard` attributes (EN and DE texts) that its
# title (SKU, names, manufacturer) does not already hold, once each. A word the title
# holds is found there already; indexed again it would lengthen the row, and bm25 ranks
# longer rows lower: "screw" put frame anchors above countersunk screws (judged set).
# The title is compared as lower-cased words between spaces, commas, slashes, semicolons.
def _title(row: str) -> str:
    text = " || ' ' || ".join(
        f"coalesce({row}.{c}, '')" for c in ("sku", "name_en", "name_de", "manufacturer")
    )
    return f"' ' || lower(replace(replace(replace({text}, ',', ' '), '/', ' '), ';', ' ')) || ' '"


def _sqlite_standards(row: str) -> str:
    # SQLite has no split function: a recursive CTE cuts the texts at spaces.
    return (
        "(SELECT group_concat(word, ' ') FROM (SELECT DISTINCT lower(word) AS word FROM ("
        "WITH RECURSIVE words(rest, word) AS (SELECT (SELECT group_concat(a.value_en || ' ' "
        f"|| a.value_de, ' ') FROM product_attributes a WHERE a.product_id = {row}.id "
        "AND a.key = 'standard') || ' ', '' UNION ALL SELECT substr(rest, instr(rest, ' ') "
        "+ 1), substr(rest, 1, instr(rest, ' ') - 1) FROM words WHERE rest <> '') "
        "SELECT word FROM words) WHERE word NOT IN ('', '/') "
        f"AND instr({_title(row)}, ' ' || lower(word) || ' ') = 0))"
    )


POSTGRESQL_FUNCTION = (
    "CREATE FUNCTION product_standards_of(product integer, title text) RETURNS text "
    "LANGUAGE sql STABLE AS $$ SELECT string_agg(DISTINCT lower(word), ' ') "
    "FROM product_attributes a, regexp_split_to_table(a.value_en || ' ' || a.value_de, "
    "'\\s+') AS word WHERE a.product_id = product AND a.key = 'standard' "
    "AND word NOT IN ('', '/') AND position(' ' || lower(word) || ' ' IN title) = 0 $$"
)
POSTGRESQL_STANDARDS = f"product_standards_of(products.id, {_title('products')})"


def _set_standards(expression: str, ids: str) -> str:
    # Rows whose standards stay as they are are not written: each write renews the
    # product's full-text entry.
    return (
        f"UPDATE products SET standards = {expression} WHERE id IN ({ids}) "
        f"AND standards IS DISTINCT FROM {expression}"
    )


def _sqlite_set_standards(ids: str) -> str:
    expression = _sqlite_standards("products")
    return (
        f"UPDATE products SET standards = {expression} WHERE id IN ({ids}) "
        f"AND standards IS NOT {expression}"
    )


FTS_COLUMNS = "sku, name_en, name_de, description_en, description_de, manufacturer"
FTS_CREATE = (
    "CREATE VIRTUAL TABLE product_fts USING fts5({columns}, content='products', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)


def _fts_triggers(columns: str) -> list[str]:
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    insert = f"INSERT INTO product_fts(rowid, {columns}) VALUES (new.id, {new});"
    delete = (
        f"INSERT INTO product_fts(product_fts, rowid, {columns}) VALUES ('delete', old.id, {old});"
    )
    return [
        f"CREATE TRIGGER product_fts_insert AFTER INSERT ON products BEGIN {insert} END",
        f"CREATE TRIGGER product_fts_delete AFTER DELETE ON products BEGIN {delete} END",
        f"CREATE TRIGGER product_fts_update AFTER UPDATE ON products BEGIN {delete} {insert} END",
    ]


def _sqlite_fts(columns: str) -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS product_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS product_fts")
    op.execute(FTS_CREATE.format(columns=columns))
    op.execute("INSERT INTO product_fts(product_fts) VALUES ('rebuild')")
    for statement in _fts_triggers(columns):
        op.execute(statement)


SQLITE_TRIGGERS = [
    "CREATE TRIGGER product_standards_insert AFTER INSERT ON product_attributes "
    f"WHEN new.key = 'standard' BEGIN {_sqlite_set_standards('new.product_id')}; END",
    "CREATE TRIGGER product_standards_update "
    "AFTER UPDATE OF product_id, key, value_en, value_de, position ON product_attributes "
    "WHEN old.key = 'standard' OR new.key = 'standard' BEGIN "
    f"{_sqlite_set_standards('old.product_id, new.product_id')}; END",
    "CREATE TRIGGER product_standards_delete AFTER DELETE ON product_attributes "
    f"WHEN old.key = 'standard' BEGIN {_sqlite_set_standards('old.product_id')}; END",
    # A renamed product's title may now hold a word of its standards, or no longer.
    "CREATE TRIGGER product_standards_title "
    "AFTER UPDATE OF sku, name_en, name_de, manufacturer ON products BEGIN "
    f"{_sqlite_set_standards('new.id')}; END",
]

# Statement-level with transition tables: a bulk insert of attributes (generator, import)
# writes each product once, in one UPDATE.
_CHANGED = {
    "INSERT": "SELECT product_id FROM new_rows WHERE key = 'standard'",
    "DELETE": "SELECT product_id FROM old_rows WHERE key = 'standard'",
    "UPDATE": "SELECT product_id FROM new_rows WHERE key = 'standard' "
    "UNION SELECT product_id FROM old_rows WHERE key = 'standard'",
}
POSTGRESQL_TRIGGERS = [
    POSTGRESQL_FUNCTION,
    "CREATE FUNCTION product_standards() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP = 'INSERT' THEN {_set_standards(POSTGRESQL_STANDARDS, _CHANGED['INSERT'])}; "
    f"ELSIF TG_OP = 'DELETE' THEN {_set_standards(POSTGRESQL_STANDARDS, _CHANGED['DELETE'])}; "
    f"ELSE {_set_standards(POSTGRESQL_STANDARDS, _CHANGED['UPDATE'])}; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER product_standards_insert AFTER INSERT ON product_attributes "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_standards()",
    "CREATE TRIGGER product_standards_update AFTER UPDATE ON product_attributes "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION product_standards()",
    "CREATE TRIGGER product_standards_delete AFTER DELETE ON product_attributes "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION product_standards()",
    # A renamed product's title may now hold a word of its standards, or no longer.
    "CREATE FUNCTION product_standards_title() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"NEW.standards := product_standards_of(NEW.id, {_title('NEW')}); RETURN NEW; END $$",
    "CREATE TRIGGER product_standards_title BEFORE UPDATE OF sku, name_en, name_de, "
    "manufacturer ON products FOR EACH ROW EXECUTE FUNCTION product_standards_title()",
]


def _postgresql_vectors(standards: bool) -> list[str]:
    extra = " || ' ' || coalesce(standards, '')" if standards else ""
    return [
        "ALTER TABLE products DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE products DROP COLUMN IF EXISTS title_vector",
        "ALTER TABLE products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', coalesce(sku, '')), 'A') || "
        "setweight(to_tsvector('simple', coalesce(name_en, '') || ' ' || "
        f"coalesce(name_de, ''){extra}), 'A') || "
        "setweight(to_tsvector('simple', coalesce(manufacturer, '')), 'B') || "
        "setweight(to_tsvector('simple', coalesce(description_en, '') || ' ' || "
        "coalesce(description_de, '')), 'C')) STORED",
        "CREATE INDEX ix_products_search_vector ON products USING gin (search_vector)",
        "ALTER TABLE products ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
        "to_tsvector('simple', coalesce(sku, '') || ' ' || coalesce(name_en, '') || ' ' || "
        f"coalesce(name_de, '') || ' ' || coalesce(manufacturer, ''){extra})) STORED",
        "CREATE INDEX ix_products_title_vector ON products USING gin (title_vector)",
    ]


def _postgresql_lexemes_trigger(columns: str) -> list[str]:
    # Migration 0041's trigger, on the columns title_vector is made of.
    return [
        "DROP TRIGGER IF EXISTS product_search_lexemes ON products",
        f"CREATE TRIGGER product_search_lexemes AFTER INSERT OR UPDATE OF {columns} "
        "ON products FOR EACH ROW EXECUTE FUNCTION product_search_lexemes()",
    ]


TITLE_COLUMNS = "sku, name_en, name_de, manufacturer"
ATTRIBUTE_IDS = "SELECT product_id FROM product_attributes WHERE key = 'standard'"


def upgrade():
    op.execute("ALTER TABLE products ADD COLUMN standards TEXT")
    if op.get_bind().dialect.name == "postgresql":
        # The vectors go first, so the backfill does not compute them twice.
        op.execute("ALTER TABLE products DROP COLUMN search_vector")
        op.execute("ALTER TABLE products DROP COLUMN title_vector")
        op.execute(POSTGRESQL_FUNCTION)
        op.execute(_set_standards(POSTGRESQL_STANDARDS, ATTRIBUTE_IDS))
        for statement in _postgresql_vectors(standards=True):
            op.execute(statement)
        for statement in _postgresql_lexemes_trigger(f"{TITLE_COLUMNS}, standards"):
            op.execute(statement)
        op.execute(
            "INSERT INTO search_lexemes(lexeme) SELECT DISTINCT lexeme FROM products, "
            "LATERAL (SELECT lexeme FROM unnest(tsvector_to_array(to_tsvector('simple', "
            "products.standards))) AS lexeme WHERE lexeme !~ '^[-+.0-9]' "
            "AND length(lexeme) <= 300) AS words WHERE products.standards IS NOT NULL "
            "ON CONFLICT DO NOTHING"
        )
        for statement in POSTGRESQL_TRIGGERS[1:]:
            op.execute(statement)
        return
    # The old full-text table goes first, so the backfill does not renew its rows.
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS product_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS product_fts")
    op.execute(_sqlite_set_standards(ATTRIBUTE_IDS))
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)
    # After them: SQLite fires the newest trigger first, so on a rename product_fts takes
    # the new title before product_standards_title's own update renews the standards.
    _sqlite_fts(f"{FTS_COLUMNS}, standards")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS product_standards_{name} ON product_attributes")
        op.execute("DROP TRIGGER IF EXISTS product_standards_title ON products")
        op.execute("DROP FUNCTION IF EXISTS product_standards_title()")
        op.execute("DROP FUNCTION IF EXISTS product_standards()")
        for statement in _postgresql_lexemes_trigger(TITLE_COLUMNS):
            op.execute(statement)
        for statement in _postgresql_vectors(standards=False):
            op.execute(statement)
        op.execute("ALTER TABLE products DROP COLUMN standards")
        op.execute("DROP FUNCTION IF EXISTS product_standards_of(integer, text)")
        return
    for name in ("insert", "update", "delete", "title"):
        op.execute(f"DROP TRIGGER IF EXISTS product_standards_{name}")
    _sqlite_fts(FTS_COLUMNS)
    op.execute("ALTER TABLE products DROP COLUMN standards")
