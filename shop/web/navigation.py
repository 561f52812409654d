"""Where to send the user next (only ever a path on this site), and reading the query string."""

from werkzeug.routing import IntegerConverter

from shop.domain.quantities import parse_quantity
from shop.domain.text import fits_single_line


def safe_next_url(target: str | None, default: str = "/") -> str:
    """Accept a local path only, so a crafted link can never redirect to another site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and fits_single_line(target)  # a line break in a Location header is a 500 (#14)
    ):
        return target
    return default


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
