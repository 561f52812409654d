"""Reading the mails the local sink caught (development page and tests)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path


@dataclass(frozen=True)
class CaughtMail:
    id: str
    to: str
    subject: str
    text: str
    html: str
    received_at: datetime  # naive UTC, as the shop stores times
    # (file name, content) of each attachment, e.g. an invoice PDF
    attachments: tuple[tuple[str, bytes], ...] = ()


def read_mails(folder: str | Path) -> list[CaughtMail]:
    """All caught mails, oldest first."""
    path = Path(folder)
    if not path.is_dir():
        return []
    mails = []
    for file in sorted(path.glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(file.read_bytes())
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        mails.append(
            CaughtMail(
                id=file.stem,
                to=str(message["To"]),
                subject=str(message["Subject"]),
                text=text.get_content() if text else "",
                html=html.get_content() if html else "",
                received_at=datetime.fromtimestamp(int(file.stem.split("-")[0]) / 1e9, UTC).replace(
                    tzinfo=None
                ),
                attachments=tuple(
                    (part.get_filename() or "", part.get_content())
                    for part in message.iter_attachments()
                ),
            )
        )
    return mails
