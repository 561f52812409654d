"""The UI language: the user's choice, else the browser's Accept-Language."""

import flask_babel
from flask import Blueprint, Flask, current_app, redirect, request, session
from flask_babel import Domain
from flask_login import current_user

from shop.services.user_locale import remember_language
from shop.web.navigation import safe_next_url

bp = Blueprint("locale", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or languages[0]


@bp.post("/language")
def set_language():
    """Remember the chosen language (also on the user) and go back where the user was."""
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["locale"] = language
        if current_user.is_authenticated:
            remember_language(current_user.id, language)
    return redirect(safe_next_url(request.form.get("next")))


class RequestTranslations(Domain):
    """flask-babel's message domain, keeping the request's translations on the request.

    flask-babel 4 looks them up anew for every message and every lazy label (request
    context, locale, the locale's name as the cache key): ~50 µs each, on a catalogue page
    more than the labels themselves (#10). They are kept where flask-babel keeps the locale
    and where its own force_locale() and refresh() reset them (`babel_translations`).
    """

    def get_translations(self):
        context = flask_babel._get_current_context()
        translations = getattr(context, "babel_translations", None)
        if translations is None:
            translations = super().get_translations()
            if context is not None:
                context.babel_translations = translations
        return translations


def init_app(app: Flask) -> None:
    babel = app.extensions["babel"]
    # An instance attribute in place of Babel's cached property; every app of the process
    # shares the extension object, and the domain reads each app's directories itself.
    if not isinstance(vars(babel.instance).get("domain_instance"), RequestTranslations):
        babel.instance.domain_instance = RequestTranslations(domain=babel.default_domain)
    app.register_blueprint(bp)
