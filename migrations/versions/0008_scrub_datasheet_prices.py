"""remove the list price from data sheets already stored (backfill, issue #14)

Data sheets carry no price any more (§2: technicians see none; one file serves everyone).
The demo data sheets stored before printed "List price / Listenpreis: ..." as one text
operation; it is blanked with spaces of the same length, so the PDF's byte offsets (xref)
stay valid and no other byte changes.

Revision ID: 0008
Revises: 0007
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The literal string of the old price line, with the PDF escapes \( \) \\ inside it.
PRICE_LINE = re.compile(rb"\(List price / Listenpreis: (?:[^()\\]|\\.)*\) Tj")
BATCH = 500


def _blank(match: re.Match) -> bytes:
    return b"(" + b" " * (len(match.group(0)) - len(b"() Tj")) + b") Tj"


def upgrade():
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.text(
                "SELECT id, content FROM product_media WHERE kind = 'datasheet' AND id > :last "
                "ORDER BY id LIMIT :batch"
            ),
            {"last": last_id, "batch": BATCH},
        ).all()
        if not rows:
            break
        for media_id, content in rows:
            scrubbed = PRICE_LINE.sub(_blank, bytes(content or b""))
            if scrubbed != bytes(content or b""):
                connection.execute(
                    sa.text("UPDATE product_media SET content = :content WHERE id = :id"),
                    {"content": scrubbed, "id": media_id},
                )
        last_id = rows[-1][0]


def downgrade():
    # On purpose nothing: the prices are not put back into the data sheets.
    pass
