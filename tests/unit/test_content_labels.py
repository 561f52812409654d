"""Every code of the content firewall and the catalogue import has its label (#12): the back
office never shows an internal name such as "datasheet_missing"."""

import pytest

from shop.domain.catalog_import import FileProblem, ProductField
from shop.domain.content_firewall import AttributeKind, ContentProblem
from shop.domain.staff import StaffAction, StaffRight
from shop.web import labels
from shop.web.labels import content


@pytest.mark.parametrize(
    ("codes", "table"),
    [
        (ContentProblem, content.CONTENT_PROBLEM_LABELS),
        (ProductField, content.PRODUCT_FIELD_LABELS),
        (AttributeKind, content.ATTRIBUTE_KIND_LABELS),
        (FileProblem, content.FILE_PROBLEM_LABELS),
        (StaffRight, labels.STAFF_RIGHT_LABELS),
        (StaffAction, labels.STAFF_ACTION_LABELS),
    ],
)
def test_every_code_has_a_label(codes, table):
    assert [code for code in codes if code not in table] == []
