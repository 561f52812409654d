"""The UI language: the user's choice, else the browser's Accept-Language."""

from flask import Blueprint, Flask, current_app, redirect, request, session
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


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
