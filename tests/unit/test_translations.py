"""The German catalogue is complete: every text the code and templates use is translated."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ROOT / "translations/de/LC_MESSAGES/messages.po"


def extracted_messages(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            # Babel skips folders starting with "_" by default: our partials live there.
            "--ignore-dirs",
            ".*",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as file:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}


def german_catalogue():
    with GERMAN.open("rb") as file:
        return read_po(file)


def is_translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


def test_every_message_in_code_and_templates_has_a_german_translation(tmp_path):
    catalogue = german_catalogue()
    translated = {
        m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id and is_translated(m)
    }

    missing = sorted(extracted_messages(tmp_path) - translated)

    assert missing == []


def test_german_translations_keep_every_placeholder():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    broken = []
    for message in german_catalogue():
        if not message.id or not is_translated(message):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(placeholder.findall(ids[-1])) | set(placeholder.findall(ids[0]))
        for text in strings:
            if not set(placeholder.findall(text)) <= expected:
                broken.append(message.id)

    assert broken == []
