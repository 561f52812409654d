"""Login, logout and setting a password through a mailed single-use link."""

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import func, select

from shop.auth.forms import LoginForm, ResetRequestForm, SetPasswordForm
from shop.auth.passwords import verify_password
from shop.extensions import db, limiter
from shop.models import User
from shop.models.clock import utcnow
from shop.services.password_tokens import (
    AccountInactive,
    InvalidToken,
    PasswordRejected,
    find_password_link,
    send_password_link,
    set_password_with_token,
)
from shop.web.labels import PASSWORD_RULE, password_problem_label
from shop.web.navigation import safe_next_url

bp = Blueprint("auth", __name__)


def _email_key() -> str:
    return (request.form.get("email") or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=_email_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        password_ok = verify_password(user.password_hash if user else None, form.password.data)
        if user and password_ok and user.active and not user.company.customer_center:
            # §7: the ERP withdrew the customer-center flag; nothing is deleted.
            form.password.errors.append(
                _("Your company's access to the shop is suspended. Please contact our sales team.")
            )
            return render_template("auth/login.html", form=form)
        if user and password_ok and user.is_active:
            login_user(user)
            if user.locale:
                session["locale"] = user.locale
            return redirect(safe_next_url(request.args.get("next"), url_for("catalog.home")))
        # One message for every failure: never tell which part was wrong.
        form.password.errors.append(_("E-mail or password is wrong, or the account is inactive."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
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
            send_password_link(user, "reset")
        # Same answer whether the address is known or not.
        flash(_("If the address belongs to an account, we have sent a link to it."), "info")
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
            login_user(user)
            flash(_("Your password is set. Welcome!"), "success")
            if user.is_main_contact:
                return redirect(url_for("customer_center.dashboard"))
            return redirect(url_for("catalog.home"))
    status = 422 if form.errors else 200
    return render_template("auth/set_password.html", form=form, rule=PASSWORD_RULE), status
