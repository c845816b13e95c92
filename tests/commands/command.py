"""Running ``python -m oversight`` as a scheduled job or a user would, on a database URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def oversight(url: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m oversight ARGS`` with ``DATABASE_URL=url``, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args],
        cwd=REPO,
        env=os.environ | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )
