"""add customer onboarding: states, moves and notes, checklist template and ticks (issue #12)

§13: a newly registered company moves Registered → Training → Check usage → Enabled; every
move and note is recorded; the usage checklist has manual items the operator ticks.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "onboardings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("state_since", sa.DateTime(), nullable=False),
        sa.Column("training_at", sa.DateTime(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_onboardings_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboardings")),
        sa.UniqueConstraint("company_id", name=op.f("uq_onboardings_company_id")),
    )
    op.create_table(
        "onboarding_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=200), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=True),
        sa.Column("training_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_onboarding_events_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.id"],
            name=op.f("fk_onboarding_events_staff_id_staff_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_events")),
    )
    with op.batch_alter_table("onboarding_events", schema=None) as batch_op:
        batch_op.create_index("ix_onboarding_events_company_at", ["company_id", "at"], unique=False)
    op.create_table(
        "onboarding_checklist_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_de", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_checklist_items")),
    )
    op.create_table(
        "onboarding_checklist_ticks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_onboarding_checklist_ticks_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["onboarding_checklist_items.id"],
            name=op.f("fk_onboarding_checklist_ticks_item_id_onboarding_checklist_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.id"],
            name=op.f("fk_onboarding_checklist_ticks_staff_id_staff_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_checklist_ticks")),
        sa.UniqueConstraint(
            "company_id", "item_id", name=op.f("uq_onboarding_checklist_ticks_company_id")
        ),
    )
    with op.batch_alter_table("onboarding_checklist_ticks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_onboarding_checklist_ticks_company_id"), ["company_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("onboarding_checklist_ticks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_onboarding_checklist_ticks_company_id"))
    op.drop_table("onboarding_checklist_ticks")
    op.drop_table("onboarding_checklist_items")
    with op.batch_alter_table("onboarding_events", schema=None) as batch_op:
        batch_op.drop_index("ix_onboarding_events_company_at")
    op.drop_table("onboarding_events")
    op.drop_table("onboardings")
