"""A user's standing in their company's customer center (§4)."""

from enum import StrEnum


class UserStatus(StrEnum):
    ACTIVE = "active"
    INVITED = "invited"  # active, but no password set yet
    INACTIVE = "inactive"
