"""The password rule (§11), one home for every place a password is set.

A password has MIN_LENGTH to MAX_LENGTH characters, is not built from the user's own name or
e-mail address, and is not easy to guess: zxcvbn (a maintained estimator with the most common
leaked passwords, words, names, keyboard rows, repetitions and sequences) must rate it at
least MIN_SCORE.
"""

import re
from collections.abc import Iterable
from enum import StrEnum

from zxcvbn import zxcvbn

MIN_LENGTH = 10
# Long enough for any passphrase or password manager; Argon2 hashes it in constant time.
MAX_LENGTH = 128
# zxcvbn's matching time grows steeply with the length (measured here: ~0.3 s at 40
# characters, ~3 s at 72 on a busy machine), and an attacker holding a link could make the
# server pay it: the first 40 characters decide, which is far past "safely unguessable".
_ANALYSED_LENGTH = 40
# zxcvbn's scale 0-4; 3 means "safely unguessable" (about 10^8 guesses or more).
MIN_SCORE = 3
# Shorter parts of a name ("Li", "Max") would refuse too many unrelated passwords outright;
# zxcvbn still counts them as personal words in its estimate.
_MIN_PERSONAL_PART = 4
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    PERSONAL = "personal"
    COMMON = "common"
    GUESSABLE = "guessable"


def personal_words(name: str, email: str) -> list[str]:
    """The parts of a user's name and e-mail address a password must not be built from."""
    local = email.lower().partition("@")[0]
    parts = [local, *re.split(r"[\W_]+", name.lower()), *re.split(r"[\W_]+", local)]
    words = {part for part in parts if part}
    words |= {word.translate(_UMLAUTS) for word in words}
    return sorted(words)


def password_problem(password: str, personal: Iterable[str] = ()) -> PasswordProblem | None:
    """What is wrong with the password, or None when it follows the rule."""
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    words = [word.lower() for word in personal if word]
    lowered = password.lower().translate(_UMLAUTS)
    if any(word in lowered for word in words if len(word) >= _MIN_PERSONAL_PART):
        return PasswordProblem.PERSONAL
    estimate = zxcvbn(password[:_ANALYSED_LENGTH], user_inputs=words)
    if estimate["score"] >= MIN_SCORE:
        return None
    sources = {match.get("dictionary_name") for match in estimate["sequence"]}
    if "user_inputs" in sources:
        return PasswordProblem.PERSONAL
    if "passwords" in sources:
        return PasswordProblem.COMMON
    return PasswordProblem.GUESSABLE
