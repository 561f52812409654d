"""Who may log in (shop/domain/login.py): every combination of the facts about an account."""

import itertools

import pytest

from shop.domain.login import LoginVerdict, login_verdict


def test_a_proven_active_user_of_a_company_with_access_may_log_in():
    verdict = login_verdict(
        password_ok=True, user_active=True, has_password=True, company_has_access=True
    )

    assert verdict is LoginVerdict.ALLOWED


def test_a_user_of_a_suspended_company_is_told_so_once_the_password_is_right():
    verdict = login_verdict(
        password_ok=True, user_active=True, has_password=True, company_has_access=False
    )

    assert verdict is LoginVerdict.COMPANY_SUSPENDED


@pytest.mark.parametrize(
    ("password_ok", "user_active", "has_password", "company_has_access"),
    [
        facts
        for facts in itertools.product([True, False], repeat=4)
        # Wrong password or deactivated, whatever else; or no password set yet.
        if facts[:2] != (True, True) or facts[2:] == (False, True)
    ],
)
def test_every_other_login_gets_the_one_refusal(
    password_ok, user_active, has_password, company_has_access
):
    verdict = login_verdict(
        password_ok=password_ok,
        user_active=user_active,
        has_password=has_password,
        company_has_access=company_has_access,
    )

    # A wrong password or a deactivated user never learns about the company's suspension.
    assert verdict is LoginVerdict.REFUSED
