"""store each invoice's PDF with the language it was rendered in (issue #16)

An invoice is a legal document: the shop renders its PDF once, on the first download, and
serves the stored bytes from then on, never a re-rendering.

Revision ID: 0015
Revises: 0014
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("pdf_locale", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("pdf_locale")
        batch_op.drop_column("pdf")
