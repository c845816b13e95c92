"""The rules package stays pure: importing it pulls in no database, Streamlit or sample code."""

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import oversight

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN = ("sqlalchemy", "streamlit", "data_access", "sample_data", "commands")


def _modules() -> list[str]:
    """Every module of ``oversight`` but its ``__main__``, which is the command line's door."""
    return [
        info.name
        for info in pkgutil.walk_packages(oversight.__path__, "oversight.")
        if info.name != "oversight.__main__"
    ]


def _imported_by(modules: list[str]) -> dict[str, list[str]]:
    """For each module, the forbidden top-level packages that importing it brought in.

    All in one fresh interpreter: a package is blamed on the first module that pulls it in,
    so the union over the modules is everything importing ``oversight`` loads.
    """
    script = (
        "import importlib, json, sys\n"
        f"forbidden = {FORBIDDEN!r}\n"
        "found = {}\n"
        "for name in sys.argv[1:]:\n"
        "    before = set(sys.modules)\n"
        "    importlib.import_module(name)\n"
        "    new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "    found[name] = sorted(new & set(forbidden))\n"
        "print(json.dumps(found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *modules], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_modules_of_oversight_are_found():
    modules = _modules()
    assert {"oversight.attainment", "oversight.forecast", "oversight.messages.common"} <= set(modules)
    assert "oversight.__main__" not in modules


def test_no_module_of_oversight_imports_database_streamlit_or_sample_code():
    offenders = {name: found for name, found in _imported_by(_modules()).items() if found}
    assert offenders == {}
