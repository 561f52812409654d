"""Why a filter's range was ignored, worded beside the field (#11)."""

from flask_babel import lazy_gettext as _l

from shop.domain.facets import RangeProblem

RANGE_PROBLEM_LABELS = {
    RangeProblem.NOT_A_NUMBER: _l("Enter numbers only, e.g. 20 or 0.8."),
    RangeProblem.REVERSED: _l("The lower bound is above the upper one."),
}


def range_problem_label(problem: RangeProblem) -> str:
    return str(RANGE_PROBLEM_LABELS[problem])
