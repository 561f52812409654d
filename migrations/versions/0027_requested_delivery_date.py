"""add orders.requested_delivery_date: the day the customer asks to receive the order (#15)

Optional: orders placed before, and orders without a wish, have none.

Revision ID: 0027
Revises: 0026
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_delivery_date", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("requested_delivery_date")
