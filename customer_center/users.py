"""The main contact's user management (§4): list with live filter, activate / deactivate,
create with invitation, edit name / e-mail / roles, import of ERP contacts, and the link
that confirms a new e-mail address.

Every action is a plain form with POST-redirect-GET; htmx requests get the partial instead.
"""

import math

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from customer_center.forms import (
    ActiveForm,
    ImportContactsForm,
    NewUserForm,
    UserForm,
    roles_by_contact,
)
from erp_bridge import ErpRejected, ErpUnavailable
from shop.domain.budgets import choose_user_budget
from shop.domain.rights import PredefinedRole, Right
from shop.domain.text import fits_single_line
from shop.domain.users import UserStatus, may_resend_invitation
from shop.erp import erp_client
from shop.extensions import limiter
from shop.models import User
from shop.models.clock import utcnow
from shop.services.customer_center.audit_trail import user_history
from shop.services.customer_center.contact_import import (
    ImportOutcome,
    import_contacts,
    importable_contacts,
)
from shop.services.customer_center.exceptions import (
    EmailInUse,
    EmailNotAvailable,
    InvalidEmailLink,
    LastMainContact,
    NotInvited,
    OwnAccount,
    TooManyInvitations,
    UnknownRole,
)
from shop.services.customer_center.roles import company_roles, role_choices
from shop.services.customer_center.user_email import (
    confirm_email,
    email_link_user,
)
from shop.services.customer_center.users import (
    UserQuery,
    create_user,
    reinvite_user,
    set_active,
    status_of,
    update_user,
    user_row,
    users_page,
)
from shop.web.authorization import company_object_or_404, requires
from shop.web.htmx import fragment_or_redirect, page_or_fragment, vary, wants_fragment
from shop.web.labels import role_label
from shop.web.labels.contact_import import import_result_label
from shop.web.navigation import id_arg, page_arg, parse_id, safe_next_url
from shop.web.user_list import user_list_rows


def _last_main_contact_message(deactivating: bool) -> str:
    if deactivating:
        return _(
            "This is the company's last active main contact and cannot be deactivated. "
            "Make another user main contact first."
        )
    return _(
        "This is the company's last active main contact and must keep the main-contact "
        "role. Make another user main contact first."
    )


def _colleague_message(error: EmailInUse) -> str:
    return _("This address belongs to %(name)s, already a user of your company.", name=error.name)


def _not_available_message(email: str) -> str:
    # The same words whoever owns the address: another company's user is never revealed.
    return _(
        "No account can be created for %(email)s. Please check the address or use another "
        "one; if it is in use already, its owner has been told by mail.",
        email=email,
    )


def _today():
    return utcnow().date()


def _role_choices() -> list[tuple[int, str]]:
    return [(role.id, role_label(role)) for role in company_roles(current_user.company_id)]


def _buyer_role_ids() -> list[int]:
    return [
        role.id
        for role in company_roles(current_user.company_id)
        if role.predefined == PredefinedRole.BUYER
    ]


def _locale() -> str | None:
    locale = get_locale()
    return locale.language if locale else None


# -- list and toggle --------------------------------------------------------------------


def _list_filters() -> tuple[UserQuery, dict]:
    args = request.args
    text = args.get("q", "").strip()[:200]
    if not fits_single_line(text):
        text = ""  # PostgreSQL refuses a NUL in a parameter; no name holds such text anyway
    status = args.get("status", "")
    if status not in set(UserStatus):
        status = ""
    role_id = id_arg(args, "role")
    # Only the filters in use go into the pagination links, so URLs stay short.
    kept = {
        key: value for key, value in (("q", text), ("status", status), ("role", role_id)) if value
    }
    return UserQuery(text, status, role_id), kept


@bp.get("/users")
@requires(Right.MANAGE_USERS)
def users():
    query, filter_args = _list_filters()
    company = current_user.company
    # The rows are worded where the list is written, and only if it is not kept.
    page = users_page(company, query, page_arg(request.args), _today())
    context = {
        "page": page,
        "query": query,
        "filter_args": filter_args,
        "back": request.full_path.rstrip("?"),
        "company": company,
        "problem": None,
    }
    return page_or_fragment(
        "customer_center/users/list.html",
        "customer_center/users/_partials/list.html",
        # The filter's menus are outside the list: only the page needs them.
        page_context=lambda: {"roles": role_choices(company.id), "statuses": list(UserStatus)},
        **context,
    )


