"""Dates and times in the reader's language (#15): a German reader sees 29.11.2026, 22:38, an
English one 29 Nov 2026, 22:38 (never 11/29/26), both in the shop's time zone; the English
pattern and the time zone are settings, and a setting that cannot work refuses to start."""

from datetime import datetime

import pytest
from sqlalchemy import update

from shop import create_app
from shop.extensions import db
from shop.models import Order
from tests.clients import logged_in, text_of
from tests.factories import make_company, make_order, make_user

# 21:38 UTC is 22:38 in Berlin (CET).
PLACED_AT = datetime(2026, 11, 29, 21, 38)


@pytest.fixture
def order_of(app_context, erp):
    def order_of_(locale: str):
        buyer = make_user(make_company(customer_number="10001"), locale=locale)
        order = make_order(buyer)
        db.session.execute(update(Order).where(Order.id == order.id).values(created_at=PLACED_AT))
        db.session.commit()
        return buyer, order.number

    return order_of_


def test_a_german_reader_sees_german_dates_on_the_order_list_and_the_order(app, order_of):
    buyer, number = order_of("de")
    client = logged_in(app, buyer)

    listing = text_of(client.get("/orders"))
    detail = text_of(client.get(f"/orders/{number}"))

    assert "29.11.2026, 22:38" in listing
    assert "29.11.2026, 22:38" in detail
    assert "29.11.26" not in listing


def test_an_english_reader_sees_the_day_before_the_month(app, order_of):
    buyer, number = order_of("en")
    client = logged_in(app, buyer)

    listing = text_of(client.get("/orders"))

    assert "29 Nov 2026, 22:38" in listing
    assert "11/29/26" not in listing and "10:38 PM" not in listing


def test_the_english_pattern_and_the_time_zone_are_settings(app, order_of, monkeypatch):
    buyer, _ = order_of("en")
    client = logged_in(app, buyer)
    monkeypatch.setitem(app.config, "EN_DATE_PATTERN", "dd/MM/y")
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "Europe/London")

    listing = text_of(client.get("/orders"))

    assert "29/11/2026, 21:38" in listing


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SHOP_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("SHOP_ENV", raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SHOP_TIMEZONE", "Mars/Olympus_Mons"),
        ("SHOP_TIMEZONE", "../../etc/passwd"),
        ("SHOP_TIMEZONE", ""),
        ("EN_DATE_PATTERN", "MMM y"),  # no day
        ("EN_DATE_PATTERN", ""),
    ],
)
def test_a_date_setting_that_cannot_work_refuses_to_start(environment, name, value):
    environment.setenv(name, value)

    with pytest.raises(RuntimeError, match=name):
        create_app()


def test_the_date_settings_are_read_from_the_environment(environment):
    environment.setenv("SHOP_TIMEZONE", "America/New_York")
    environment.setenv("EN_DATE_PATTERN", "y-MM-dd")

    app = create_app()

    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "America/New_York"
    assert app.config["EN_DATE_PATTERN"] == "y-MM-dd"
