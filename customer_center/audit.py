"""The company's audit trail (§4): who changed what, from which value to which, and when."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from customer_center.forms import AuditFilterForm
from shop.domain.rights import Right
from shop.services.customer_center.audit_trail import AuditQuery, audit_fields, audit_page
from shop.services.customer_center.companies import company_users
from shop.services.customer_center.roles import company_roles
from shop.web.authorization import requires
from shop.web.labels import role_label
from shop.web.labels.audit import audit_field_choices
from shop.web.navigation import page_arg


@bp.get("/audit")
@requires(Right.SEE_AUDIT_TRAIL)
def audit():
    company_id = current_user.company_id
    users = company_users(company_id)
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
    page = audit_page(company_id, query, page_arg(request.args))
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
    return render_template(
        "customer_center/audit/list.html",
        form=form,
        page=page,
        filter_args=filter_args,
        target_names={
            "user": {str(u.id): u.name for u in users},
            "role": {str(r.id): role_label(r) for r in company_roles(company_id)},
        },
    )
