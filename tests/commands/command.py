"""Running ``python -m oversight`` as a scheduled job or a user would, on a database URL.

Most tests call the command line's ``main`` in this process, with the same arguments,
``DATABASE_URL``, exit status, output and errors as the program: a new Python process
spends seconds importing what this one has already imported.  ``oversight_process``
runs the real program, for the tests that cross the process boundary (one per command).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[2]


def oversight(url: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m oversight ARGS`` with ``DATABASE_URL=url``, run by ``commands.cli.main``
    in this process; what it printed and its status, as the finished program's."""
    from commands.cli import main

    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, {"DATABASE_URL": url}), redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit:  # argparse: --help, or a mistyped command
            status = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
            if isinstance(exit.code, str):
                print(exit.code, file=err)
    return subprocess.CompletedProcess(
        ["python", "-m", "oversight", *args], status, out.getvalue(), err.getvalue()
    )


def oversight_process(url: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m oversight ARGS`` with ``DATABASE_URL=url``, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args],
        cwd=REPO,
        env=os.environ | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )
