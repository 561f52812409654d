"""Where to send the user next: only ever a path on this site."""


def safe_next_url(target: str | None, default: str = "/") -> str:
    """Accept a local path only, so a crafted link can never redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def page_arg(args) -> int:
    """The ?page= number, 1 for anything missing or absurd."""
    page = args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
