"""Processes the tests start for real: the SMTP sink, the outbox worker and the simulator's
event command."""

import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path

from shop.mailbox import CaughtMail, read_mails
from tests.waiting import wait_until

# Seconds a helper process may take to start: waiting ends as soon as it answers.
STARTUP = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_socket() -> socket.socket:
    """A socket listening on a free port of 127.0.0.1, to hand to a server process.

    The port is held from the start: with a port number picked first and bound later by
    the server, a test running in parallel could bind it meanwhile and answer in its place.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def gunicorn_command(
    listener: socket.socket, *, workers: int | None = None, sync_workers: bool = False
) -> list[str]:
    """bin/run's gunicorn command line, without access log, serving on `listener`.

    Start it with `pass_fds=(listener.fileno(),)`. workers: instead of bin/run's number;
    sync_workers: one request per worker process (no threads).
    """
    line = next(
        line for line in (ROOT / "bin/run").read_text().splitlines() if "bin/gunicorn" in line
    )
    words = [word for word in shlex.split(line) if word != "&"]
    words[words.index("--bind") + 1] = f"fd://{listener.fileno()}"
    if workers is not None:
        words[words.index("--workers") + 1] = str(workers)
    removed = ("--access-logfile", "--threads") if sync_workers else ("--access-logfile",)
    for option in removed:
        if option in words:
            at = words.index(option)
            del words[at : at + 2]
    if sync_workers:
        words += ["--worker-class", "sync"]
    return [str(ROOT / words[0]), *words[1:]]


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class MailSink:
    """The project's SMTP sink as a separate process; tests read the mails it caught."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "shop.mail_sink",
                "--port",
                str(self.port),
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        # Generous: on a busy machine (two test passes at once) the start alone can take 10 s.
        wait_until(
            lambda: port_is_open(self.port) or self.process.poll() is not None, timeout=STARTUP
        )
        if self.process.poll() is not None:
            raise RuntimeError("the mail sink did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            # On a busy machine its event loop can take more than 10 s to get to the signal.
            self.process.wait(timeout=STARTUP)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def clear(self) -> None:
        for file in self.folder.glob("*.eml"):
            file.unlink()

    def mails(self) -> list[CaughtMail]:
        return read_mails(self.folder)


class Mailbox:
    """The recipients' view of the sink: every mail the shop sends goes through the outbox
    (#13), so reading lets the mail loop deliver what is due first, as the worker does within
    a poll interval in production. A mail the shop did not queue never shows up."""

    def __init__(self, sink: MailSink, app) -> None:
        self.sink = sink
        self.app = app

    def deliver_due(self) -> None:
        """Send the outbox's due mails now, as the worker's mail loop does."""
        # Imported here: the sink is started before the app is created.
        from shop.extensions import db
        from shop.models.clock import utcnow
        from shop.services.outbox import deliver_due_mails

        with self.app.app_context():
            deliver_due_mails("test-mailbox", utcnow())
            db.session.remove()

    def clear(self) -> None:
        """Forget the mails sent so far (and those due now, which would arrive later)."""
        self.deliver_due()
        self.sink.clear()

    def mails(self) -> list[CaughtMail]:
        self.deliver_due()
        return self.sink.mails()

    def wait_for(self, to: str, subject_contains: str = "", timeout: float = 10.0) -> CaughtMail:
        """The newest mail to `to` whose subject contains the text, waiting for it to arrive."""

        def find():
            matching = [m for m in self.mails() if m.to == to and subject_contains in m.subject]
            return matching[-1] if matching else None

        return wait_until(find, timeout=timeout)


ROOT = Path(__file__).resolve().parents[1]


def start_worker(app, erp, name: str, log: Path | None = None, **settings: str) -> subprocess.Popen:
    """The outbox worker (`flask erp worker`) as a real process on the test database;
    `settings` override its environment; `log` keeps what it writes (else it is dropped)."""
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "ERP_WSDL_URL": erp.wsdl_url,
        "ERP_TIMEOUT": "20",
        "OUTBOX_POLL_SECONDS": "0.1",
        "OUTBOX_LEASE_SECONDS": "3",
        "MAIL_PORT": str(app.config["MAIL_PORT"]),
        "SHOP_INSTANCE_DIR": app.config["INSTANCE_DIR"],
        "SHOP_ENV": "test",
        "FLASK_APP": "wsgi",
        **settings,
    }
    output = log.open("ab") if log is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "erp", "worker"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    finally:
        if log is not None:
            output.close()


def wait_for_first_round(log: Path, timeout: float = STARTUP) -> None:
    """Until the worker writing `log` has finished its first round's customer sync.

    Its first round locks every company the ERP does not know (as the sync should): a test
    that makes up companies and logs in must make them after that, not while it runs.
    """
    wait_until(lambda: log.exists() and "customer sync:" in log.read_text(), timeout=timeout)


# A worker told to stop finishes its round first, and a round's ERP call may take the tests'
# ERP_TIMEOUT (20 s) on a loaded machine: wait for two of them before calling it stuck.
STOP_TIMEOUT = 45


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise


def simulator_event(erp, *arguments: str, url: str | None = None) -> subprocess.CompletedProcess:
    """`python -m erp_bridge.simulator event ...` against the test's simulator (or `url`)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "erp_bridge.simulator",
            "event",
            *arguments,
            "--url",
            url if url is not None else erp.base_url,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
