"""What every benchmark script shares: the app they measure, the figures they report."""

import math
import statistics
from pathlib import Path

from flask import Flask

from shop import create_app


def bench_app(url: str, work_dir: Path, **overrides) -> Flask:
    """The shop on `url`, configured as in production for repeated requests."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "ENV_NAME": "bench",
            "INSTANCE_DIR": str(work_dir),
            "MAIL_SINK_DIR": str(work_dir / "mail"),
            # As in production: templates compiled once, no rate limit on repeated requests.
            "TEMPLATES_AUTO_RELOAD": False,
            "RATELIMIT_ENABLED": False,
            **overrides,
        }
    )


def summarize(timings: list[float]) -> tuple[float, float, float]:
    """Median, p95 (nearest rank) and max, in the timings' unit, rounded to 0.1."""
    ordered = sorted(timings)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return round(statistics.median(ordered), 1), round(p95, 1), round(ordered[-1], 1)


def redact(url: str) -> str:
    """A database URL without its password, for printing."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
