"""Refused customer change requests (#15, §12): master data changes a customer asked for that
the ERP refused or that could not be delivered, each a ticket an operator deals with (with the
customer or in the ERP) and marks handled with a note."""

from flask import render_template, url_for
from flask_babel import gettext as _

from shop.backoffice.access import staff_required
from shop.backoffice.handled import mark_handled_with_note
from shop.backoffice.views import REVIEWERS, bp
from shop.services.customer_center.company_changes import (
    ChangeRequestHandledAlready,
    ChangeRequestNotFound,
    mark_handled,
    refused_requests,
)
from shop.web.labels.company_changes import change_kind_label

PAGE = "backoffice/customer_changes.html"


def _page(forms: dict | None = None, status: int = 200):
    body = render_template(
        PAGE,
        refused=refused_requests(),
        forms=forms or {},
        change_kind_label=change_kind_label,
    )
    return body, status


@bp.get("/customer-changes")
@staff_required(any_of=REVIEWERS)
def customer_changes():
    return _page()


@bp.post("/customer-changes/<int:request_id>/handled")
@staff_required(any_of=REVIEWERS)
def customer_change_handled(request_id: int):
    return mark_handled_with_note(
        request_id,
        mark_handled,
        _page,
        url_for(".customer_changes"),
        not_found=ChangeRequestNotFound,
        handled_already=ChangeRequestHandledAlready,
        done=_("The change request is marked handled."),
        already=_("Somebody dealt with this change request already."),
    )