@bp.post("/users/<int:user_id>/active")
@requires(Right.MANAGE_USERS)
def set_user_active(user_id: int):
    user = company_object_or_404(User, user_id)
    form = ActiveForm()
    back = safe_next_url(form.next.data, url_for("customer_center.users"))
    problem = None
    if form.validate_on_submit():
        activate = form.active.data == "1"
        try:
            set_active(current_user, user, activate, utcnow())
        except LastMainContact:
            problem = _last_main_contact_message(deactivating=True)
        except OwnAccount:
            problem = _("You cannot deactivate your own account.")
    else:
        problem = _("This change could not be made. Please try again.")
    if problem:
        message, category = problem, "error"
    elif user.active and status_of(user) == UserStatus.INVITED:
        # Deactivation ended their invitation link (#15): say how they get in now.
        message, category = (
            _(
                "%(name)s is active again. Their earlier invitation link no longer works: "
                "send them a new invitation.",
                name=user.name,
            ),
            "success",
        )
    elif user.active:
        message, category = _("%(name)s is active again.", name=user.name), "success"
    else:
        message, category = _("%(name)s is deactivated and logged out.", name=user.name), "success"
    return fragment_or_redirect(
        back,
        "customer_center/users/_partials/row.html",
        message=message,
        category=category,
        invalid=problem is not None,
        fragment_context=lambda: {"row": user_list_rows([user_row(user, _today())])[0]},
        back=back,
        problem=problem,
    )


@bp.get("/users/<int:user_id>/deactivate")
@requires(Right.MANAGE_USERS)
def confirm_deactivation(user_id: int):
    """Asks before deactivating, as a page of its own (so it works without JavaScript)."""
    user = company_object_or_404(User, user_id)
    back = safe_next_url(request.args.get("next"), url_for("customer_center.users"))
    if not user.active or user.id == current_user.id:
        return redirect(url_for("customer_center.edit_user", user_id=user.id))
    return render_template("customer_center/users/confirm_deactivation.html", user=user, back=back)


# -- create -------------------------------------------------------------------------------


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Right.MANAGE_USERS)
def new_user():
    form = NewUserForm()
    form.role_ids.choices = _role_choices()
    if request.method == "GET":
        form.role_ids.data = _buyer_role_ids()
    if form.validate_on_submit():
        # As on the budgets page: typed limits are the user's own, empty ones the default.
        budget, _choice = choose_user_budget(form.uses_company_default, form.budget(), None)
        try:
            user = create_user(
                current_user,
                form.name.data,
                form.email.data,
                form.role_ids.data,
                utcnow(),
                locale=_locale(),
                budget=budget,
            )
        except EmailInUse as error:
            form.email.errors.append(_colleague_message(error))
        except EmailNotAvailable:
            form.email.errors.append(_not_available_message(form.email.data.strip().lower()))
        except UnknownRole:
            form.role_ids.errors.append(_("Choose from the roles listed."))
        else:
            flash(
                _(
                    "%(name)s is created and invited by mail to %(email)s.",
                    name=user.name,
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("customer_center.users"))
    status = 422 if form.errors else 200
    return render_template(
        "customer_center/users/new.html", form=form, company=current_user.company
    ), status


# -- edit -----------------------------------------------------------------------------------


def _edit_form(user: User) -> UserForm:
    form = UserForm(
        data={
            "name": user.name,
            # A pending address stays in the field: saving the name does not withdraw it.
            "email": user.pending_email or user.email,
            "role_ids": [role.id for role in user.roles],
        }
    )
    form.role_ids.choices = _role_choices()
    return form


def _edit_context(user: User, form: UserForm, notices: list[tuple[str, str]]) -> dict:
    row = user_row(user, _today())
    return {
        "user": user,
        "form": form,
        "notices": notices,
        "history": user_history(user),
        "row": row,
        "may_resend_invitation": may_resend_invitation(row.status),
        "back": url_for("customer_center.edit_user", user_id=user.id),
    }


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Right.MANAGE_USERS)
def edit_user(user_id: int):
    user = company_object_or_404(User, user_id)
    form = _edit_form(user)
    notices: list[tuple[str, str]] = []
    if form.validate_on_submit():
        try:
            result = update_user(
                current_user, user, form.name.data, form.email.data, form.role_ids.data, utcnow()
            )
        except LastMainContact:
            form.role_ids.errors.append(_last_main_contact_message(deactivating=False))
        except EmailInUse as error:
            form.email.errors.append(_colleague_message(error))
        except UnknownRole:
            form.role_ids.errors.append(_("Choose from the roles listed."))
        else:
            notices.append(
                (
                    "success",
                    _("The changes are saved.") if result.changed else _("Nothing changed."),
                )
            )
            if result.email_requested:
                notices.append(
                    (
                        "info",
                        _(
                            "A confirmation link will be sent to %(email)s. The address "
                            "changes when it is opened; until then %(old)s stays valid.",
                            email=user.pending_email,
                            old=user.email,
                        ),
                    )
                )
            if not wants_fragment():
                for category, message in notices:
                    flash(message, category)
                return vary(redirect(url_for("customer_center.edit_user", user_id=user.id)))
            form = _edit_form(user)
    context = _edit_context(user, form, notices)
    return page_or_fragment(
        "customer_center/users/edit.html",
        "customer_center/users/_partials/edit_form.html",
        invalid=bool(form.errors),
        **context,
    )


