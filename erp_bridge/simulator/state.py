"""What the simulated ERP remembers between restarts: orders, contacts, order updates.

On disk the state is two files (#10):

- the snapshot, `state.json`: the whole state as one JSON document (format version 1, as
  the simulator has always written it, plus the key "journal" naming the journal that goes
  with it). Written through a temporary file and an atomic rename.
- the journal, `state.json.journal`: one JSON object per line, appended for every change.
  The first line is `{"journal": TOKEN}`; each further line is `{"set": [[PATH, VALUE],
  ...]}`, where PATH is a list of keys from the state's top (`["orders", "W-1"]`,
  `["next_erp_order"]`) and a list index equal to the list's length appends
  (`["updates", 7]`). A line is appended with one write and flushed to disk before the
  ERP answers (concurrent changes share one fsync); a torn last line (a crash mid-write)
  is ignored, as that change was never answered.

Reading applies the journal's lines to the snapshot, but only when the journal's token
matches the snapshot's: a journal left over from before the last compaction is stale. A
compaction (at start-up, after a reset, and every COMPACT_AFTER lines) writes a new
snapshot with a fresh token and then starts a new journal. A state file written before
the journal existed is a snapshot without a journal and loads as it is.

Appending a line instead of rewriting the whole document keeps the cost of a change
independent of how much the ERP has received (a rewrite with fsync per change made
SubmitOrder slower with every order).
"""

import json
import os
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

STATE_VERSION = 1
# Journal lines after which the state is compacted into a new snapshot.
COMPACT_AFTER = 20_000

Path_ = tuple[str | int, ...]


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


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def read_state(path: Path | None) -> dict[str, Any]:
    """The saved state (snapshot and its journal), or a fresh one when there is no file yet."""
    if path is None or not path.exists():
        state = empty_state()
        token = None
    else:
        state = json.loads(path.read_text(encoding="utf-8"))
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"{path}: unsupported state version {state.get('version')!r}")
        token = state.pop("journal", None)
        state = {**empty_state(), **state}
    if path is not None and token is not None:
        _replay(journal_path(path), token, state)
    return state


def write_state(path: Path | None, state: dict[str, Any], token: str | None = None) -> None:
    """Replace the snapshot atomically (temporary file in the same folder, then rename)."""
    if path is None:
        return
    document = dict(state) if token is None else {**state, "journal": token}
    _write_atomically(path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))


def apply_change(state: dict[str, Any], path: list[Any], value: Any) -> None:
    """Set the value at `path` (a list index equal to the length appends)."""
    parent: Any = state
    for key in path[:-1]:
        parent = parent[key] if isinstance(parent, list) else parent.setdefault(key, {})
    last = path[-1]
    if isinstance(parent, list):
        if last == len(parent):
            parent.append(value)
        else:
            parent[last] = value
    else:
        parent[last] = value


def value_at(state: dict[str, Any], path: Path_) -> Any:
    value: Any = state
    for key in path:
        value = value[key]
    return value


class StateStore:
    """The snapshot and journal of one state file; None as path keeps everything in memory.

    `record` appends a change under the caller's lock and returns its position; `sync`
    (called after the lock is released) makes sure it is on disk, so writers waiting for the
    disk share one fsync instead of queueing for the lock.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fd: int | None = None
        self._lines = 0
        self._written = 0  # positions appended so far
        self._synced = 0  # positions known to be on disk
        self._sync_lock = threading.Lock()

    def open(self, state: dict[str, Any]) -> None:
        """Start from `state` (just read): compact it into a fresh snapshot and journal."""
        self.compact(state)

    def record(self, state: dict[str, Any], paths: list[Path_]) -> int:
        """Append one journal line setting these paths to their values in `state`."""
        if self.path is None:
            return 0
        if self._fd is None or self._lines >= COMPACT_AFTER:
            self.compact(state)
            return self._written
        changes = [[list(path), value_at(state, path)] for path in paths]
        line = json.dumps({"set": changes}, ensure_ascii=False, separators=(",", ":"))
        os.write(self._fd, (line + "\n").encode("utf-8"))
        self._lines += 1
        self._written += 1
        return self._written

    def sync(self, position: int) -> None:
        """Return once the journal is on disk up to `position`."""
        if self._fd is None or position <= self._synced:
            return
        with self._sync_lock:
            if position <= self._synced:
                return  # another writer's fsync covered it
            target = self._written
            fd = self._fd
            if fd is not None:
                os.fsync(fd)
            self._synced = max(self._synced, target)

    def compact(self, state: dict[str, Any]) -> None:
        """Write the whole state as a new snapshot, then start an empty journal for it."""
        if self.path is None:
            return
        token = secrets.token_hex(8)
        write_state(self.path, state, token)
        journal = journal_path(self.path)
        header = json.dumps({"journal": token}) + "\n"
        _write_atomically(journal, header.encode("utf-8"))
        with self._sync_lock:
            if self._fd is not None:
                os.close(self._fd)
            self._fd = os.open(journal, os.O_WRONLY | os.O_APPEND)
            self._lines = 0
            self._written += 1
            self._synced = self._written  # both files were flushed before the rename

    def close(self) -> None:
        with self._sync_lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _replay(journal: Path, token: str, state: dict[str, Any]) -> None:
    if not journal.exists():
        return
    with journal.open(encoding="utf-8") as file:
        header = file.readline()
        try:
            if json.loads(header).get("journal") != token:
                return  # stale: written before the snapshot's compaction
        except ValueError:
            return
        for line in file:
            if not line.endswith("\n"):
                break  # torn by a crash mid-write: that change was never answered
            try:
                record = json.loads(line)
            except ValueError:
                break
            for path, value in record.get("set", []):
                apply_change(state, path, value)


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
