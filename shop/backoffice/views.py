"""The back office (§12): staff login, review queue, outbox, stuck approvals, audit trail.

Every view but the login checks the staff member's rights (access.staff_required); every
action is audited by its service. Plain forms with redirects; htmx swaps the ticket's panel.
"""

from collections import Counter

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from shop.backoffice.access import SESSION_KEY, current_staff, load_current_staff, staff_required
from shop.backoffice.forms import (
    AssignForm,
    CancelForm,
    NoteForm,
    ReleaseForm,
    StaffLoginForm,
)
from shop.backoffice.handled import mark_handled_with_note
from shop.domain.approvals import InvalidTransition
from shop.domain.outbox import OutboxKind, OutboxStatus
from shop.domain.review import ReviewQueue
from shop.domain.staff import StaffAction, StaffRight
from shop.extensions import db
from shop.models import Company, Order, User
from shop.models.clock import utcnow
from shop.services import onboarding, review
from shop.services.order_history import history_of
from shop.services.order_updates import (
    ProblemHandledAlready,
    ProblemNotFound,
    mark_problem_handled,
    problems_for_operators,
)
from shop.services.outbox import (
    entries_held_back,
    make_all_due,
    retry_parked_entries,
    undelivered_entries,
)
from shop.services.staff import (
    audit_entries,
    log_in_staff,
    log_out_staff,
    record_action,
    staff_members,
)
from shop.services.stuck_approvals import stuck_approvals
from shop.services.unit_of_work import unit_of_work
from shop.web import labels, throttling
from shop.web.htmx import fragment_or_redirect, page_or_fragment
from shop.web.navigation import safe_next_url
from shop.web.order_conversation import conversation

bp = Blueprint("back_office", __name__, url_prefix="/back-office")
bp.before_request(load_current_staff)

REVIEWERS = (StaffRight.REVIEW, StaffRight.CUSTOMERS)
TICKET_PAGE = "backoffice/review/ticket.html"
TICKET_PANEL = "backoffice/review/_partials/actions.html"


@bp.context_processor
def _back_office_helpers() -> dict:
    return {
        "staff": current_staff(),
        "StaffRight": StaffRight,
        "OutboxStatus": OutboxStatus,
        "OutboxKind": OutboxKind,
        "review_reason_label": labels.review_reason_label,
        "ticket_status_label": labels.ticket_status_label,
        "review_queue_label": labels.review_queue_label,
        "staff_action_label": labels.staff_action_label,
        "staff_right_label": labels.staff_right_label,
        "staff_target_label": labels.staff_target_label,
        "staff_audit_detail": labels.staff_audit_detail,
        "outbox_status_label": labels.outbox_status_label,
        "outbox_kind_label": labels.outbox_kind_label,
        "update_kind_label": labels.update_kind_label,
        "park_reason_label": labels.park_reason_label,
    }


def _user_agent() -> str:
    return request.user_agent.string or ""


# -- login -----------------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@throttling.login_limits(
    throttling.staff_account_key,
    throttling.staff_account_and_address_key,
    exempt_known_browser=False,
)
def login():
    form = StaffLoginForm()
    if form.validate_on_submit():
        staff_login = log_in_staff(form.email.data, form.password.data, _user_agent(), utcnow())
        if staff_login is not None:
            # A fresh cookie: nothing of an earlier visitor (a customer login included)
            # carries over into the staff session.
            locale = session.get("locale")
            session.clear()
            if locale:
                session["locale"] = locale
            session[SESSION_KEY] = staff_login.token
            return redirect(safe_next_url(request.args.get("next"), url_for(".dashboard")))
        throttling.mark_failed_attempt()
        form.password.errors.append(_("E-mail or password is wrong, or the account is inactive."))
    status = 422 if form.errors else 200
    return render_template("backoffice/login.html", form=form), status


@bp.post("/logout")
def logout():
    log_out_staff(session.pop(SESSION_KEY, None), utcnow())
    flash(_("You are logged out of the back office."), "info")
    return redirect(url_for(".login"))


@bp.get("/")
@staff_required()
def dashboard():
    return render_template("backoffice/dashboard.html")


# -- review queue ----------------------------------------------------------------------------


def _assignee_choices() -> list[tuple[str, str]]:
    choices = [("", _("Nobody"))]
    choices += [(f"staff:{member.id}", member.name) for member in staff_members()]
    choices += [(f"queue:{queue.value}", labels.review_queue_label(queue)) for queue in ReviewQueue]
    return choices


def _assignee_value(ticket) -> str:
    if ticket.assignee_id is not None:
        return f"staff:{ticket.assignee_id}"
    return f"queue:{ticket.queue}" if ticket.queue else ""


def _queue_filter() -> tuple[dict, str]:
    """The queue page's filter from ?show=mine|queue:<name>, as service arguments."""
    show = request.args.get("show", "")
    if show == "mine":
        return {"assignee_id": current_staff().id}, show
    if show.startswith("queue:") and show[6:] in {queue.value for queue in ReviewQueue}:
        return {"queue": show[6:]}, show
    return {}, ""


