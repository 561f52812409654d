"""Approvers screen (§6): company and per-user approvers, absences with deputies, and who
would approve each user's orders today, with the reason; plus an approver's own absences.

Plain forms with POST-redirect-GET; with htmx every form on the approvers page swaps the
whole setup block (one change can alter everyone's routing), the absence page its own list.
"""

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from customer_center.settings_forms import (
    AbsenceForm,
    ApproverAbsenceForm,
    CompanyApproversForm,
    UserApproversForm,
)
from shop.domain.rights import Right
from shop.models import User
from shop.models.clock import utcnow
from shop.services.approval_routing import reason_to_json
from shop.services.customer_center import approvers as approver_setup
from shop.web.authorization import company_object_or_404, requires
from shop.web.date_formats import format_date_long
from shop.web.htmx import fragment_or_redirect, page_or_fragment
from shop.web.labels.problems import absence_problem_label, approver_problem_label
from shop.web.labels.routing import describe_reason

SETUP_PAGE = "customer_center/approvers/index.html"
SETUP = "customer_center/approvers/_partials/setup.html"
ABSENCE_PAGE = "customer_center/approvers/absence.html"
OWN_ABSENCES = "customer_center/approvers/_partials/own_absences.html"


@bp.context_processor
def _absence_formatting() -> dict:
    # Only for this blueprint's pages: an absence's days, long form, in the UI language.
    return {"absence_day": format_date_long}


def _choices(users) -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in users]


def _company_form(candidates, formdata=None) -> CompanyApproversForm:
    form = CompanyApproversForm(formdata=formdata, prefix="company")
    form.approver_ids.choices = _choices(candidates)
    if formdata is None:
        form.approver_ids.data = [
            u.id for u in approver_setup.company_approvers(current_user.company_id)
        ]
    return form


def _user_form(orderer: User, candidates, formdata=None) -> UserApproversForm:
    form = UserApproversForm(formdata=formdata, prefix=f"orderer-{orderer.id}")
    form.approver_ids.choices = _choices(u for u in candidates if u.id != orderer.id)
    if formdata is None:
        form.approver_ids.data = approver_setup.per_user_approver_ids(
            current_user.company_id, orderer.id
        )
    return form


def _absence_form(candidates, formdata=None) -> ApproverAbsenceForm:
    form = ApproverAbsenceForm(formdata=formdata, prefix="absence")
    form.approver_id.choices = _choices(candidates)
    form.deputy_id.choices = _choices(candidates)
    return form


def _routing_view(line) -> list[dict]:
    """Today's approvers of one user with the reason, worded in the UI language."""
    if line.routing is None:
        return []
    return [
        {
            "id": reason.approver_id,
            "name": line.names.get(reason.approver_id, ""),
            "why": describe_reason(reason_to_json(reason, line.names)),
        }
        for reason in line.routing.reasons
    ]


def _setup_context(company_form=None, user_forms=None, absence_form=None, open_id=None) -> dict:
    company_id = current_user.company_id
    today = utcnow().date()
    candidates = approver_setup.approver_candidates(company_id)
    lines = approver_setup.approval_overview(company_id, today)
    forms = {line.user.id: _user_form(line.user, candidates) for line in lines}
    forms.update(user_forms or {})
    return {
        "candidates": candidates,
        "other_candidates": [u for u in candidates if not u.is_main_contact],
        "company_approvers": approver_setup.company_approvers(company_id),
        "main_contacts": [u for u in current_user.company.users if u.active and u.is_main_contact],
        "company_form": company_form or _company_form(candidates),
        "lines": [(line, _routing_view(line), forms[line.user.id]) for line in lines],
        "absences": approver_setup.absences(company_id, today),
        "absence_form": absence_form or _absence_form(candidates),
        "open_id": open_id,
    }


def _setup_answer(message: str | None = None) -> Response:
    """After a change: the setup block for htmx, else a redirect (PRG)."""
    return fragment_or_redirect(
        url_for("customer_center.approvers"),
        SETUP,
        message=message,
        fragment_context=_setup_context,
    )


def _setup_refused(**forms) -> Response:
    """Invalid input: the setup block or the page with the forms' messages, 422 alike."""
    return page_or_fragment(
        SETUP_PAGE, SETUP, invalid=True, status_message=None, **_setup_context(**forms)
    )


@bp.get("/approvers")
@requires(Right.MANAGE_APPROVERS)
def approvers():
    return render_template(SETUP_PAGE, status_message=None, **_setup_context())


