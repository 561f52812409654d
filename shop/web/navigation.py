"""Where to send the user next: only ever a path on this site."""

import unicodedata
from urllib.parse import quote, unquote, urlsplit

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
    """The ?page= number, 1 for anything missing or absurd."""
    page = args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
