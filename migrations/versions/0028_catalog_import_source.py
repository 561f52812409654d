"""add catalog_imports.source: an import's report says whether a file or the ERP was read (#12)

Every import kept so far read a file.

Revision ID: 0028
Revises: 0027
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("catalog_imports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=8), server_default="file", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("catalog_imports", schema=None) as batch_op:
        batch_op.drop_column("source")
