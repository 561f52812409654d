"""Markup of pure template pieces kept per process, under everything it is made of (#10).

Writing a grid's 24 product cards was a fifth of a catalogue page's CPU time, and the same
cards are written again and again: a card is a pure function of its product, price quote
and availability and of what the page states once (language, signed in or not, may order,
the login link, the script root). Kept under exactly those values, like the results of a
pure function, its markup needs no expiry and nothing two processes must agree on: a change
of any input is another key, and every process writes the same markup for the same key.

The one value that differs per session, the form's CSRF token, is kept as a hole and put
in on the way out, so one buyer's cards never carry another's token.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress
from dataclasses import replace

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from shop.web.card_page import CardPage, card_page
from shop.web.site_header import header_view
from shop.web.user_list import user_list_rows

# Cards of ~1.5 KB: a few MB per process for the pages people actually open.
CARDS_KEPT = 4000
# Panels of 1–10 KB, one per category and filter state people use.
FACET_PANELS_KEPT = 500
# Headers of ~2.5 KB: one per user, page path and cart size in use.
HEADERS_KEPT = 2000
# User lists of ~25 KB: a page per filter a main contact uses.
LISTS_KEPT = 200
# The templates of the kept pieces' macros.
CARD_TEMPLATE = "catalog/_partials/product.html"
FACETS_TEMPLATE = "catalog/_partials/facets.html"
HEADER_TEMPLATE = "_partials/header.html"
# Stands for the CSRF token in kept markup: letters a token (base64 and dots) never holds.
HOLE = "\x00csrf-token\x00"


class KeptMarkup:
    """The most recently used markup by key, at most `size` pieces."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[Hashable, str] = OrderedDict()
        self.written = 0  # pieces rendered, not found kept

    def get(self, key: Hashable, render: Callable[[], str], hole: str = "") -> Markup:
        """The kept markup of `key`, else render() kept; `hole` (a token) put in its place."""
        kept = self._kept.get(key)
        if kept is None:
            markup = str(render())
            self.written += 1
            kept = markup.replace(hole, HOLE) if hole else markup
            self._kept[key] = kept
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)
            return Markup(markup)
        # Another thread of the process may have evicted it meanwhile: the markup stands.
        with suppress(KeyError):
            self._kept.move_to_end(key)
        return Markup(kept.replace(HOLE, hole) if hole else kept)

    def __len__(self) -> int:
        return len(self._kept)


@pass_context
def kept_cards(context: Context, products, prices: dict, stock: dict) -> Markup:
    """A grid's cards, each as card(product, quote, availability) of the card template writes
    it: the template is imported (with the page's context) only when a card is not kept."""
    page = card_page()
    token = generate_csrf() if page.may_order else ""
    card = _lazy_macro(context, CARD_TEMPLATE, "card")
    return Markup("").join(
        kept_card(card, page, token, product, prices.get(product.id), stock.get(product.sku))
        for product in products
    )


def kept_card(card, page: CardPage, token: str, product, quote, availability) -> Markup:
    """A grid's card, as card(product, quote, availability) writes it on a page stating
    `page`; `token` is the add-to-cart form's CSRF token ("" when the page has no forms)."""
    return _kept(
        "kept_cards",
        (page, product, quote, availability),
        lambda: card(product, quote, availability, None),
        token,
    )


@pass_context
def kept_facets(context: Context, panel) -> Markup:
    """A listing's facet panel, as facets(panel) of the facet template writes it."""
    key = (
        str(get_locale()),
        panel.in_stock_count,
        panel.selection.in_stock,
        tuple(
            (f.key, f.label, f.bounds, f.chosen_range, f.problem, *_values(f.values))
            for f in panel.facets
        ),
    )
    return _kept("kept_facets", key, lambda: _lazy_macro(context, FACETS_TEMPLATE, "facets")(panel))


def _values(values) -> tuple:
    return tuple((v.value, v.label, v.count, v.chosen) for v in values)


@pass_context
def kept_header(context: Context) -> Markup:
    """The site header of this request's page, as site_header(view) of the header template
    writes it."""
    view = header_view(str(get_locale() or "en"))
    render = lambda: _lazy_macro(context, HEADER_TEMPLATE, "site_header")(view)  # noqa: E731
    return _kept("kept_headers", view, render, generate_csrf())


def kept_user_list(user_list, page, back: str, filter_args: dict) -> Markup:
    """The user list of `page` (of the service's UserRows), as user_list writes it once the
    rows are worded: a kept list is neither worded nor written again."""

    def render() -> Markup:
        worded = replace(page, items=user_list_rows(page.items))
        return user_list(worded, back, filter_args, None)

    key = (
        str(get_locale()),
        request.script_root,
        request.endpoint,
        current_user.id,  # their own row has no button to deactivate themselves
        back,
        tuple(sorted(filter_args.items())),
        page.total,
        page.page,
        page.page_size,
        page.more,
        tuple(page.items),
    )
    return _kept("kept_lists", key, render, generate_csrf())


def _lazy_macro(context: Context, template: str, name: str) -> Callable:
    """The macro `name` of `template` as `{% from template import name with context %}` gives
    it, imported on its first call: a page whose pieces are all kept imports nothing (running
    an imported template's top level cost a catalogue page ~3 % of its CPU)."""
    macro = None

    def call(*args):
        nonlocal macro
        if macro is None:
            module = context.environment.get_template(template).make_module(context.get_all(), True)
            macro = getattr(module, name)
        return macro(*args)

    return call


def _kept(kind: str, key: Hashable, render: Callable[[], str], hole: str = "") -> Markup:
    """The markup of `kind` kept under `key`, else render() kept; `hole`: see KeptMarkup.get.
    Written anew every time where templates may change under a running process (reloading
    templates, as in development)."""
    app = current_app._get_current_object()
    if app.jinja_env.auto_reload:
        return Markup(render())
    return app.extensions[kind].get(key, render, hole)


def init_app(app: Flask) -> None:
    app.extensions["kept_lists"] = KeptMarkup(LISTS_KEPT)
    app.extensions["kept_headers"] = KeptMarkup(HEADERS_KEPT)
    app.extensions["kept_cards"] = KeptMarkup(CARDS_KEPT)
    app.extensions["kept_facets"] = KeptMarkup(FACET_PANELS_KEPT)
