"""The long lists (approval inbox, user list) render their rows without template calls per
row (#10): a row's translations, formatted amounts and dates are finished before the
template sees them, so a page of many rows asks the template's helpers no more often than a
page of few."""

import re
from collections import Counter
from decimal import Decimal
from functools import partial, wraps
from types import FunctionType
from unittest.mock import patch

import flask_babel
import pytest
from flask import render_template
from flask_login import login_user

from bench.bulk_orders import insert_orders
from customer_center import users as users_view
from shop.extensions import db
from shop.models import User
from shop.services.customer_center import users as users_service
from tests.clients import logged_in, text_of
from tests.factories import make_user, password_hash, team

EXCEEDED = [{"limit": "order_value", "allowed": "10.00", "actual": "20.00", "excess": "10.00"}]


@pytest.fixture
def template_calls(app):
    """Counts the calls of the templates' global functions and filters, by name."""
    calls: Counter = Counter()
    environment = app.jinja_env

    def counting(name: str, function):
        @wraps(function)  # keeps Jinja's pass_context mark
        def counted(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return counted

    saved = dict(environment.globals), dict(environment.filters)
    for table in (environment.globals, environment.filters):
        for name, value in list(table.items()):
            if isinstance(value, FunctionType):  # not the request, session or g proxies
                table[name] = counting(name, value)
    yield calls
    environment.globals.clear()
    environment.globals.update(saved[0])
    environment.filters.clear()
    environment.filters.update(saved[1])


def calls_per_page(client, path: str, calls: Counter, language: str) -> Counter:
    # Once unmeasured: the page's header is written on its first request only (kept markup).
    client.get(path, headers={"Accept-Language": language})
    calls.clear()
    answer = client.get(path, headers={"Accept-Language": language})
    assert answer.status_code == 200
    return Counter(calls)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_inbox_asks_the_template_no_more_for_many_rows_than_for_few(
    app, app_context, template_calls, monkeypatch, language
):
    company, _main, clara, anna = team()
    # Both pages are the first of several: the same pager.
    insert_orders(company.id, [anna.id], clara.id, waiting=12, placed=0, prefix="TPL")
    insert_orders(
        company.id, [anna.id], clara.id, waiting=12, placed=0, prefix="TPX", exceeded=EXCEEDED
    )
    db.session.commit()
    client = logged_in(app, clara)

    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    few = calls_per_page(client, "/customer-center/approvals", template_calls, language)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 16)
    many = calls_per_page(client, "/customer-center/approvals", template_calls, language)
    page = text_of(client.get("/customer-center/approvals", headers={"Accept-Language": language}))

    assert page.count('name="order"') == 16
    # Rows within the budget and rows over it, each worded once.
    assert len(set(re.findall(r'<ul class="exceeded"><li>([^<]+)</li>', page))) == 2
    assert many == few


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_user_list_asks_the_template_no_more_for_many_rows_than_for_few(
    app, app_context, template_calls, monkeypatch, language
):
    company, main, _clara, _anna = team()
    # Invited, active and inactive users, with the company's budget or the same own one (a
    # budget cell is worded once per page for each budget shown).
    for n in range(30):
        make_user(
            company,
            name=f"Listed {n:02d}",
            active=n % 3 != 1,
            password_hash=None if n % 3 == 2 else password_hash(),
            has_own_budget=n % 4 == 0,
            monthly_budget=Decimal("1500.00") if n % 4 == 0 else None,
        )
    db.session.commit()
    client = logged_in(app, main)

    monkeypatch.setattr(users_view, "users_page", partial(users_service.users_page, page_size=3))
    few = calls_per_page(client, "/customer-center/users?q=Listed", template_calls, language)
    monkeypatch.setattr(users_view, "users_page", partial(users_service.users_page, page_size=20))
    many = calls_per_page(client, "/customer-center/users?q=Listed", template_calls, language)
    page = text_of(
        client.get("/customer-center/users?q=Listed", headers={"Accept-Language": language})
    )

    assert page.count('class="user-row') == 20
    assert many == few


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_order_list_asks_the_template_no_more_for_many_rows_than_for_few(
    app, app_context, template_calls, monkeypatch, language
):
    company, main, clara, anna = team()
    insert_orders(company.id, [anna.id, clara.id], clara.id, waiting=6, placed=18, prefix="TPO")
    db.session.commit()
    client = logged_in(app, main)  # the company's orders, with who placed them

    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    few = calls_per_page(client, "/orders", template_calls, language)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 16)
    many = calls_per_page(client, "/orders", template_calls, language)
    page = text_of(client.get("/orders", headers={"Accept-Language": language}))

    assert page.count('<td class="orderer">') == 16
    assert many == few


def test_the_customer_center_menu_reads_the_rights_once_not_per_section(
    app, app_context, template_calls
):
    _company, main, _clara, anna = team()
    rights_read = Counter()
    original = User.rights.fget

    def counted(user):
        rights_read["rights"] += 1
        return original(user)

    def menu_of(user) -> str:
        with (
            app.test_request_context("/customer-center/users", headers={"Accept-Language": "de"}),
            patch.object(User, "rights", property(counted)),
        ):
            login_user(user)
            return render_template("customer_center/_partials/subnav.html")

    main_menu = menu_of(main)
    buyer_menu = menu_of(anna)

    assert template_calls["can"] == 0
    assert rights_read["rights"] == 2
    assert '<a href="/customer-center/users" aria-current="page">Benutzer</a>' in main_menu
    assert 'href="/customer-center/users"' not in buyer_menu  # a buyer manages no users
    assert '<a href="/customer-center/">Übersicht</a>' in buyer_menu


def test_the_order_lists_filter_form_is_worded_without_a_lookup_per_label(app, app_context):
    company, main, clara, anna = team()
    insert_orders(company.id, [anna.id], clara.id, waiting=0, placed=3, prefix="TPF")
    db.session.commit()
    client = logged_in(app, main)
    lookups = Counter()
    original = flask_babel.Domain.get_translations

    def counted(domain):
        lookups["translations"] += 1
        return original(domain)

    with patch.object(flask_babel.Domain, "get_translations", counted):
        page = text_of(client.get("/orders", headers={"Accept-Language": "de"}))

    assert '<option value="total_desc">' in page and "Bestellt von" in page
    # The page's other texts need a few (8 today); the form's ~30 labels needed one each.
    assert lookups["translations"] <= 10