@bp.get("/review")
@staff_required(StaffRight.REVIEW)
def review_queue():
    arguments, show = _queue_filter()
    return render_template(
        "backoffice/review/queue.html",
        tickets=review.open_tickets(**arguments),
        show=show,
        queues=list(ReviewQueue),
    )


def _ticket_or_404(ticket_id: int):
    ticket = review.ticket_or_none(ticket_id)
    if ticket is None:
        abort(404)
    return ticket


def _ticket_context(ticket, **forms) -> dict:
    assign_form = forms.pop("assign_form", None) or AssignForm(
        formdata=None, assignee=_assignee_value(ticket)
    )
    assign_form.assignee.choices = _assignee_choices()
    return {
        "ticket": ticket,
        "order": ticket.order,
        "entries": review.entries_of_order(ticket.order),
        "is_open": review.is_open(ticket),
        "assign_form": assign_form,
        "note_form": forms.pop("note_form", None) or NoteForm(formdata=None),
        "release_form": forms.pop("release_form", None) or ReleaseForm(formdata=None),
        "cancel_form": forms.pop("cancel_form", None) or CancelForm(formdata=None),
        **forms,
    }


@bp.get("/review/<int:ticket_id>")
@staff_required(StaffRight.REVIEW)
def ticket(ticket_id: int):
    return render_template(TICKET_PAGE, **_ticket_context(_ticket_or_404(ticket_id)))


def _invalid(ticket, message: str | None = None, **forms):
    if message:
        flash(message, "error")
    context = _ticket_context(ticket, **forms)
    return page_or_fragment(TICKET_PAGE, TICKET_PANEL, invalid=True, **context)


def _done(ticket_id: int, message: str):
    ticket = review.ticket_or_none(ticket_id)
    return fragment_or_redirect(
        url_for(".ticket", ticket_id=ticket_id),
        TICKET_PANEL,
        message=message,
        **_ticket_context(ticket),
    )


def _closed_message(ticket) -> str:
    return _(
        "This ticket is closed already (%(status)s).",
        status=labels.ticket_status_label(ticket.status),
    )


@bp.post("/review/<int:ticket_id>/assign")
@staff_required(StaffRight.REVIEW)
def assign(ticket_id: int):
    ticket = _ticket_or_404(ticket_id)
    form = AssignForm()
    form.assignee.choices = _assignee_choices()
    if not form.validate_on_submit():
        return _invalid(ticket, assign_form=form)
    kind, _sep, value = (form.assignee.data or "").partition(":")
    to = review.Assignment()
    if kind == "staff":
        to = review.Assignment(staff_id=int(value))
    elif kind == "queue":
        to = review.Assignment(queue=ReviewQueue(value))
    try:
        review.assign(ticket_id, current_staff(), to, utcnow())
    except review.AssigneeNotFound:
        form.assignee.errors.append(_("Choose someone from the list."))
        return _invalid(ticket, assign_form=form)
    except review.TicketClosed as closed:
        return _invalid(ticket, _closed_message(closed.ticket), assign_form=form)
    return _done(ticket_id, _("The ticket is assigned."))


