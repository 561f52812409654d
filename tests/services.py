"""Processes the tests start for real: the SMTP sink (and later the ERP simulator)."""

import socket
import subprocess
import sys
from pathlib import Path

from shop.mailbox import CaughtMail, read_mails
from tests.waiting import wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        wait_until(lambda: port_is_open(self.port) or self.process.poll() is not None)
        if self.process.poll() is not None:
            raise RuntimeError("the mail sink did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def clear(self) -> None:
        for file in self.folder.glob("*.eml"):
            file.unlink()

    def mails(self) -> list[CaughtMail]:
        return read_mails(self.folder)

    def wait_for(self, to: str, subject_contains: str = "", timeout: float = 10.0) -> CaughtMail:
        """The newest mail to `to` whose subject contains the text, waiting for it to arrive."""

        def find():
            matching = [m for m in self.mails() if m.to == to and subject_contains in m.subject]
            return matching[-1] if matching else None

        return wait_until(find, timeout=timeout)
