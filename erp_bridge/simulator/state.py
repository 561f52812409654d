"""What the simulated ERP remembers between restarts: orders, contacts, order updates.

Kept as one JSON document, rewritten after every change through a temporary file
and an atomic rename, so a crash mid-write leaves the previous version intact.
"""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

STATE_VERSION = 1


def empty_state() -> dict[str, Any]:
    """A fresh state: nothing received, counters at their start."""
    return {
        "version": STATE_VERSION,
        "next_erp_order": 1,
        "next_contact": 1,
        "next_update": 1,
        "next_invoice": 1,
        "orders": {},
        "contacts": {},
        "updates": [],
        "stock": {},
        "change_requests": [],  # contract v1.2: RequestCustomerChange, as received
    }


def read_state(path: Path | None) -> dict[str, Any]:
    """The saved state, or a fresh one when there is no file yet."""
    if path is None or not path.exists():
        return empty_state()
    state = json.loads(path.read_text(encoding="utf-8"))
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"{path}: unsupported state version {state.get('version')!r}")
    return {**empty_state(), **state}


def write_state(path: Path | None, state: dict[str, Any]) -> None:
    """Replace the state file atomically (temporary file in the same folder, then rename)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(state, file, ensure_ascii=False, indent=1)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
