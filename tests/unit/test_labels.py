"""Every code the domain and services define has its label (#13): a missing one would show
the internal name ("default_monthly_budget", "self_deputy") to the reader."""

from enum import StrEnum

import pytest

from shop.domain.approvals import ChangeProblem, OrderEvent
from shop.domain.audit import AuditField, AuditTarget
from shop.domain.budgets import Limit
from shop.domain.delivery_dates import DeliveryDateProblem
from shop.domain.orders import DeliveryMethod, OrderStatus, PaymentMethod
from shop.domain.passwords import PasswordProblem
from shop.domain.quick_order import QuickOrderProblem
from shop.domain.quick_order_files import FileProblem
from shop.domain.rights import PredefinedRole, Right, RightGroup
from shop.domain.users import UserStatus
from shop.services.customer_center.contact_import import ImportFailure, ImportOutcome
from shop.services.customer_center.exceptions import AbsenceProblem, ApproverProblem
from shop.services.order_history import HistoryNote
from shop.web import labels
from shop.web.labels import audit, contact_import, problems, rights


@pytest.mark.parametrize(
    ("codes", "table"),
    [
        (OrderStatus, labels.STATUS_LABELS),
        (PaymentMethod, labels.PAYMENT_LABELS),
        (DeliveryMethod, labels.DELIVERY_LABELS),
        ((*OrderEvent, *HistoryNote), labels.EVENT_LABELS),
        (Limit, labels.LIMIT_LABELS),
        (PredefinedRole, labels.ROLE_LABELS),
        (Right, labels.RIGHT_LABELS),
        (RightGroup, labels.RIGHT_GROUP_LABELS),
        (Right, rights.RIGHT_DESCRIPTIONS),
        (ImportOutcome, contact_import.IMPORT_OUTCOME_LABELS),
        (ImportFailure, contact_import.IMPORT_FAILURE_LABELS),
        (UserStatus, labels.USER_STATUS_LABELS),
        (PasswordProblem, labels.PASSWORD_PROBLEM_LABELS),
        (AuditTarget, audit.TARGET_LABELS),
        (AuditField, audit.FIELD_LABELS),
        (ApproverProblem, problems.APPROVER_PROBLEM_LABELS),
        (AbsenceProblem, problems.ABSENCE_PROBLEM_LABELS),
        (QuickOrderProblem, problems._QUICK_ORDER_MESSAGES),
        (FileProblem, problems.FILE_PROBLEM_LABELS),
        (DeliveryDateProblem, problems.DELIVERY_DATE_PROBLEM_LABELS),
        (ChangeProblem, problems.CHANGE_PROBLEM_LABELS),
    ],
)
def test_every_code_has_a_label(codes, table):
    missing = [code for code in codes if code not in table]

    assert missing == []
    assert all(isinstance(code, StrEnum) for code in table)
