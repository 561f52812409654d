"""Company settings (§8): whether the company gets review request mails after delivery.

A plain form with POST-redirect-GET (one checkbox: nothing to check while typing).
"""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField

from customer_center import bp
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.customer_center.companies import set_review_requests_opt_out
from shop.web.authorization import requires
from shop.web.forms import ShopForm
from shop.web.htmx import fragment_or_redirect, page_or_fragment

PAGE = "customer_center/company_settings/index.html"
PANEL = "customer_center/company_settings/_partials/settings.html"


class CompanySettingsForm(ShopForm):
    review_requests_opt_out = BooleanField(_l("Send us no review request mails after delivery"))


def _form(formdata=None) -> CompanySettingsForm:
    form = CompanySettingsForm(formdata=formdata)
    if formdata is None:
        form.review_requests_opt_out.data = current_user.company.review_requests_opt_out
    return form


@bp.get("/company")
@requires(Right.EDIT_COMPANY_DATA)
def company_settings():
    return render_template(PAGE, form=_form(), status_message=None)


@bp.post("/company")
@requires(Right.EDIT_COMPANY_DATA)
def company_settings_save():
    form = _form(request.form)
    if not form.validate():
        # A tampered value (the CSRF token is checked before): 422, the message beside the box.
        return page_or_fragment(PAGE, PANEL, invalid=True, form=form, status_message=None)
    changed = set_review_requests_opt_out(current_user, form.review_requests_opt_out.data, utcnow())
    return fragment_or_redirect(
        url_for("customer_center.company_settings"),
        PANEL,
        message=_("Company settings saved.") if changed else _("Nothing was changed."),
        form=form,
    )
