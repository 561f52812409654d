"""Who may log in: the verdict on a login attempt, decided from plain facts."""

from enum import StrEnum


class LoginVerdict(StrEnum):
    ALLOWED = "allowed"
    # §7: the ERP withdrew the company's customer-center flag; nothing is deleted, and the
    # user is told so once the password proved who they are.
    COMPANY_SUSPENDED = "company_suspended"
    # Unknown address, wrong password, deactivated user or no password set yet: one answer
    # for all, so a login never tells which part was wrong.
    REFUSED = "refused"


def login_verdict(
    *, password_ok: bool, user_active: bool, has_password: bool, company_has_access: bool
) -> LoginVerdict:
    """The verdict on a login with these facts about the account (none when it is unknown)."""
    if not (password_ok and user_active):
        return LoginVerdict.REFUSED
    if not company_has_access:
        return LoginVerdict.COMPANY_SUSPENDED
    if not has_password:
        return LoginVerdict.REFUSED
    return LoginVerdict.ALLOWED
