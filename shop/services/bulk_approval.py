"""Approving several orders at once from the approval inbox (#15).

Each order goes through decide_approval.decide on the version the approver confirmed, in a
unit of work of its own: an order someone else decided meanwhile (or that was taken from the
approver) is reported on its own and rolls back only itself, the rest go through.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from shop.domain.approvals import InvalidTransition, OrderEvent
from shop.models import User
from shop.services import decide_approval

# What a single approval may refuse with; anything else is a bug and propagates.
REFUSALS = (
    decide_approval.StaleOrder,
    decide_approval.OrderNotFound,
    decide_approval.NoApproverAvailable,
    decide_approval.InvalidChange,
    decide_approval.InsufficientStock,
    InvalidTransition,
)

# More than an inbox page holds is no selection a person confirms order by order.
MAX_SELECTED = 50


@dataclass(frozen=True)
class BulkResult:
    """One selected order's outcome: approved (maybe already, by a double-click) or refused."""

    order_id: int
    outcome: decide_approval.Outcome | None = None
    refusal: Exception | None = None

    @property
    def approved(self) -> bool:
        return self.outcome is not None


def approve_each(
    approver: User, versions: Mapping[int, int], comment: str, now: datetime
) -> list[BulkResult]:
    """Approve each order (id -> the version confirmed) with the same comment, one by one."""
    results = []
    for order_id, version in versions.items():
        try:
            outcome = decide_approval.decide(
                order_id, approver, version, OrderEvent.APPROVE, comment, now
            )
        except REFUSALS as refusal:
            results.append(BulkResult(order_id, refusal=refusal))
        else:
            results.append(BulkResult(order_id, outcome=outcome))
    return results
