"""The password rule in plain Python: length bounds, personal words, guessability."""

import pytest

from shop.domain.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordProblem,
    password_problem,
    personal_words,
)

MUELLER = personal_words("Anna Müller-Weber", "anna.mueller@firma.example.com")


def test_personal_words_are_the_parts_of_name_and_local_part_with_spelled_out_umlauts():
    assert {"anna", "müller", "mueller", "weber", "anna.mueller"} <= set(MUELLER)
    assert "firma" not in MUELLER


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("x" * (MIN_LENGTH - 1), PasswordProblem.TOO_SHORT),
        ("Lila-Kiesel-Turm-7" * 8, PasswordProblem.TOO_LONG),
        ("Mueller-Kiesel-7", PasswordProblem.PERSONAL),
        ("WEBER#Kiesel#7", PasswordProblem.PERSONAL),
        ("aaaaaaaaaaaa", PasswordProblem.GUESSABLE),
        ("passwort123", PasswordProblem.COMMON),
        ("iloveyou12", PasswordProblem.COMMON),
        ("Lila-Kiesel-Turm-7", None),
        (("Lila-Kiesel-Turm-7-" * 7)[:MAX_LENGTH], None),
    ],
)
def test_password_problem(password, problem):
    assert password_problem(password, MUELLER) == problem
