"""add labels, German allowed values and "required" to product type attributes (issue #12)

The back office's product type editor names each attribute in English and German (operators
and readers never see the key), gives a choice's allowed values in both languages (products
keep value_en and value_de, #11) and may mark an attribute optional: the firewall then lets a
product without it pass, but checks it when given. Existing attributes stay required.

Revision ID: 0029
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("product_type_attributes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("label_en", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("label_de", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("allowed_values_de", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(
            sa.Column("required", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("product_type_attributes", schema=None) as batch_op:
        batch_op.drop_column("required")
        batch_op.drop_column("allowed_values_de")
        batch_op.drop_column("label_de")
        batch_op.drop_column("label_en")
