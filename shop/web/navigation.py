"""Where to send the user next (only ever a path on this site), and reading the query string."""

import unicodedata
from urllib.parse import quote, unquote, urlsplit

from werkzeug.routing import IntegerConverter

from shop.domain.quantities import parse_quantity

# Characters some browser or proxy may read as a slash, besides "/" itself.
_SLASH_LIKE = str.maketrans(dict.fromkeys("\\\u2044\u2215\uff0f\uff3c\u29f8\u2571\ufe68", "/"))
# Printable ASCII a path, query or fragment may carry as it is; everything else is encoded.
_KEEP = "/?#[]@!$&'()*+,;=:-._~%"


def safe_next_url(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site after every normalisation, else `default`.

    Browsers drop tabs and newlines, read backslashes and look-alike slashes as "/", and
    proxies may decode %2f once more, so each of those readings must still be a local path.
    """
    if not target or len(target) > 2000:
        return default
    readings = [target]
    for _ in range(3):
        decoded = unquote(readings[-1])
        if decoded == readings[-1]:
            break
        readings.append(decoded)
    else:
        return default
    readings += [unicodedata.normalize("NFKC", reading) for reading in readings]
    if not all(_is_local_path(reading) for reading in readings):
        return default
    return quote(target, safe=_KEEP)


def _is_local_path(value: str) -> bool:
    if any(unicodedata.category(char)[0] == "C" for char in value):
        return False  # control and format characters: browsers drop some, U+202E hides text
    slashed = value.translate(_SLASH_LIKE)
    if not slashed.startswith("/") or slashed.startswith("//"):
        return False
    parts = urlsplit(slashed)
    return not parts.scheme and not parts.netloc


def page_arg(args) -> int:
    """The ?page= number, 1 for anything missing or absurd ("²", "٣", "+2", "1_0" …)."""
    page = parse_quantity(args.get("page", "1"))
    return page if page is not None and 0 < page < 100_000 else 1


# Ids are BIGINT at most; a larger number would overflow the database driver (#14).
MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """<int:…> in our URLs: a number beyond BIGINT is no id (404), not a database overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(text: object) -> int | None:
    """A submitted id (ASCII digits, within BIGINT) as int, None for anything else."""
    value = parse_quantity(text) if isinstance(text, str) else None
    return value if value is not None and 0 < value <= MAX_ID else None


def id_arg(args, name: str) -> int | None:
    """An id from the query string, None for anything that cannot be one."""
    return parse_id(args.get(name, ""))
