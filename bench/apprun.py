"""Running the dashboard under AppTest while recording what each page asks of the database.

While a :class:`Recorder` is active, ``ui.data.fetch`` and the ``oversight`` rules a
page imports are wrapped: every call is logged with its arguments (and result), then
passed through unchanged.  So the benchmark times exactly the calls a page makes, and
the mapping cannot drift from the pages' code.
"""

from __future__ import annotations

import ast
import copy
import cProfile
import hashlib
import importlib
import inspect
import io
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.pages import DASHBOARD, REPO

# Rule modules that only format or translate: not worth timing as "rules".
NOT_RULES = {"oversight.formatting", "oversight.i18n"}
SIDEBAR_FILES = {str(REPO / "ui" / "filters.py"), str(REPO / "ui" / "frame.py"), str(DASHBOARD)}


@dataclass
class FetchCall:
    """One ``ui.data.fetch`` or ``ui.data.reference`` call a page (or the sidebar) made."""

    source: str  # "page" or "sidebar" (fetch), or "reference" (either)
    query: Callable[..., Any]
    args: tuple
    result: Any = None

    @property
    def name(self) -> str:
        return f"{self.query.__module__.removeprefix('data_access.')}.{self.query.__qualname__}"

    @property
    def key(self) -> tuple[str, str]:
        return self.name, repr(self.args)


@dataclass
class RuleCall:
    """One call of a pure ``oversight`` rule from the page script, with copies of its arguments."""

    name: str
    func: Callable[..., Any]
    args: tuple
    kwargs: dict


def page_files(script: str) -> list[Path]:
    """The page script and its view module (``ui/views/<page>.py``), which gathers the
    page's data and applies its rules: the page's own code, as the benchmark counts it."""
    view = REPO / "ui" / "views" / f"{Path(script).stem}.py"
    return [REPO / script, *([view] if view.exists() else [])]


def page_rules(script: str) -> list[tuple[str, str]]:
    """(module, name) of each ``oversight`` function the page imports, formatting aside."""
    found = []
    for path in page_files(script):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("oversight."):
                if node.module in NOT_RULES or node.module.startswith("oversight.messages"):
                    continue
                module = importlib.import_module(node.module)
                for alias in node.names:
                    if inspect.isfunction(getattr(module, alias.name, None)):
                        found.append((node.module, alias.name))
    return found


class Recorder:
    """Logs the fetches and rule calls made while :meth:`recording` is active."""

    def __init__(self) -> None:
        self.fetches: list[FetchCall] = []
        self.rules: list[RuleCall] = []

    @contextmanager
    def recording(self, script: str) -> Iterator[Recorder]:
        from ui import data

        own_files = {str(path) for path in page_files(script)}
        view_name = f"ui.views.{Path(script).stem}"
        view = (
            importlib.import_module(view_name)
            if str(REPO / "ui" / "views" / f"{Path(script).stem}.py") in own_files
            else None
        )
        original_fetch, original_reference = data.fetch, data.reference

        def fetch(query, *args):
            caller = _resolved(sys._getframe(1).f_code.co_filename)
            result = original_fetch(query, *args)
            source = "sidebar" if caller in SIDEBAR_FILES else "page"
            self.fetches.append(FetchCall(source, query, args, result))
            return result

        def reference(query, *args):
            result = original_reference(query, *args)
            self.fetches.append(FetchCall("reference", query, args, result))
            return result

        patched = [(data, "fetch", original_fetch), (data, "reference", original_reference)]
        data.fetch, data.reference = fetch, reference
        for module_name, name in page_rules(script):
            module = importlib.import_module(module_name)
            original = getattr(module, name)
            wrapper = self._rule_wrapper(f"{module_name}.{name}", original, own_files)
            # The view module bound the rule by name when it was imported: it is wrapped there too.
            for owner in (module, view):
                if owner is not None and getattr(owner, name, None) is original:
                    patched.append((owner, name, original))
                    setattr(owner, name, wrapper)
        try:
            yield self
        finally:
            for owner, name, original in reversed(patched):
                setattr(owner, name, original)

    def _rule_wrapper(self, name: str, original: Callable, own_files: set[str]) -> Callable:
        def wrapper(*args, **kwargs):
            # Only the page's own calls: a rule calling another rule is timed inside it.
            if _resolved(sys._getframe(1).f_code.co_filename) in own_files:
                self.rules.append(RuleCall(name, original, copy.deepcopy(args), copy.deepcopy(kwargs)))
            return original(*args, **kwargs)

        return wrapper

    def unique_fetches(self, source: str) -> list[FetchCall]:
        """The distinct calls from ``source``: a repeat within a run is a cache hit."""
        seen, unique = set(), []
        for call in self.fetches:
            if call.source == source and call.key not in seen:
                seen.add(call.key)
                unique.append(call)
        return unique


def _resolved(filename: str) -> str:
    return str(Path(filename).resolve())


@contextmanager
def database(url: str) -> Iterator[None]:
    """``DATABASE_URL`` set to ``url`` for the block (the app reads it on every run)."""
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = before


BENCH_USER = "bench"
"""Who the benchmark signs in as: bureau staff of every city of the database, so every
page reads with a scope through the read gate, as a signed-in user's pages do."""


