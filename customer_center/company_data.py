"""The company data page's change request (#15): the main contact asks for a new billing or
delivery address or VAT id; it goes to the ERP through the outbox, the ERP stays the master.
"""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from customer_center.company_forms import CompanyChangeForm
from customer_center.company_settings import company_page
from shop.domain.customer_changes import ChangeKind
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.customer_center.company_changes import request_change
from shop.web.authorization import requires
from shop.web.htmx import vary


@bp.post("/company/change-request")
@requires(Right.EDIT_COMPANY_DATA)
def company_change_request():
    """Queue the change for the ERP; the page shows it as pending until the ERP's data shows it."""
    form = CompanyChangeForm(request.form)
    if not form.validate():
        return company_page(change_form=form, invalid=True)
    request_change(current_user, ChangeKind(form.kind.data), form.details(), utcnow())
    flash(
        _(
            "Your change request is on its way to us. Your data here changes once we have "
            "made the change."
        ),
        "success",
    )
    return vary(redirect(url_for("customer_center.company_settings")))
