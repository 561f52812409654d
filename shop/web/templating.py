"""Template helpers: money and dates per locale, localized fields, gettext, strict undefined."""

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

import flask_babel
from flask import Flask
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from shop.domain.money import Money
from shop.domain.stock import stock_state
from shop.services.prices import shop_currency
from shop.web import authorization, date_formats, kept_markup, labels, stock
from shop.web.card_page import card_page
from shop.web.card_wording import CardWording
from shop.web.htmx import wants_fragment
from shop.web.labels import audit as audit_labels
from shop.web.labels import facets as facet_labels
from shop.web.labels import stock as stock_labels
from shop.web.labels.routing import describe_reason
from shop.web.number_formats import format_money, format_number
from shop.web.order_conversation import exceedance_rows
from shop.web.row_urls import row_url


@pass_context
def money(context: Context, value: Money | Decimal, currency: str | None = None) -> str:
    """A Money in its own currency; a bare amount in the given one, else the shop's."""
    if isinstance(value, Money):
        return format_money(value.amount, value.currency, _locale(context))
    return format_money(value, currency or shop_currency(), _locale(context))


@pass_context
def localized(context: Context, obj, field: str) -> str:
    """obj.<field>_de in the German UI, else obj.<field>_en."""
    locale = _locale(context)
    value = getattr(obj, f"{field}_{locale.language if locale else 'en'}", None)
    return value if value else getattr(obj, f"{field}_en")


@pass_context
def datetime_short(context: Context, value: datetime) -> str:
    # The rendering's writer: the inbox and order list show one timestamp per row (#10).
    write = context.get("_write_datetime") or date_formats.request_datetime_writer()
    return write(value)


def date_long(value: date) -> str:
    return date_formats.format_date_long(value)


def date_medium(value: date) -> str:
    return date_formats.format_date(value)


def number(value: int) -> str:
    return format_number(value)


@pass_context
def percent(context: Context, value: Decimal) -> str:
    locale = _locale(context)
    if locale is None:  # no request's locale: Babel's default, which is not cached
        return format_number(value.normalize(), "#,##0.##") + " %"
    return _percent(value, locale)


@lru_cache(maxsize=256)
def _percent(value: Decimal, locale) -> str:
    # Every card shows its VAT rate, and a catalogue has a handful of rates (#10): the text
    # depends on nothing else (CLDR data is fixed), so it is written once per rate and locale.
    return format_number(value.normalize(), "#,##0.##", locale) + " %"


def render_translations() -> dict:
    """The locale and its translations, looked up once per rendered template (a context
    processor).

    flask-babel finds them anew for every message (request context, locale, catalogue
    cache): on a catalogue page that cost more than the ~120 translations themselves (#10).
    """
    return {
        "_translations": get_translations(),
        "_locale": get_locale(),
        "_write_datetime": date_formats.request_datetime_writer(),
    }


def _translations(context: Context):
    # A macro imported without context has none of its own: look them up as flask-babel does.
    return context.get("_translations") or get_translations()


def _locale(context: Context):
    # The filters (money, localized, percent) ask per card: flask-babel's get_locale walks
    # the request context each time.
    return context.get("_locale") or get_locale()


def _translate(context: Context, label) -> str:
    """A label in the render's translations: a lazy gettext message is looked up in them
    (flask-babel would find the translations anew for each label, and a card shows two);
    anything else is shown as it is."""
    if isinstance(label, LazyString) and label._func is flask_babel.gettext and not label._kwargs:
        return _translations(context).ugettext(*label._args)
    return str(label)


@pass_context
def stock_state_label_in_render(context: Context, availability) -> str:
    """labels.stock.stock_state_label, with the render's translations."""
    return _translate(context, stock_labels.STOCK_STATE_LABELS[stock_state(availability)])


@pass_context
def card_wording(context: Context) -> CardWording:
    """The texts a page's product cards share, in the render's language (#10)."""
    return CardWording(
        _translations(context),
        lambda rate: percent(context, rate),
        lambda label: _translate(context, label),
        context.eval_ctx.autoescape,
    )


@pass_context
def unit_label_in_render(context: Context, code: str) -> str:
    """labels.unit_label, with the render's translations."""
    return _translate(context, labels.UNIT_LABELS.get(code, code))


@pass_context
def role_label_in_render(context: Context, role) -> str:
    """labels.role_label, with the render's translations (the user list shows ~60, #10)."""
    return _translate(context, labels.role_label_message(role))


def _label_in_render(table: dict):
    """labels' `_label(table, code)`, with the render's translations: the lists show one or
    two per row (#10)."""

    @pass_context
    def label(context: Context, code: str) -> str:
        return _translate(context, table.get(code, code))

    return label


@pass_context
def gettext(context: Context, message: str, **variables) -> str:
    """`_()` in templates, with Jinja's newstyle semantics: escaped, then %-formatted."""
    return _finish(context, _translations(context).ugettext(message), variables)


@pass_context
def ngettext(context: Context, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _finish(context, _translations(context).ungettext(singular, plural, num), variables)


def _finish(context: Context, text: str, variables: dict) -> str:
    if context.eval_ctx.autoescape:
        text = Markup(text)
    # Without a "%" there is nothing to format (and "%%" must still become "%").
    return text % variables if "%" in text else text


def init_app(app: Flask) -> None:
    if app.debug or app.testing or app.config["ENV_NAME"] in {"development", "test"}:
        app.jinja_env.undefined = StrictUndefined
    app.jinja_env.filters.update(
        money=money,
        localized=localized,
        datetime_short=datetime_short,
        date_long=date_long,
        date_medium=date_medium,
        percent=percent,
        number=number,
    )
    app.context_processor(render_translations)
    kept_markup.init_app(app)
    app.jinja_env.globals.update(
        # In place of flask-babel's callables (installed by babel.init_app): see gettext.
        gettext=gettext,
        _=gettext,
        ngettext=ngettext,
        current_language=lambda: str(get_locale() or "en"),
        # A fragment is being rendered (a history restore renders the whole page).
        is_htmx=wants_fragment,
        can=authorization.can,
        row_url=row_url,
        may_see_prices=authorization.may_see_prices,
        status_label=_label_in_render(labels.STATUS_LABELS),
        payment_label=labels.payment_label,
        delivery_label=labels.delivery_label,
        payment_status_label=_label_in_render(labels.PAYMENT_STATUS_LABELS),
        invoice_state_label=labels.invoice_state_label,
        unit_label=unit_label_in_render,
        role_label=role_label_in_render,
        right_label=labels.right_label,
        user_status_label=_label_in_render(labels.USER_STATUS_LABELS),
        audit_field_label=audit_labels.audit_field_label,
        audit_value=audit_labels.audit_value,
        audit_target=audit_labels.audit_target,
        audit_actor=audit_labels.audit_actor,
        describe_reason=describe_reason,
        exceedance_rows=exceedance_rows,
        data_problems_label=labels.data_problems_label,
        shortage_message=stock.shortage_message,
        stock_state=stock_state,
        stock_state_label=stock_state_label_in_render,
        card_wording=card_wording,
        card_page=card_page,
        kept_cards=kept_markup.kept_cards,
        kept_facets=kept_markup.kept_facets,
        kept_header=kept_markup.kept_header,
        kept_user_list=kept_markup.kept_user_list,
        range_problem_label=facet_labels.range_problem_label,
        shop_currency=shop_currency,
    )