@bp.post("/review/<int:ticket_id>/note")
@staff_required(StaffRight.REVIEW)
def note(ticket_id: int):
    ticket = _ticket_or_404(ticket_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _invalid(ticket, note_form=form)
    review.add_note(ticket_id, current_staff(), form.note.data, utcnow())
    return _done(ticket_id, _("The note is added."))


@bp.post("/review/<int:ticket_id>/release")
@staff_required(StaffRight.REVIEW)
def release(ticket_id: int):
    ticket = _ticket_or_404(ticket_id)
    form = ReleaseForm()
    if not form.validate_on_submit():
        return _invalid(ticket, release_form=form)
    try:
        review.release(ticket_id, current_staff(), form.release_note.data or "", utcnow())
    except review.TicketClosed as closed:
        return _invalid(closed.ticket, _closed_message(closed.ticket), release_form=form)
    except InvalidTransition:
        return _invalid(ticket, _("This order cannot be released."), release_form=form)
    return _done(ticket_id, _("The order is released and continues on its own."))


@bp.post("/review/<int:ticket_id>/cancel")
@staff_required(StaffRight.REVIEW)
def cancel(ticket_id: int):
    ticket = _ticket_or_404(ticket_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _invalid(ticket, cancel_form=form)
    try:
        review.cancel(ticket_id, current_staff(), form.cancel_note.data, utcnow())
    except review.TicketClosed as closed:
        return _invalid(closed.ticket, _closed_message(closed.ticket), cancel_form=form)
    except review.OrderAlreadyAtErp:
        form.cancel_note.errors.append(
            _("Our ERP has this order already: cancel it there, then release it here.")
        )
        return _invalid(ticket, cancel_form=form)
    return _done(ticket_id, _("The order is cancelled; the customer sees your note."))


# -- orders and customers, read only ----------------------------------------------------------


@bp.get("/orders/<number>")
@staff_required(any_of=REVIEWERS)
def order(number: str):
    found = db.session.scalar(select(Order).where(Order.number == number))
    if found is None:
        abort(404)
    return render_template(
        "backoffice/order.html",
        order=found,
        company=db.session.get(Company, found.company_id),
        history=conversation(history_of(found.id)),
        tickets=review.tickets_of_order(found.id),
        entries=review.entries_of_order(found),
    )


@bp.get("/customers/<int:company_id>")
@staff_required(any_of=REVIEWERS)
def customer(company_id: int):
    company = db.session.get(Company, company_id)
    if company is None:
        abort(404)
    users = db.session.scalars(
        select(User).where(User.company_id == company.id).order_by(User.name)
    ).all()
    orders = db.session.scalars(
        select(Order)
        .where(Order.company_id == company.id)
        .order_by(Order.created_at.desc())
        .limit(50)
    ).all()
    return render_template(
        "backoffice/customer.html",
        company=company,
        users=users,
        orders=orders,
        onboarding_state=onboarding.state_of(onboarding.onboarding_of(company.id)),
        history=onboarding.history_of(company.id),
    )


# -- outbox ------------------------------------------------------------------------------------


@bp.get("/outbox")
@staff_required(StaffRight.OUTBOX)
def outbox():
    entries = undelivered_entries()
    return render_template(
        "backoffice/outbox.html",
        entries=entries,
        held_back=entries_held_back(),
        counts=Counter(entry.status for entry in entries),
    )


def _entry_ids() -> list[int] | None:
    """The ids the form names (check boxes or one row's button); None: no valid selection."""
    ids = []
    for raw in request.form.getlist("entry_ids"):
        if not raw.isdigit() or len(raw) > 18:
            return None
        ids.append(int(raw))
    return ids or None


@bp.post("/outbox/retry")
@staff_required(StaffRight.OUTBOX)
def outbox_retry():
    now = utcnow()
    retry_all = request.form.get("all") == "1"
    ids = None if retry_all else _entry_ids()
    if not retry_all and ids is None:
        flash(_("Select the parked entries to send again."), "error")
        return redirect(url_for(".outbox"))
    retried = retry_parked_entries(ids, now)
    with unit_of_work():
        detail = ", ".join(str(i) for i in retried)
        record_action(current_staff(), StaffAction.OUTBOX_RETRY, now, "outbox", "", detail)
    if retried:
        flash(
            ngettext(
                "%(num)d entry is due again; the worker sends it.",
                "%(num)d entries are due again; the worker sends them.",
                len(retried),
            ),
            "success",
        )
    else:
        flash(_("None of these entries is parked (any more)."), "info")
    return redirect(url_for(".outbox"))


@bp.post("/outbox/push")
@staff_required(StaffRight.OUTBOX)
def outbox_push():
    # As `flask erp push`, without sending in this request (an ERP that is still slow must
    # not hold it): every entry is due now, and the worker sends them in order.
    now = utcnow()
    due = make_all_due(now)
    with unit_of_work():
        record_action(current_staff(), StaffAction.OUTBOX_PUSH, now, "outbox", "", str(due))
    message = ngettext(
        "%(num)d entry is due now; the worker sends it.",
        "%(num)d entries are due now; the worker sends them.",
        due,
    )
    flash(message, "success")
    return redirect(url_for(".outbox"))


# -- parked ERP updates ------------------------------------------------------------------------

ERP_UPDATES_PAGE = "backoffice/erp_updates.html"


def _erp_updates_page(forms: dict | None = None, status: int = 200):
    problems = problems_for_operators()
    body = render_template(
        ERP_UPDATES_PAGE,
        problems=problems,
        forms=forms or {},
        open_count=sum(1 for p in problems if p.resolved_at is None),
    )
    return body, status


@bp.get("/erp-updates")
@staff_required(StaffRight.OUTBOX)
def erp_updates():
    return _erp_updates_page()


@bp.post("/erp-updates/<int:problem_id>/handled")
@staff_required(StaffRight.OUTBOX)
def erp_update_handled(problem_id: int):
    return mark_handled_with_note(
        problem_id,
        mark_problem_handled,
        _erp_updates_page,
        url_for(".erp_updates"),
        not_found=ProblemNotFound,
        handled_already=ProblemHandledAlready,
        done=_("The parked update is marked handled."),
        already=_("Somebody marked this update handled already."),
    )


# -- stuck approvals and the audit trail ------------------------------------------------------


@bp.get("/approvals/stuck")
@staff_required(any_of=REVIEWERS)
def stuck():
    days = current_app.config["STUCK_APPROVAL_DAYS"]
    return render_template(
        "backoffice/stuck.html", stuck=stuck_approvals(utcnow(), days), days=days, now=utcnow()
    )


@bp.get("/audit")
@staff_required()
def audit():
    return render_template("backoffice/audit.html", entries=audit_entries())


# Pages kept in their own modules register on bp when imported.
from shop.backoffice import customer_changes  # noqa: E402, F401
