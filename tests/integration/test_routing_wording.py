"""Routing reasons worded for pages and mails (#13): a person whose name was not stored is
never shown by their database id."""

import pytest
from flask_babel import force_locale

from shop.web.labels.routing import describe_reason


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_reason_without_a_stored_name_shows_no_database_id(app, language):
    reason = {
        "kind": "deputy",
        "approver_id": 4711,
        "orderer_id": 4712,
        "deputy_for_id": 4713,
        "absent_until": None,
        "via_ids": [4714],
        "names": {},
    }

    with app.test_request_context(), force_locale(language):
        text = describe_reason(reason)

    assert [number for number in ("4711", "4712", "4713", "4714") if number in text] == []
