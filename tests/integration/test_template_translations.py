"""Templates translate with the translations looked up once per render (#10), and keep
Jinja's and flask-babel's behaviour: the locale of the moment, escaping, %-formatting."""

from flask import render_template_string
from flask_babel import force_locale

from tests.conftest import FreshContextClient


def render(app, source: str, language: str = "en", **context) -> str:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return render_template_string(source, **context)


def test_a_page_is_translated_for_each_request_in_its_own_language(app):
    app.test_client_class = FreshContextClient
    client = app.test_client()

    german = client.get("/catalog", headers={"Accept-Language": "de"}).get_data(as_text=True)
    english = client.get("/catalog", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "<h1>Katalog</h1>" in german
    assert "<h1>Catalogue</h1>" in english


def test_a_template_rendered_in_another_locale_within_a_request_uses_that_locale(app):
    # Mails are rendered in their recipient's language while the request has its own.
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        before = render_template_string('{{ _("Catalogue") }}')
        with force_locale("de"):
            during = render_template_string('{{ _("Catalogue") }}')
        after = render_template_string('{{ _("Catalogue") }}')

    assert (before, during, after) == ("Catalogue", "Katalog", "Catalogue")


def test_plurals_pick_the_form_and_fill_in_the_number(app):
    source = '{{ ngettext("%(num)s product", "%(num)s products", total) }}'

    assert render(app, source, total=1) == "1 product"
    assert render(app, source, total=2) == "2 products"
    assert render(app, source, "de", total=2) == "2 Artikel"


def test_variables_are_escaped_and_a_doubled_percent_sign_is_one(app):
    assert render(app, '{{ _("%(x)s", x="<b>") }}') == "&lt;b&gt;"
    assert render(app, '{{ _("100%% sure") }}') == "100% sure"


def test_a_macro_imported_without_context_translates_too(app):
    macros = app.jinja_env.from_string('{% macro title() %}{{ _("Catalogue") }}{% endmacro %}')
    source = "{{ macros.title() }}"

    assert render(app, source, "de", macros=macros.module) == "Katalog"
