"""The judged query set of bench/search_quality.py over the demo catalogue (issue #11).

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL: every query must show none of
its excluded products and at least one relevant one among the first five, and precision@5
over the whole set must stay at or above the figure the ranking reached.
"""

from bench.search_quality import JUDGEMENTS, evaluate, mean_precision
from shop.demo.loader import load_demo_data

MIN_PRECISION = 0.95


def test_the_judged_queries_rank_the_right_products_first(app_context):
    load_demo_data()

    outcomes = evaluate()

    shown_excluded = {o.judgement.query: o.excluded_shown for o in outcomes if o.excluded_shown}
    missing = [o.judgement.query for o in outcomes if o.precision == 0]
    assert len(JUDGEMENTS) >= 30
    assert shown_excluded == {}
    assert missing == []
    assert mean_precision(outcomes) >= MIN_PRECISION, [
        (o.judgement.query, o.top) for o in outcomes if o.precision < 1
    ]