@bp.post("/approvers/company")
@requires(Right.MANAGE_APPROVERS)
def approvers_company_save():
    candidates = approver_setup.approver_candidates(current_user.company_id)
    form = _company_form(candidates, request.form)
    if form.validate():
        try:
            changed = approver_setup.set_company_approvers(
                current_user, form.approver_ids.data, utcnow()
            )
        except approver_setup.InvalidApprovers as error:
            form.approver_ids.errors.append(approver_problem_label(error.reason))
        else:
            message = _("Company approvers saved.") if changed else _("Nothing was changed.")
            return _setup_answer(message)
    return _setup_refused(company_form=form)


@bp.post("/approvers/users/<int:user_id>")
@requires(Right.MANAGE_APPROVERS)
def approvers_user_save(user_id: int):
    orderer = company_object_or_404(User, user_id)
    candidates = approver_setup.approver_candidates(current_user.company_id)
    form = _user_form(orderer, candidates, request.form)
    if form.validate():
        try:
            changed = approver_setup.set_user_approvers(
                current_user, orderer.id, form.approver_ids.data, utcnow()
            )
        except approver_setup.InvalidApprovers as error:
            form.approver_ids.errors.append(approver_problem_label(error.reason))
        else:
            if changed:
                message = _("Approvers of %(name)s saved.", name=orderer.name)
            else:
                message = _("Nothing was changed.")
            return _setup_answer(message)
    return _setup_refused(user_forms={orderer.id: form}, open_id=orderer.id)


@bp.post("/approvers/absences")
@requires(Right.MANAGE_APPROVERS)
def approvers_absence_add():
    candidates = approver_setup.approver_candidates(current_user.company_id)
    form = _absence_form(candidates, request.form)
    if form.validate() and _add_absence(form, form.approver_id.data):
        return _setup_answer(_("Absence saved."))
    return _setup_refused(absence_form=form)


@bp.post("/approvers/absences/<int:absence_id>/delete")
@requires(Right.MANAGE_APPROVERS)
def approvers_absence_remove(absence_id: int):
    _remove_absence(absence_id)
    return _setup_answer(_("Absence removed."))


def _add_absence(form, approver_id: int) -> bool:
    """Save the absence, or put the service's objection next to its field."""
    try:
        approver_setup.add_absence(
            current_user, approver_id, form.start.data, form.end.data, form.deputy_id.data, utcnow()
        )
    except approver_setup.NotInCompany:
        abort(404)
    except approver_setup.NotAllowed:
        abort(403)
    except approver_setup.InvalidAbsence as error:
        getattr(form, error.field).errors.append(absence_problem_label(error.reason))
        return False
    return True


def _remove_absence(absence_id: int) -> None:
    try:
        approver_setup.remove_absence(current_user, absence_id, utcnow())
    except approver_setup.NotInCompany:
        abort(404)
    except approver_setup.NotAllowed:
        abort(403)


# An approver's own absence: DECIDE_APPROVALS is enough (§6).


def _own_absence_form(formdata=None) -> AbsenceForm:
    form = AbsenceForm(formdata=formdata, prefix="absence")
    form.deputy_id.choices = _choices(
        u
        for u in approver_setup.approver_candidates(current_user.company_id)
        if u.id != current_user.id
    )
    return form


def _absence_context(form=None) -> dict:
    return {
        "form": form or _own_absence_form(),
        "absences": approver_setup.absences(
            current_user.company_id, utcnow().date(), approver_id=current_user.id
        ),
    }


def _absence_answer(message: str) -> Response:
    """After a change: the approver's absences for htmx, else a redirect (PRG)."""
    return fragment_or_redirect(
        url_for("customer_center.absence"),
        OWN_ABSENCES,
        message=message,
        fragment_context=_absence_context,
    )


@bp.get("/absence")
@requires(Right.DECIDE_APPROVALS)
def absence():
    return render_template(ABSENCE_PAGE, status_message=None, **_absence_context())


@bp.post("/absence")
@requires(Right.DECIDE_APPROVALS)
def absence_add():
    form = _own_absence_form(request.form)
    if form.validate() and _add_absence(form, current_user.id):
        return _absence_answer(_("Absence saved."))
    return page_or_fragment(
        ABSENCE_PAGE, OWN_ABSENCES, invalid=True, status_message=None, **_absence_context(form)
    )


@bp.post("/absence/<int:absence_id>/delete")
@requires(Right.DECIDE_APPROVALS)
def absence_remove(absence_id: int):
    _remove_absence(absence_id)
    return _absence_answer(_("Absence removed."))
