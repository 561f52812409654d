"""Bulk approval (#15) keeps to the approver's company: another company's order number in the
selection is a 404 for the confirm page and the approval, and nothing is approved."""

import re

from werkzeug.datastructures import MultiDict

from shop.domain.orders import OrderStatus
from tests.clients import logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import order_by_number, order_over_budget, team

BULK = "/customer-center/approvals/bulk"
VERSIONS = re.compile(r'name="(version-[^"]+)" value="(\d+)"')


def confirm_page(client, numbers):
    return client.get(BULK, query_string=MultiDict([("order", number) for number in numbers]))


def confirmed_fields(html: str, numbers) -> MultiDict:
    fields = [("csrf_token", csrf_token_from(html)), ("comment", "")]
    fields += [("order", number) for number in numbers]
    fields += VERSIONS.findall(html)
    return MultiDict(fields)


def test_another_companys_order_cannot_be_confirmed_or_approved(app, app_context):
    company, main, clara, anna = team()
    own = order_over_budget(anna)
    other_company, other_main, other_clara, other_anna = team()
    foreign = order_over_budget(other_anna)
    approver = logged_in(app, clara)
    html = text_of(confirm_page(approver, [own.number]))

    page = confirm_page(approver, [own.number, foreign.number])
    fields = confirmed_fields(html, [own.number, foreign.number])
    fields.add(f"version-{foreign.number}", str(foreign.version))
    posted = approver.post(BULK, data=fields)

    assert page.status_code == 404 and posted.status_code == 404
    assert order_by_number(own.number).status == OrderStatus.AWAITING_APPROVAL.value
    assert order_by_number(foreign.number).status == OrderStatus.AWAITING_APPROVAL.value
