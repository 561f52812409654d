"""Login, logout, the account page (password, sessions) and setting a password through a
mailed single-use link."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from shop.auth.forms import ChangePasswordForm, LoginForm, ResetRequestForm, SetPasswordForm
from shop.domain.login import LoginVerdict
from shop.extensions import limiter
from shop.models import User
from shop.models.clock import utcnow
from shop.services.login import check_login, find_user_by_email
from shop.services.password_change import WrongPassword, change_password
from shop.services.password_tokens import (
    AccountInactive,
    InvalidToken,
    PasswordRejected,
    TokenPurpose,
    find_password_link,
    send_password_link,
    set_password_with_token,
)
from shop.services.sessions import (
    SessionNotFound,
    end_all_sessions,
    end_other_session,
    end_session,
    live_sessions,
    start_session,
)
from shop.web import throttling
from shop.web.labels import PASSWORD_RULE, password_problem_label
from shop.web.navigation import safe_next_url

bp = Blueprint("auth", __name__)


def _email_key() -> str:
    # Never empty: the limiter skips a limit whose key is empty.
    return "reset:" + (request.form.get("email") or "").strip().lower()


def _user_agent() -> str:
    return request.user_agent.string or ""


def _log_in(user: User) -> None:
    """Start a recorded session for this browser and put its token in the cookie."""
    start_session(user, _user_agent(), utcnow())
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@throttling.login_limits(
    throttling.account_key, throttling.account_and_address_key, exempt_known_browser=True
)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        outcome = check_login(form.email.data, form.password.data)
        if outcome.verdict is LoginVerdict.COMPANY_SUSPENDED:
            form.password.errors.append(
                _("Your company's access to the shop is suspended. Please contact our sales team.")
            )
            throttling.mark_failed_attempt()
            return render_template("auth/login.html", form=form)
        if outcome.verdict is LoginVerdict.ALLOWED:
            user = outcome.user
            _log_in(user)
            if user.locale:
                session["locale"] = user.locale
            response = redirect(safe_next_url(request.args.get("next"), url_for("catalog.home")))
            throttling.remember_browser(response, user.email)
            return response
        throttling.mark_failed_attempt()
        # One message for every failure: never tell which part was wrong.
        form.password.errors.append(_("E-mail or password is wrong, or the account is inactive."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_session(current_user.login_token, utcnow())
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("catalog.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
def forgot_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is not None and user.active:
            send_password_link(user, TokenPurpose.RESET, utcnow())
        # Same answer whether the address is known or not.
        flash(_("If the address belongs to an account, a link will be sent to it."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def set_password(token: str):
    try:
        find_password_link(token, utcnow())
    except InvalidToken:
        return render_template("auth/link_invalid.html"), 410
    except AccountInactive:
        return render_template("auth/account_inactive.html"), 403
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = set_password_with_token(token, form.password.data, utcnow())
        except InvalidToken:
            return render_template("auth/link_invalid.html"), 410
        except AccountInactive:
            return render_template("auth/account_inactive.html"), 403
        except PasswordRejected as rejected:
            form.password.errors.append(password_problem_label(rejected.problem))
        else:
            _log_in(user)
            flash(_("Your password is set. Welcome!"), "success")
            if user.is_main_contact:
                return redirect(url_for("customer_center.dashboard"))
            return redirect(url_for("catalog.home"))
    status = 422 if form.errors else 200
    return render_template("auth/set_password.html", form=form, rule=PASSWORD_RULE), status


def _account_page(form: ChangePasswordForm, status: int = 200):
    sessions = live_sessions(current_user, utcnow())
    return (
        render_template("auth/account.html", form=form, sessions=sessions, rule=PASSWORD_RULE),
        status,
    )


@bp.get("/account")
@login_required
def account():
    return _account_page(ChangePasswordForm())


@bp.post("/account/password", endpoint="change_password")
@login_required
@limiter.limit(
    throttling.PASSWORD_CHANGE,
    key_func=throttling.password_change_key,
    deduct_when=throttling.is_failed_attempt,
)
def change_password_view():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(
                current_user,
                form.current_password.data,
                form.password.data,
                _user_agent(),
                utcnow(),
            )
        except WrongPassword:
            throttling.mark_failed_attempt()
            form.current_password.errors.append(_("The current password is wrong."))
        except PasswordRejected as rejected:
            form.password.errors.append(password_problem_label(rejected.problem))
        else:
            # The new session's token goes into this browser's cookie; all others have ended.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. You are logged out everywhere else."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(form, 422)


@bp.post("/account/sessions/<int:session_id>/end", endpoint="end_session")
@login_required
def end_session_view(session_id: int):
    try:
        end_other_session(current_user, session_id, utcnow())
    except SessionNotFound:
        abort(404)
    flash(_("That session is logged out."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/sessions/end-all", endpoint="end_all_sessions")
@login_required
def end_all_sessions_view():
    end_all_sessions(current_user, utcnow())
    logout_user()
    flash(_("You are logged out everywhere."), "info")
    return redirect(url_for("catalog.home"))
