"""Each firewall problem reads as a sentence in English and German, naming the attribute or
field by its label, never by its code (#12)."""

import pytest
from flask_babel import force_locale

from shop.domain.content_firewall import ContentProblem
from shop.web.labels.content import content_problem_message

KEYS = {
    ContentProblem.PRICE_INVALID: "list_price",
    ContentProblem.TEXT_INVALID: "name_de",
    ContentProblem.FILE_MISSING: "image",
    ContentProblem.FILE_NOT_ALLOWED: "datasheet",
    ContentProblem.FILE_NOT_DELIVERED: "image",
    ContentProblem.FILE_ELSEWHERE: "datasheet",
}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("problem", list(ContentProblem), ids=str)
def test_every_problem_reads_as_a_sentence_with_labels(app, problem, language):
    key = KEYS.get(problem, "width_across_flats")
    with app.test_request_context(), force_locale(language):
        message = content_problem_message(
            problem.value, key, "x", attribute_labels={"width_across_flats": "Schlüsselweite"}
        )

    assert problem.value not in message and "%(" not in message
    assert key not in message
