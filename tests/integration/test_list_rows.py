"""The list pages' rows, built without per-row url_for and with the render's translations
(#10), show exactly what the general helpers show."""

from datetime import datetime
from decimal import Decimal

import pytest
from flask import render_template_string, url_for
from flask_babel import force_locale, gettext

from shop.web.approval_inbox import inbox_rows
from shop.web.date_formats import format_datetime
from shop.web.number_formats import format_money
from shop.web.order_conversation import exceedance_rows
from shop.web.row_urls import row_url

AWKWARD = [
    "2026-000042",
    "M8 x 40",
    "a/b",
    "100%",
    "50%25",
    "Größe Ø 8 – 中文",
    "a?b#c&d=e+f",
    " leading and trailing ",
    "~!$'()*,;:@",
    "",
]


@pytest.mark.parametrize(
    ("endpoint", "argument"),
    [
        ("orders.detail", "number"),
        ("customer_center.approval", "number"),
        ("catalog.product", "sku"),
        ("lists.add", "sku"),  # a query-string value
    ],
)
def test_row_url_is_url_for_for_awkward_values(app, endpoint, argument):
    with app.test_request_context("/"):
        build = row_url(endpoint, argument)
        for value in AWKWARD:
            if value == "" and argument == "number":
                continue  # an empty path segment matches no route: url_for builds it anyway
            assert build(value) == url_for(endpoint, **{argument: value}), value


@pytest.mark.parametrize(
    "endpoint",
    [
        "customer_center.edit_user",
        "customer_center.set_user_active",
        "customer_center.confirm_deactivation",
        "customer_center.resend_invitation",
    ],
)
def test_row_url_is_url_for_for_ids(app, endpoint):
    with app.test_request_context("/"):
        build = row_url(endpoint, "user_id")
        for user_id in (1, 7, 42, 987654320, 987654321, 9223372036854775807):
            assert build(user_id) == url_for(endpoint, user_id=user_id)


def test_row_url_with_several_values_and_a_fixed_one(app):
    with app.test_request_context("/"):
        build = row_url("catalog.media", "sku", "media_id", "filename", v="2 & 3")
        for sku, filename in zip(AWKWARD[:-1], reversed(AWKWARD[:-1]), strict=True):
            expected = url_for("catalog.media", sku=sku, media_id=7, filename=filename, v="2 & 3")
            assert build(sku, 7, filename) == expected


def test_row_url_refuses_a_value_it_cannot_place_once(app):
    with app.test_request_context("/"), pytest.raises(ValueError):
        row_url("customer_center.edit_user", "user_id", next="/x/987654320")


STORED = [
    {"limit": "quantity_per_order", "allowed": 10, "actual": 1250, "excess": 1240},
    {"limit": "order_value", "allowed": "100.00", "actual": "1234.50", "excess": "1134.50"},
    {"limit": "monthly_budget", "allowed": "500.00", "actual": "12345.67", "excess": "11845.67"},
]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("currency", ["EUR", "CHF"])
def test_inbox_rows_show_what_the_order_page_shows(app, language, currency):
    waiting_since = datetime(2026, 11, 29, 21, 38)
    with app.test_request_context("/"), force_locale(language):
        (row,) = inbox_rows(
            [("A/1 <b>", "Olga & Co", waiting_since, STORED, currency, Decimal("1234.5"))]
        )
        expected = [
            gettext("%(limit)s: exceeded by %(excess)s", limit=r.limit, excess=r.excess)
            for r in exceedance_rows(STORED, currency)
        ]

        assert row.exceeded == expected
        assert (row.number, row.orderer) == ("A/1 <b>", "Olga & Co")
        assert row.url == url_for("customer_center.approval", number="A/1 <b>")
        assert row.select_label == render_template_string(
            '{{ _("Select order %(number)s", number=n) }}', n="A/1 <b>"
        )
        assert "&lt;b&gt;" in row.select_label
        assert row.waiting_since == format_datetime(waiting_since)
        assert row.total_net == format_money(Decimal("1234.5"), currency)


def test_inbox_rows_without_exceedances(app):
    with app.test_request_context("/"):
        rows = inbox_rows([("A-1", "Olga", datetime(2026, 1, 1), None, "EUR", Decimal("1"))])
        assert [r.exceeded for r in rows] == [[]]


@pytest.mark.parametrize("language", ["en", "de"])
def test_role_and_status_labels_in_templates_are_translated(app, language):
    with app.test_request_context("/"), force_locale(language):
        shown = render_template_string(
            "{{ role_label('main_contact') }}|{{ role_label('Night shift') }}|"
            "{{ user_status_label('inactive') }}|{{ user_status_label('invited') }}"
        )
        from shop.web import labels

        assert shown == "|".join(
            [
                labels.role_label("main_contact"),
                "Night shift",
                labels.user_status_label("inactive"),
                labels.user_status_label("invited"),
            ]
        )
        if language == "de":
            assert labels.role_label("main_contact") != "Main contact"


@pytest.mark.parametrize("language", ["en", "de"])
def test_order_status_labels_in_templates_are_translated(app, language):
    from shop.domain.orders import OrderStatus
    from shop.web import labels

    with app.test_request_context("/"), force_locale(language):
        for status in OrderStatus:
            shown = render_template_string("{{ status_label(s) }}", s=status.value)
            assert shown == labels.status_label(status.value)
        for code in labels.PAYMENT_STATUS_LABELS:
            shown = render_template_string("{{ payment_status_label(c) }}", c=code)
            assert shown == labels.payment_status_label(code)


@pytest.mark.parametrize("language", ["en", "de"])
def test_user_list_rows_word_the_buttons_as_the_template_did(app, language):
    from shop.domain.budgets import Budget
    from shop.domain.users import UserStatus
    from shop.services.customer_center.users import ListedRole, ListedUser, UserRow
    from shop.web.user_list import user_list_rows

    name = "Olga <b> & Co"
    roles = (ListedRole(1, "main_contact", "main_contact"), ListedRole(2, None, "Night <shift>"))
    active = UserRow(
        ListedUser(7, name, "o@example.com", None, True, roles),
        UserStatus.ACTIVE,
        Budget(),
        True,
        Decimal("12.50"),
    )
    invited = UserRow(
        ListedUser(8, name, "p@example.com", None, False, ()),
        UserStatus.INVITED,
        Budget(),
        True,
        Decimal("0.00"),
    )
    with app.test_request_context("/"), force_locale(language):
        first, second = user_list_rows([active, invited])

        def template(message: str) -> str:
            return render_template_string("{{ _(m, name=n) }}", m=message, n=name)

        assert first.deactivate_label == template("Deactivate %(name)s")
        assert first.deactivate_question == template("Deactivate %(name)s?")
        assert second.activate_label == template("Activate %(name)s")
        assert second.resend_label == template("Send the invitation to %(name)s again")
        assert (first.activate_label, second.deactivate_label, first.resend_label) == (
            None,
            None,
            None,
        )
        assert first.roles == render_template_string(
            "{{ role_label('main_contact') }}, {{ role_label('Night <shift>') }}"
        )
        assert first.edit_url == url_for("customer_center.edit_user", user_id=7)
        assert first.month_spend == format_money(Decimal("12.50"), "EUR")
