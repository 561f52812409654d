"""A user's standing in their company's customer center (§4)."""

from enum import StrEnum


class UserStatus(StrEnum):
    ACTIVE = "active"
    INVITED = "invited"  # active, but no password set yet
    INACTIVE = "inactive"


def may_resend_invitation(status: UserStatus) -> bool:
    """Whether a user may be sent a new invitation: they never set a password (links expire)."""
    return status == UserStatus.INVITED
