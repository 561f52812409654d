"""The test suite hashes passwords cheaply (tests/conftest.py); production never does."""

import pytest

from shop import create_app
from shop.services.password_hashing import hash_password, verify_password

STRONG_SECRET = "x" * 32
# RFC 9106's low-memory profile: 3 passes over 64 MiB, 4 lanes.
PRODUCTION_PARAMETERS = "m=65536,t=3,p=4"


@pytest.fixture
def production(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SHOP_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("SHOP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)
    monkeypatch.delenv("SHOP_DEV_PAGES", raising=False)


def test_production_hashes_passwords_at_full_argon2id_cost(production):
    app = create_app()

    with app.app_context():
        stored = hash_password("some-Password-1")
        assert verify_password(stored, "some-Password-1")

    assert stored.startswith(f"$argon2id$v=19${PRODUCTION_PARAMETERS}$")


def test_hashing_outside_an_app_uses_the_production_cost():
    assert f"${PRODUCTION_PARAMETERS}$" in hash_password("some-Password-1")


@pytest.mark.parametrize("cost", [(1, 8, 1), (3, 65536, 1), (2, 65536, 4), (3, 32768, 4)])
def test_production_refuses_a_lowered_hash_cost(production, cost):
    with pytest.raises(RuntimeError, match="PASSWORD_HASH_COST"):
        create_app({"PASSWORD_HASH_COST": cost})


def test_the_test_suite_hashes_cheaply_in_its_own_app(app_context):
    assert "$m=8,t=1,p=1$" in hash_password("some-Password-1")