@bp.post("/users/<int:user_id>/invite")
@requires(Right.MANAGE_USERS)
def resend_invitation(user_id: int):
    """A new set-password link for a user who has not set a password yet (links expire)."""
    user = company_object_or_404(User, user_id)
    back = safe_next_url(
        request.form.get("next"), url_for("customer_center.edit_user", user_id=user.id)
    )
    try:
        reinvite_user(user, utcnow())
    except NotInvited:
        if user.active:
            flash(_("%(name)s has set a password already.", name=user.name), "info")
        else:
            flash(_("%(name)s is deactivated: activate them first.", name=user.name), "info")
    except TooManyInvitations as limited:
        minutes = max(1, math.ceil((limited.retry_at - utcnow()).total_seconds() / 60))
        flash(
            ngettext(
                "%(name)s was invited several times within the last hour. A new invitation "
                "can be sent in %(num)s minute.",
                "%(name)s was invited several times within the last hour. A new invitation "
                "can be sent in %(num)s minutes.",
                minutes,
                name=user.name,
            ),
            "warning",
        )
    else:
        flash(
            _(
                "A new invitation is on its way to %(email)s. The link sent before no longer "
                "works.",
                email=user.email,
            ),
            "success",
        )
    return redirect(back)


@bp.route("/confirm-email/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def confirm_email_change(token: str):
    """Anyone holding the link may confirm: it went to the new address only (§4)."""
    try:
        user = email_link_user(token, utcnow())
    except InvalidEmailLink:
        return render_template("auth/link_invalid.html"), 410
    if request.method == "POST":
        try:
            user = confirm_email(token, utcnow())
        except InvalidEmailLink:
            return render_template("auth/link_invalid.html"), 410
        except EmailNotAvailable:
            return render_template("customer_center/users/email_in_use.html"), 409
        flash(
            _("Your e-mail address is now %(email)s. Please use it to log in.", email=user.email),
            "success",
        )
        if current_user.is_authenticated:
            return redirect(url_for("catalog.home"))
        return redirect(url_for("auth.login"))
    return render_template("customer_center/users/confirm_email.html", user=user, token=token)


# -- import ---------------------------------------------------------------------------------


def _erp_problem(error: Exception) -> str:
    if isinstance(error, ErpRejected):
        return _("Our ERP system has no contacts for your customer number.")
    return _(
        "Our ERP system cannot be reached right now, so its contacts cannot be listed. "
        "Please try again later; nothing has been changed."
    )


def _import_page(contacts, form, chosen_roles, problems, status: int = 200):
    return render_template(
        "customer_center/users/import.html",
        problem=None,
        contacts=contacts,
        form=form,
        roles=company_roles(current_user.company_id),
        chosen_roles=chosen_roles,
        row_problems=problems,
    ), status


def _erp_down_page(error: Exception):
    return render_template(
        "customer_center/users/import.html", problem=_erp_problem(error), contacts=[], form=None
    ), 503 if isinstance(error, ErpUnavailable) else 200


@bp.route("/users/import", methods=["GET", "POST"])
@requires(Right.MANAGE_USERS)
def import_users():
    """ERP contacts as users: pick some or all, roles per contact, then the result per contact.

    The result is the POST's answer (not a redirect): it names contacts that may have no
    account, which only this answer can show; sending it again imports nobody twice.
    """
    company = current_user.company
    try:
        contacts = importable_contacts(erp_client(page=True), company)
    except (ErpUnavailable, ErpRejected) as error:
        return _erp_down_page(error)
    form = ImportContactsForm()
    offered = [item.contact for item in contacts if item.importable]
    form.contact_ids.choices = [(contact.contact_id, contact.name) for contact in offered]
    buyer = _buyer_role_ids()
    if request.method == "GET":
        return _import_page(contacts, form, {c.contact_id: buyer for c in offered}, {})
    role_ids = {role.id for role in company_roles(company.id)}
    valid = form.validate_on_submit()
    chosen_ids = form.chosen_contact_ids() if valid else []
    roles, problems = roles_by_contact(request.form, chosen_ids, role_ids)
    # What the main contact ticked stays ticked when the form comes back.
    ticked = {
        c.contact_id: [parse_id(v) for v in request.form.getlist(f"roles-{c.contact_id}")]
        for c in offered
    }
    if not valid or problems:
        return _import_page(contacts, form, ticked, problems, 422)
    try:
        results = import_contacts(
            current_user, erp_client(page=True), roles, utcnow(), locale=_locale()
        )
    except (ErpUnavailable, ErpRejected) as error:
        return _erp_down_page(error)
    except UnknownRole:
        problems = dict.fromkeys(roles, _("Choose from the roles listed."))
        return _import_page(contacts, form, ticked, problems, 422)
    imported = sum(1 for result in results if result.outcome == ImportOutcome.IMPORTED)
    return render_template(
        "customer_center/users/import_result.html",
        results=results,
        imported=imported,
        result_label=import_result_label,
    )