def bench_user(url: str) -> str:
    """:data:`BENCH_USER` in the database at ``url``, created on first use (the one write
    the benchmark makes to a reused database: a user, its roles and their audit rows)."""
    from sqlalchemy import select

    from data_access.engine import make_engine
    from data_access.models import Region
    from tests.signing import ensure_user

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            cities = connection.scalars(
                select(Region.code).where(Region.level == "city").order_by(Region.code)
            )
            grants = [("staff", code) for code in cities]
        return ensure_user(engine, BENCH_USER, grants)
    finally:
        engine.dispose()


def new_app(query: dict[str, str]):
    """An AppTest of the dashboard with the URL's query parameters set, signed in as
    :data:`BENCH_USER` (``DATABASE_URL`` names the database), not yet run."""
    import datetime as dt

    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from data_access.engine import database_url
    from ui.auth import SESSION, Session

    config.set_option("client.showErrorDetails", "full")  # say which error, not "redacted"
    app = AppTest.from_file(str(DASHBOARD), default_timeout=300)
    app.session_state[SESSION] = Session(bench_user(database_url()), dt.datetime.now())
    for key, value in query.items():
        app.query_params[key] = value
    return app


def problems(app) -> list[str]:
    """Exceptions and sidebar notices the last run showed (a notice means the view was refused)."""
    shown = [f"exception: {e.proto.type}: {e.value}" for e in app.exception]
    shown += [f"warning: {w.value}" for w in app.warning]
    return shown


def timed_run(app) -> float:
    start = time.perf_counter()
    app.run()
    return time.perf_counter() - start


@contextmanager
def like_a_server() -> Iterator[None]:
    """Make AppTest run the entry script on every run, as a Streamlit server does.

    With a ``pages/`` folder next to the entry script, Streamlit starts in its old
    "pages folder" mode; a server leaves it for good once the entry script calls
    ``st.navigation``, and from then on every rerun runs the entry script (sidebar,
    navigation) and then the page.  AppTest resets that switch before each run, so
    after ``switch_page`` it would run the page alone, leaving the sidebar's work out of
    the timing.  Here the switch is turned off as soon as AppTest resets it.
    """
    from streamlit.testing.v1 import app_test

    original = app_test.PagesManager

    class ServerPagesManager(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            original.uses_pages_directory = False

    app_test.PagesManager = ServerPagesManager
    try:
        yield
    finally:
        app_test.PagesManager = original


@dataclass
class PageRun:
    """What one page did under AppTest: its recorded calls and its run times (seconds)."""

    script: str
    query: dict[str, str]
    recorder: Recorder
    first_run_s: float  # the first run of the page in this process (its fetches maybe cached)
    warm_runs_s: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    profile: str = ""  # the busiest functions of one warm rerun, when asked for

    @property
    def warm_median_s(self) -> float:
        return statistics.median(self.warm_runs_s) if self.warm_runs_s else float("nan")


def run_page(url: str, script: str, query: dict[str, str], runs: int, profile: bool = False) -> PageRun:
    """Open the dashboard, switch to ``script`` recording its calls (the sidebar's too),
    then time ``runs`` warm reruns, and profile one more if asked."""
    recorder = Recorder()
    with database(url), like_a_server():
        app = new_app(query)
        app.run()
        app.switch_page(script)
        with recorder.recording(script):
            first = timed_run(app)
        shown = problems(app)
        if not app.sidebar.selectbox:
            shown.append("note: the sidebar was not drawn on the page's run")
        broken = any(p.startswith("exception") for p in shown)
        warm = [] if broken else [timed_run(app) for _ in range(runs)]
        profiled = profile_run(app) if profile and not broken else ""
    return PageRun(script, query, recorder, first, warm, shown, profiled)


PROFILED = re.compile(r"/(pages|ui|oversight|data_access)/|altair|vegalite|pandas/io/formats/style")


def profile_run(app, top: int = 25) -> str:
    """The ``top`` functions of one warm rerun by cumulative time: the app's own code,
    Altair and pandas' Styler (where a rerun's time goes when the data is cached)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    profiler = cProfile.Profile()
    original = LocalScriptRunner._run_script_thread

    def profiled(runner) -> None:  # AppTest runs the script in a thread of its own
        profiler.enable()
        try:
            original(runner)
        finally:
            profiler.disable()

    LocalScriptRunner._run_script_thread = profiled
    try:
        app.run()
    finally:
        LocalScriptRunner._run_script_thread = original
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(PROFILED.pattern, top)
    return "\n".join(
        line.replace(str(REPO) + "/", "")
        for line in out.getvalue().splitlines()
        if line.strip() and not line.startswith(("   Ordered by", "   List reduced"))
    )


def signature(app) -> str:
    """A digest of everything the last run drew, to tell whether a rerun changed the page."""
    digest = hashlib.sha256()

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for key in sorted(children):
                walk(children[key])
            return
        kind = getattr(node, "type", type(node).__name__)
        digest.update(kind.encode())
        if kind in ("dataframe", "table"):
            # A Styler's table carries a random id: compare the data it shows instead.
            value = node.value
            digest.update(getattr(value, "data", value).to_csv().encode())
            return
        proto = getattr(node, "proto", None)
        if hasattr(proto, "SerializeToString"):
            digest.update(proto.SerializeToString(deterministic=True))

    walk(app._tree)
    return digest.hexdigest()
