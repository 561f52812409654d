"""bench/profile_pages.py works end to end in its quick mode (#10).

It prepares a small data set, starts the simulator, requests every page of the HTTP
benchmark through the WSGI app as the user who sees it and prints CPU time and SQL
statements beside the bare page's. The figures are not checked (the machine is shared):
only that every page is reported, and that one page's profile is written.
"""

import pstats
import re
import subprocess
import sys
from pathlib import Path

from tests.integration.test_bench_http import PAGES

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| (.+?) \| ([\d.]+) \| (\d+)% \| (.*) \| (\d+) \|$")
# The HTTP benchmark's pages but its two checkout rows, a trivial logged-in page, the POST.
PROFILED = [*PAGES[:-2], "`/account`, logged in", "checkout (POST)"]
QUICK = ["--products", "2000", "--pending", "100", "--users", "30", "--runs", "2"]


def test_the_page_profile_prints_every_page_and_writes_a_profile(tmp_path):
    command = [sys.executable, "bench/profile_pages.py", *QUICK, "--work-dir", str(tmp_path)]

    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    profiled = subprocess.run(
        [*command, "--page", "user list", "--profile", str(tmp_path / "users.prof")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stdout + run.stderr[-5000:]
    rows = [ROW.match(line) for line in run.stdout.splitlines() if line.startswith("| ")]
    rows = [row for row in rows if row is not None]
    assert len(rows) == len(PROFILED), run.stdout
    for row, page in zip(rows, PROFILED, strict=True):
        assert row[1].startswith(page), (row[1], page)
    assert rows[0][3] == "100"
    assert all(float(row[2]) > 0 and int(row[5]) > 0 for row in rows), run.stdout
    assert profiled.returncode == 0, profiled.stderr[-5000:]
    assert "user list" in profiled.stdout
    assert pstats.Stats(str(tmp_path / "users.prof")).total_calls > 0
