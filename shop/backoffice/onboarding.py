"""The back office's onboarding pages (#12, §13): the pipeline board, a company's onboarding
(move on, notes, the usage checklist) and the checklist template.

Staff with the `customers` right only. Plain forms with redirects; invalid input answers 422
with the message next to the field and changes nothing.
"""

from datetime import datetime

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_babel import to_utc

from shop.backoffice.access import current_staff, staff_required
from shop.backoffice.onboarding_forms import (
    ChecklistItemForm,
    MoveForm,
    OnboardingNoteForm,
    TickForm,
)
from shop.backoffice.views import bp
from shop.domain.onboarding import (
    STATE_ORDER,
    ComputedCheck,
    InvalidAppointment,
    InvalidMove,
    OnboardingState,
    allowed_targets,
    days_in_state,
    is_overdue,
)
from shop.domain.staff import StaffRight
from shop.extensions import db
from shop.models import ChecklistItem, Company
from shop.models.clock import utcnow
from shop.services import onboarding as service
from shop.web.htmx import fragment_or_redirect, page_or_fragment
from shop.web.labels.onboarding import (
    appointment_problem_label,
    checklist_entry_label,
    computed_check_label,
    onboarding_state_label,
)

COMPANY_PAGE = "backoffice/onboarding/company.html"
COMPANY_PANEL = "backoffice/onboarding/_partials/company.html"
CHECKLIST_PAGE = "backoffice/onboarding/checklist.html"
CHECKLIST_PANEL = "backoffice/onboarding/_partials/checklist.html"

CUSTOMERS = StaffRight.CUSTOMERS


@bp.context_processor
def _onboarding_helpers() -> dict:
    return {
        "onboarding_state_label": onboarding_state_label,
        "checklist_entry_label": checklist_entry_label,
        "computed_check_label": computed_check_label,
    }


@bp.get("/onboarding")
@staff_required(CUSTOMERS)
def onboarding_board():
    return render_template(
        "backoffice/onboarding/board.html", board=service.pipeline(utcnow()), states=STATE_ORDER
    )


