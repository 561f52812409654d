"""A user's standing in their company's customer center (§4)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum


class UserStatus(StrEnum):
    ACTIVE = "active"
    INVITED = "invited"  # active, but no password set yet
    INACTIVE = "inactive"


def may_resend_invitation(status: UserStatus) -> bool:
    """Whether a user may be sent a new invitation: they never set a password (links expire)."""
    return status == UserStatus.INVITED


# Re-sending is for a lost or expired mail, not for flooding a colleague's inbox: at most this
# many invitations (the first included) per user within the window.
INVITATIONS_PER_WINDOW = 3
INVITATION_WINDOW = timedelta(hours=1)


def next_invitation_at(sent_at: Iterable[datetime], now: datetime) -> datetime | None:
    """When the next invitation may be sent, given when earlier ones were; None: now."""
    recent = sorted(at for at in sent_at if at > now - INVITATION_WINDOW)
    if len(recent) < INVITATIONS_PER_WINDOW:
        return None
    return recent[-INVITATIONS_PER_WINDOW] + INVITATION_WINDOW
