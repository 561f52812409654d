"""bench/http_pages.py works end to end in its quick mode (#10).

It prepares a small data set, starts the simulator, the shop and the bare page under
gunicorn, runs wrk against every page and places orders, and prints the table. The figures
are not checked (the machine is shared): only that the tool runs and reports every page.
It runs on SQLite in its own folder, so a test database is never touched.
"""

import re
import subprocess
import sys
from pathlib import Path

from bench.http_pages import CATALOGUE_GOAL, pages_of

ROOT = Path(__file__).resolve().parents[2]
# How each row of the table starts, in the order of issue #10's table.
PAGES = [
    "bare Flask page",
    "`/catalog`",
    "`/catalog?page=50`",
    "category `/catalog/",
    "product `/products/",
    "`/catalog`, logged in",
    "category, logged in",
    "product, logged in",
    "`/search?q=bolt`",
    "`/search?q=din+933+m8`",
    "`/cart`",
    "`/orders`",
    "approval inbox",
    "user list",
    "checkout rounds",
    "checkout POST",
]
ROW = re.compile(r"^\| (.+?) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+)% \| (.*) \|$")


def test_the_http_benchmark_prints_every_page_beside_the_bare_one(tmp_path):
    command = [sys.executable, "bench/http_pages.py", "--duration", "1", "--products", "2000"]
    command += ["--pending", "100", "--users", "30", "--work-dir", str(tmp_path)]

    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)

    assert run.returncode in (0, 1), run.stdout + run.stderr[-5000:]
    rows = [ROW.match(line) for line in run.stdout.splitlines() if line.startswith("| ")]
    rows = [row for row in rows if row is not None]
    assert len(rows) == len(PAGES), run.stdout
    for row, page in zip(rows, PAGES, strict=True):
        assert row[1].startswith(page), (row[1], page)
    assert rows[0][5] == "100"
    # Each page is compared with the bare page measured just before it.
    assert f"median of {len(PAGES) - 1} runs" in rows[0][1], run.stdout
    assert all(float(row[2]) > 0 for row in rows), run.stdout
    # Exit status 1 exactly when a page misses its goal.
    assert (run.returncode == 1) == ("MISSED" in run.stdout), run.stdout


def test_catalogue_category_and_product_pages_are_measured_anonymous_and_logged_in():
    prepared = {"category": "/catalog/screws", "product": "/products/S-1", "orders": 10}

    measured = {
        (page.path, page.login is not None)
        for page in pages_of(prepared)
        if page.goal == CATALOGUE_GOAL
    }

    for path in ["/catalog", "/catalog/screws", "/products/S-1"]:
        assert {(path, False), (path, True)} <= measured, path