def _company_or_404(company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None:
        abort(404)
    return company


def _move_form(state: OnboardingState, form: MoveForm | None = None) -> MoveForm:
    form = form or MoveForm(formdata=None)
    form.target.choices = [(s.value, onboarding_state_label(s)) for s in allowed_targets(state)]
    return form


def _company_context(company: Company, **forms) -> dict:
    now = utcnow()
    onboarding = service.onboarding_of(company.id)
    state = service.state_of(onboarding)
    return {
        "company": company,
        "onboarding": onboarding,
        "state": state,
        "days": days_in_state(onboarding.state_since, now) if onboarding else None,
        "overdue": bool(onboarding)
        and is_overdue(state, onboarding.state_since, onboarding.training_at, now),
        "checklist": service.company_checklist(company.id),
        "history": service.history_of(company.id),
        "move_form": _move_form(state, forms.pop("move_form", None)),
        "note_form": forms.pop("note_form", None) or OnboardingNoteForm(formdata=None),
    }


@bp.get("/onboarding/<int:company_id>")
@staff_required(CUSTOMERS)
def onboarding_company(company_id: int):
    return render_template(COMPANY_PAGE, **_company_context(_company_or_404(company_id)))


def _invalid_company(company: Company, **forms):
    return page_or_fragment(
        COMPANY_PAGE, COMPANY_PANEL, invalid=True, **_company_context(company, **forms)
    )


def _company_done(company: Company, message: str):
    return fragment_or_redirect(
        url_for(".onboarding_company", company_id=company.id),
        COMPANY_PANEL,
        message=message,
        fragment_context=lambda: _company_context(company),
    )


def _appointment_in_utc(typed: datetime | None) -> datetime | None:
    # Typed in the shop's time zone; stored as naive UTC like every time.
    return to_utc(typed) if typed else None


@bp.post("/onboarding/<int:company_id>/move")
@staff_required(CUSTOMERS)
def onboarding_move(company_id: int):
    company = _company_or_404(company_id)
    state = service.state_of(service.onboarding_of(company_id))
    form = _move_form(state, MoveForm())
    if not form.validate_on_submit():
        return _invalid_company(company, move_form=form)
    try:
        target = OnboardingState(form.target.data)
    except ValueError:
        form.target.errors.append(_("Choose the next step."))
        return _invalid_company(company, move_form=form)
    try:
        appointment = _appointment_in_utc(form.training_at.data)
    except OverflowError:
        # A date at the calendar's very edge, which no time zone can shift.
        form.training_at.errors.append(_("Enter the date and time of the appointment."))
        return _invalid_company(company, move_form=form)
    try:
        service.move_company(
            company_id, current_staff(), target, form.move_note.data or "", appointment, utcnow()
        )
    except InvalidAppointment as problem:
        form.training_at.errors.append(appointment_problem_label(problem.problem))
        return _invalid_company(company, move_form=form)
    except InvalidMove:
        form.target.errors.append(_("The company has moved on meanwhile: choose again."))
        return _invalid_company(company, move_form=form)
    except service.CompanyNotFound:
        abort(404)
    return _company_done(
        company, _("The company is now at: %(state)s.", state=onboarding_state_label(target))
    )


@bp.post("/onboarding/<int:company_id>/note")
@staff_required(CUSTOMERS)
def onboarding_note(company_id: int):
    company = _company_or_404(company_id)
    form = OnboardingNoteForm()
    if not form.validate_on_submit():
        return _invalid_company(company, note_form=form)
    try:
        service.add_note(company_id, current_staff(), form.note.data, utcnow())
    except service.CompanyNotFound:
        abort(404)
    return _company_done(company, _("The note is added."))


@bp.post("/onboarding/<int:company_id>/items/<int:item_id>")
@staff_required(CUSTOMERS)
def onboarding_tick(company_id: int, item_id: int):
    company = _company_or_404(company_id)
    form = TickForm()
    if not form.validate_on_submit():
        flash(_("The form has expired: please try again."), "error")
        return _invalid_company(company)
    try:
        service.tick_item(company_id, item_id, current_staff(), form.done.data == "1", utcnow())
    except (service.CompanyNotFound, service.ChecklistItemNotFound):
        abort(404)
    return _company_done(company, _("The checklist is saved."))


# -- the checklist template --------------------------------------------------------------------


def _checklist_context(**forms) -> dict:
    items = service.checklist_items()
    rename_forms = {
        item.id: ChecklistItemForm(formdata=None, prefix=f"item-{item.id}", obj=item)
        for item in items
    }
    rename_forms.update(forms.pop("rename_forms", {}))
    return {
        "items": items,
        "computed": list(ComputedCheck),
        "add_form": forms.pop("add_form", None) or ChecklistItemForm(formdata=None, prefix="new"),
        "rename_forms": rename_forms,
    }


@bp.get("/onboarding/checklist")
@staff_required(CUSTOMERS)
def onboarding_checklist():
    return render_template(CHECKLIST_PAGE, **_checklist_context())


def _checklist_done(message: str):
    return fragment_or_redirect(
        url_for(".onboarding_checklist"),
        CHECKLIST_PANEL,
        message=message,
        fragment_context=_checklist_context,
    )


@bp.post("/onboarding/checklist")
@staff_required(CUSTOMERS)
def onboarding_item_add():
    form = ChecklistItemForm(prefix="new")
    if not form.validate_on_submit():
        return page_or_fragment(
            CHECKLIST_PAGE, CHECKLIST_PANEL, invalid=True, **_checklist_context(add_form=form)
        )
    service.add_manual_item(current_staff(), form.name_en.data, form.name_de.data, utcnow())
    return _checklist_done(_("The item is added to the checklist."))


def _item_or_404(item_id: int) -> ChecklistItem:
    item = db.session.get(ChecklistItem, item_id)
    if item is None:
        abort(404)
    return item


@bp.post("/onboarding/checklist/<int:item_id>")
@staff_required(CUSTOMERS)
def onboarding_item_rename(item_id: int):
    _item_or_404(item_id)
    form = ChecklistItemForm(prefix=f"item-{item_id}")
    if not form.validate_on_submit():
        context = _checklist_context(rename_forms={item_id: form})
        return page_or_fragment(CHECKLIST_PAGE, CHECKLIST_PANEL, invalid=True, **context)
    try:
        service.rename_manual_item(
            item_id, current_staff(), form.name_en.data, form.name_de.data, utcnow()
        )
    except service.ChecklistItemNotFound:
        abort(404)
    return _checklist_done(_("The item is renamed."))


@bp.post("/onboarding/checklist/<int:item_id>/remove")
@staff_required(CUSTOMERS)
def onboarding_item_remove(item_id: int):
    # Nothing to fill in: the CSRF token is checked for every POST (shop.extensions.csrf).
    _item_or_404(item_id)
    try:
        service.remove_manual_item(item_id, current_staff(), utcnow())
    except service.ChecklistItemNotFound:
        abort(404)
    return _checklist_done(_("The item is removed from the checklist."))
