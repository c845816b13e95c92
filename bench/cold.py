"""A cold first load: run in a fresh Python process, it imports the app and runs it once.

``python -m bench.cold URL QUERY_JSON`` prints one JSON line: the wall-clock time at
which the first run finished (the parent subtracts its own start time, so interpreter
start-up counts), the import time, the first run's time and what the run showed.
"""

from __future__ import annotations

import time

STARTED = time.time()

import importlib  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass  # noqa: E402


@dataclass
class ColdLoad:
    wall_s: float  # from launching the process to the end of the first run
    imports_s: float  # importing Streamlit and the app's modules
    first_run_s: float  # the first AppTest run: engine, migration check, queries, drawing
    problems: list[str]


def measure(url: str, query: dict[str, str]) -> ColdLoad:
    """Launch a fresh interpreter on this module and time its first run of the dashboard."""
    from bench.pages import REPO

    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.cold", url, json.dumps(query)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return ColdLoad(float("nan"), float("nan"), float("nan"), [done.stderr.strip()[-2000:]])
    found = json.loads(lines[-1])
    return ColdLoad(found["finished"] - launched, found["imports_s"], found["first_run_s"], found["problems"])


def _child(url: str, query: dict[str, str]) -> None:
    from bench.apprun import database, new_app, problems

    with database(url):
        for module in ("streamlit", "ui.data", "ui.filters"):
            importlib.import_module(module)
        imported = time.time()
        app = new_app(query)
        app.run()
        finished = time.time()
    print(
        json.dumps(
            {
                "finished": finished,
                "imports_s": imported - STARTED,
                "first_run_s": finished - imported,
                "problems": problems(app),
            }
        )
    )


if __name__ == "__main__":
    _child(sys.argv[1], json.loads(sys.argv[2]))
