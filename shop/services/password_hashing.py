"""Password hashing with Argon2id (the rule a password must follow: shop/domain/passwords.py)."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

from shop.config import PASSWORD_HASH_COST


@cache
def _hasher_costing(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    # The app's cost (only tests lower it); outside an app the production cost.
    cost = current_app.config["PASSWORD_HASH_COST"] if has_app_context() else PASSWORD_HASH_COST
    return _hasher_costing(*cost)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Verifying against this keeps the time of a login for an unknown e-mail like a real one.
    return hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    try:
        return (
            hasher.verify(password_hash or _dummy_hash(hasher), password)
            and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False
