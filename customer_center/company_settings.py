"""Company data and settings: the company's master data as the ERP has it, with the change
requests still open (#15), and whether the company gets review request mails (§8).

Plain forms with POST-redirect-GET (one checkbox: nothing to check while typing).
"""

from flask import make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField

from customer_center import bp
from customer_center.company_forms import CompanyChangeForm
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.customer_center.companies import set_review_requests_opt_out
from shop.services.customer_center.company_changes import open_requests
from shop.web.authorization import requires
from shop.web.forms import ShopForm
from shop.web.htmx import INVALID, fragment_or_redirect, page_or_fragment, vary
from shop.web.labels import PAYMENT_LABELS
from shop.web.labels.company_changes import change_kind_label, change_status_label

PAGE = "customer_center/company_settings/index.html"
PANEL = "customer_center/company_settings/_partials/settings.html"


class CompanySettingsForm(ShopForm):
    review_requests_opt_out = BooleanField(_l("Send us no review request mails after delivery"))


def _form(formdata=None) -> CompanySettingsForm:
    form = CompanySettingsForm(formdata=formdata)
    if formdata is None:
        form.review_requests_opt_out.data = current_user.company.review_requests_opt_out
    return form


def _company_data() -> dict:
    """What the page shows of the company: master data from the ERP, open change requests."""
    company = current_user.company
    billing = [a for a in company.addresses if a.kind == "billing"]
    delivery = [a for a in company.addresses if a.kind != "billing"]
    methods = [
        label
        for method, label in PAYMENT_LABELS.items()
        if method.value in company.allowed_payment_methods
    ]
    return {
        "company": company,
        "billing_addresses": billing,
        "delivery_addresses": delivery,
        "payment_methods": methods,
        "change_requests": open_requests(company.id),
        "change_form": CompanyChangeForm(formdata=None),
        "change_kind_label": change_kind_label,
        "change_status_label": change_status_label,
    }


def company_page(change_form=None, invalid: bool = False):
    """The whole page; with a refused change form it answers 422 and shows its messages."""
    context = _company_data()
    if change_form is not None:
        context["change_form"] = change_form
    body = render_template(PAGE, form=_form(), status_message=None, **context)
    return vary(make_response(body, INVALID if invalid else 200))


@bp.get("/company")
@requires(Right.EDIT_COMPANY_DATA)
def company_settings():
    return company_page()


@bp.post("/company")
@requires(Right.EDIT_COMPANY_DATA)
def company_settings_save():
    form = _form(request.form)
    if not form.validate():
        # A tampered value (the CSRF token is checked before): 422, the message beside the box.
        return page_or_fragment(
            PAGE, PANEL, invalid=True, page_context=_company_data, form=form, status_message=None
        )
    changed = set_review_requests_opt_out(current_user, form.review_requests_opt_out.data, utcnow())
    return fragment_or_redirect(
        url_for("customer_center.company_settings"),
        PANEL,
        message=_("Company settings saved.") if changed else _("Nothing was changed."),
        form=form,
    )
