"""Issue #14: the environment cannot quietly run the shop as development, nor production on a
weak secret. Only shop/config.py reads os.environ; these tests set it as an operator would."""

import pytest

from shop import create_app

STRONG_SECRET = "x" * 32


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SHOP_INSTANCE_DIR", str(tmp_path))
    for name in ("SHOP_ENV", "SECRET_KEY", "SHOP_DEV_PAGES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("value", ["Production", "PRODUCTION", "prod", " production", "", "dev"])
def test_an_unknown_shop_env_refuses_to_start_with_a_clear_error(environment, value):
    environment.setenv("SHOP_ENV", value)
    environment.setenv("SECRET_KEY", STRONG_SECRET)

    with pytest.raises(RuntimeError, match="SHOP_ENV") as refused:
        create_app()

    assert "production" in str(refused.value)


@pytest.mark.parametrize(
    "secret", ["", "a-real-secret", "x" * 31, "dev-only-secret-change-me"], ids=len
)
def test_production_refuses_an_empty_short_or_development_secret(environment, secret):
    environment.setenv("SHOP_ENV", "production")
    environment.setenv("SECRET_KEY", secret)

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_to_serve_the_development_mail_pages(environment):
    environment.setenv("SHOP_ENV", "production")
    environment.setenv("SECRET_KEY", STRONG_SECRET)
    environment.setenv("SHOP_DEV_PAGES", "1")

    with pytest.raises(RuntimeError, match="SHOP_DEV_PAGES"):
        create_app()


def test_production_with_a_strong_secret_starts_without_development_pages(environment):
    environment.setenv("SHOP_ENV", "production")
    environment.setenv("SECRET_KEY", STRONG_SECRET)

    production = create_app()

    assert production.config["ENV_NAME"] == "production"
    assert production.test_client().get("/dev/mails").status_code == 404
    assert production.config["SESSION_COOKIE_SECURE"] is True
