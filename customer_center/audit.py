"""The company's audit trail (§4): who changed what, from which value to which, and when;
as pages and, filtered the same way, as one CSV file (#15)."""

from flask import render_template, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from customer_center.forms import AuditFilterForm
from shop.domain.rights import Right
from shop.models import User
from shop.services.customer_center.audit_trail import (
    AuditQuery,
    audit_entries,
    audit_fields,
    audit_page,
)
from shop.services.customer_center.companies import company_users
from shop.services.customer_center.roles import company_roles
from shop.web.authorization import requires
from shop.web.csv_export import csv_response, text_cell
from shop.web.labels import role_label
from shop.web.labels.audit import (
    audit_actor,
    audit_field_choices,
    audit_field_label,
    audit_target,
    audit_value,
)
from shop.web.navigation import page_arg


def _filters(company_id: int, users: list[User]) -> tuple[AuditFilterForm, AuditQuery, dict]:
    """The filters from the query string; one that does not parse is marked and ignored."""
    form = AuditFilterForm(formdata=request.args)
    form.user.choices = [("", _("All users"))] + [(u.id, f"{u.name} <{u.email}>") for u in users]
    form.field.choices = [("", _("All changes"))] + audit_field_choices(audit_fields(company_id))
    form.validate()
    # A filter that does not parse is ignored (and marked), the rest still applies.
    user_id = form.user.data if form.user.data in {u.id for u in users} else None
    query = AuditQuery(
        user_id=user_id,
        field="" if form.field.errors else (form.field.data or "")[:64],
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
    )
    filter_args = {
        key: value
        for key, value in (
            ("user", user_id),
            ("field", query.field),
            ("date_from", query.date_from.isoformat() if query.date_from else ""),
            ("date_to", query.date_to.isoformat() if query.date_to else ""),
        )
        if value
    }
    return form, query, filter_args


def _target_names(company_id: int, users: list[User]) -> dict:
    return {
        "user": {str(u.id): u.name for u in users},
        "role": {str(r.id): role_label(r) for r in company_roles(company_id)},
    }


@bp.get("/audit")
@requires(Right.SEE_AUDIT_TRAIL)
def audit():
    company_id = current_user.company_id
    users = company_users(company_id)
    form, query, filter_args = _filters(company_id, users)
    page = audit_page(company_id, query, page_arg(request.args))
    return render_template(
        "customer_center/audit/list.html",
        form=form,
        page=page,
        filter_args=filter_args,
        target_names=_target_names(company_id, users),
    )


@bp.get("/audit/export.csv")
@requires(Right.SEE_AUDIT_TRAIL)
def audit_csv():
    """The filtered trail, every page of it, with the labels the pages show (#15)."""
    company_id = current_user.company_id
    users = company_users(company_id)
    _form, query, _args = _filters(company_id, users)
    names = _target_names(company_id, users)
    rows = [[_("When"), _("Who"), _("Changed"), _("What"), _("Old value"), _("New value")]]
    for entry in audit_entries(company_id, query):
        rows.append(
            [
                # Shop time as the pages show it, sortable as text.
                format_datetime(entry.at, "yyyy-MM-dd HH:mm"),
                text_cell(audit_actor(entry)),
                text_cell(audit_target(entry, names)),
                audit_field_label(entry.field),
                text_cell(audit_value(entry.field, entry.old_value)),
                text_cell(audit_value(entry.field, entry.new_value)),
            ]
        )
    return csv_response(rows, "audit-trail")
