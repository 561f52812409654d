"""The simulated ERP's article data (contract v1.3, GetArticles): read from the data file,
served in pages, with the images and data sheets it names served under /media/.

The data file's `articles` is optional: without it the simulator is an ERP that keeps no
article data and answers GetArticles with Client.NoArticleData. The text of an article is
not checked here (a real ERP holds incomplete and wrong records: that is what the shop's
content firewall is for); only the structure is.
"""

import re
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

MAX_ARTICLES_PER_PAGE = 500
MEDIA_PATH = "/media/"
# A media entry is a file name the simulator serves, or an absolute URL passed on as it is.
MEDIA_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
ARTICLE_FIELDS = {
    "sku",
    "changedAt",
    "nameEn",
    "nameDe",
    "descriptionEn",
    "descriptionDe",
    "manufacturer",
    "categoryCode",
    "productTypeCode",
    "unit",
    "ean",
    "listPrice",
    "vatRate",
    "attributes",
    "image",
    "datasheet",
}
_TEXTS = ARTICLE_FIELDS - {"sku", "changedAt", "listPrice", "vatRate", "attributes"}


class InvalidArticles(ValueError):
    """The data file's articles cannot be used; the message names the bad field."""


class InvalidPageToken(ValueError):
    """A pageToken this ERP did not hand out."""


@dataclass(frozen=True)
class ArticlePage:
    articles: list[dict[str, Any]]
    next_page_token: str | None  # None: this was the last page


def parse_articles(raw: Any) -> tuple[dict[str, Any], ...]:
    """The data file's `articles` list, validated for structure, sorted by SKU (the paging
    order)."""
    if not isinstance(raw, list):
        raise InvalidArticles("articles: expected a list of objects")
    articles = []
    for index, item in enumerate(raw):
        where = f"articles[{index}]"
        if not isinstance(item, dict):
            raise InvalidArticles(f"{where}: expected an object")
        for name in item:
            if name not in ARTICLE_FIELDS:
                raise InvalidArticles(f"{where}.{name}: unknown field")
        for name in ("sku", "changedAt"):
            if name not in item:
                raise InvalidArticles(f"{where}.{name}: missing")
        for name in _TEXTS | {"sku", "changedAt"}:
            if name in item and not isinstance(item[name], str):
                raise InvalidArticles(f"{where}.{name}: expected a string")
        try:
            changed_at = datetime.fromisoformat(item["changedAt"].replace("Z", "+00:00"))
        except ValueError:
            raise InvalidArticles(f"{where}.changedAt: expected an ISO 8601 time") from None
        article = {**item, "changedAt": _utc(changed_at)}
        for name in ("listPrice", "vatRate"):
            if name in item:
                article[name] = _amount(item[name], f"{where}.{name}")
        article["attributes"] = _attributes(item.get("attributes", []), f"{where}.attributes")
        articles.append(article)
    return tuple(sorted(articles, key=lambda article: article["sku"]))


def _amount(raw: Any, where: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise InvalidArticles(f"{where}: expected a decimal string")
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        raise InvalidArticles(f"{where}: expected a decimal string") from None
    if not value.is_finite():
        raise InvalidArticles(f"{where}: expected a decimal string")
    return value


def _attributes(raw: Any, where: str) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        raise InvalidArticles(f"{where}: expected a list of objects")
    attributes = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise InvalidArticles(f"{where}[{index}]: expected an object with a key")
        for name, value in item.items():
            if name not in {"key", "valueEn", "valueDe"}:
                raise InvalidArticles(f"{where}[{index}].{name}: unknown field")
            if not isinstance(value, str):
                raise InvalidArticles(f"{where}[{index}].{name}: expected a string")
        attributes.append(item)
    return attributes


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def article_page(
    articles: tuple[dict[str, Any], ...],
    changed_since: datetime | None,
    page_token: str | None,
    page_size: int,
    media_base: str,
) -> ArticlePage:
    """One page of the articles changed after `changed_since` (all: None), in SKU order.

    The token is the last SKU of the previous page, so an article added meanwhile is neither
    skipped nor sent twice."""
    after = ""
    if page_token:
        if not page_token.startswith("after:"):
            raise InvalidPageToken(page_token)
        after = page_token.removeprefix("after:")
    since = _utc(changed_since) if changed_since is not None else None
    wanted = [
        article
        for article in articles
        if article["sku"] > after and (since is None or article["changedAt"] > since)
    ]
    page = wanted[:page_size]
    more = len(wanted) > page_size
    return ArticlePage(
        articles=[_on_the_wire(article, media_base) for article in page],
        next_page_token=f"after:{page[-1]['sku']}" if more else None,
    )


def _on_the_wire(article: dict[str, Any], media_base: str) -> dict[str, Any]:
    wire = {name: value for name, value in article.items() if name not in {"image", "datasheet"}}
    for name in ("image", "datasheet"):
        reference = article.get(name)
        if reference:
            wire[f"{name}Url"] = (
                f"{media_base}{MEDIA_PATH}{reference}" if MEDIA_NAME.match(reference) else reference
            )
    return wire


def media_file(articles: tuple[dict[str, Any], ...], name: str) -> tuple[bytes, str] | None:
    """The content and media type of a file an article names, or None. The files are
    generated placeholders: a one-colour PNG, a one-page PDF, anything else plain text."""
    if not MEDIA_NAME.match(name):
        return None
    named = {article.get("image") for article in articles} | {
        article.get("datasheet") for article in articles
    }
    if name not in named:
        return None
    suffix = name.rpartition(".")[2].lower()
    if suffix == "png":
        return _png(zlib.crc32(name.encode())), "image/png"
    if suffix == "pdf":
        return _pdf(name), "application/pdf"
    # Anything else is served as plain text: the shop must refuse it as an image.
    return f"{name}\n".encode(), "text/plain"


def _png(seed: int) -> bytes:
    """A valid 8 x 8 one-colour PNG whose colour follows from `seed`."""
    colour = bytes(((seed >> shift) & 0xFF) for shift in (0, 8, 16))
    rows = b"".join(b"\x00" + colour * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _pdf(title: str) -> bytes:
    """A minimal one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n% " + title.encode("ascii", "replace") + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
