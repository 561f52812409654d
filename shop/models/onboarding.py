"""Customer onboarding (#12): each registered company's state, its recorded moves and notes, the
checklist template's manual items and what the operator ticked."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db
from shop.models.clock import utcnow


class Onboarding(db.Model):
    """Where a company stands in onboarding; a company without a row is enabled."""

    __tablename__ = "onboardings"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), unique=True)
    state: Mapped[str] = mapped_column(String(16))  # OnboardingState
    state_since: Mapped[datetime] = mapped_column(default=utcnow)
    training_at: Mapped[datetime | None]
    # Set when the reminder is queued: it goes out once per appointment.
    reminded_at: Mapped[datetime | None]


class OnboardingEvent(db.Model):
    """A move (from → to) or a note of a company's onboarding, by whom and when."""

    __tablename__ = "onboarding_events"
    __table_args__ = (Index("ix_onboarding_events_company_at", "company_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # None: the shop itself (the registration).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    from_state: Mapped[str | None] = mapped_column(String(16))
    # None: a note without a move.
    to_state: Mapped[str | None] = mapped_column(String(16))
    training_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")


class ChecklistItem(db.Model):
    """A manual item of the usage checklist template (the computed ones are fixed in code)."""

    __tablename__ = "onboarding_checklist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_de: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChecklistTick(db.Model):
    """A manual checklist item the operator ticked for a company."""

    __tablename__ = "onboarding_checklist_ticks"
    __table_args__ = (UniqueConstraint("company_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_checklist_items.id", ondelete="CASCADE")
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
