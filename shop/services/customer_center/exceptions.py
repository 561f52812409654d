"""Exceptions of the customer center's use cases, in one place: what the views turn into a
message next to the field, a flash or a 404."""

from datetime import datetime
from enum import StrEnum


class EmailInUse(Exception):
    """The e-mail address belongs to another shop account.

    `name` is the owner's name when the owner is a user of the acting company, who may
    know the colleague; it stays empty otherwise (another company's user is never told).
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self.name = name


class EmailNotAvailable(Exception):
    """The address cannot take a new account: it belongs to another company's user, or was
    taken in the same moment. Whose it is stays untold (the owner is mailed instead)."""


class InvalidEmailLink(Exception):
    """The confirmation link is unknown, used, expired or replaced by a newer one."""


class NotInCompany(Exception):
    """A user or absence of another company (or none at all): the view answers 404."""


class NotAllowed(Exception):
    """The actor may not change this (e.g. someone else's absence without MANAGE_APPROVERS)."""


class LastMainContact(Exception):
    """The change would leave the company without an active main contact (§4)."""


class NotInvited(Exception):
    """The user has set a password already: there is nothing to invite them to."""


class TooManyInvitations(Exception):
    """Invited too often lately (shop/domain/users.py); `retry_at` is when it may be sent."""

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(retry_at)
        self.retry_at = retry_at


class OwnAccount(Exception):
    """A user may not deactivate themselves: they would lock themselves out mid-session."""


class UnknownRole(Exception):
    """A role id that is not one of the company's roles."""


class RoleNameTaken(Exception):
    """The company has a role of this name already."""


class RoleInUse(Exception):
    """A custom role still assigned to users cannot be deleted."""

    def __init__(self, users: int) -> None:
        super().__init__(users)
        self.users = users


class PredefinedRoleIsReadOnly(Exception):
    """The predefined roles' rights come from code; they are not edited or deleted."""


class ApproverProblem(StrEnum):
    NOT_AN_APPROVER = "not_an_approver"
    OWN_ORDERS = "own_orders"


class AbsenceProblem(StrEnum):
    NOT_AN_APPROVER = "not_an_approver"
    DEPUTY = "deputy"  # not an active user of the company who may decide
    SELF_DEPUTY = "self_deputy"
    PAST = "past"
    OVERLAP = "overlap"


class InvalidApprovers(Exception):
    """Chosen approvers that cannot approve: not an active holder of the right, or the orderer."""

    def __init__(self, reason: ApproverProblem) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidAbsence(Exception):
    """An absence that cannot be saved; `field` names the form field to show it at."""

    def __init__(self, field_name: str, reason: AbsenceProblem) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


class RegistrationRefused(Exception):
    """The ERP did not confirm the details; the visitor is never told which one was wrong."""


class AlreadyRegistered(Exception):
    """The company uses the customer center already; its main contact can add the visitor."""

    def __init__(self, masked_main_contact: str) -> None:
        super().__init__(masked_main_contact)
        self.masked_main_contact = masked_main_contact


class CustomerDataInvalid(Exception):
    """The ERP's master data of this customer cannot be stored (e.g. control characters)."""
