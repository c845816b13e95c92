"""Benchmark every page on a province-scale database, on SQLite and on PostgreSQL.

    python -m bench --reuse --sqlite /tmp/province.db \\
        --postgres postgresql+psycopg://app:app@127.0.0.1:5432/app_bench

Per database it loads the synthetic province (or, with ``--reuse``, checks that it is
there and only reads it), opens every page of the app's ``PAGES`` under AppTest while
recording its ``ui.data`` calls and rule calls, times those calls warm beside the
queries one would write by hand for the same results, times the page's warm AppTest
reruns and a cold first load in a fresh process, and checks on a small database of its own that a report
written shows on every page at the next rerun.  The Markdown table goes to stdout and
to ``artifacts/bench-<database>.md``.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):  # run as ``python bench/run.py``
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bench import cold
from bench.apprun import run_page
from bench.best_sql import BEST
from bench.intake import measure_intake
from bench.pages import REPO, View, choose_view, dashboard_pages
from bench.ranking import measure_ranking
from bench.report import DATA_BUDGET_MS, DatabaseResult, PageResult, render
from bench.timing import slowest_statements, time_fetches, time_rules, time_sql
from bench.visibility import check_visibility
from data_access.engine import make_engine
from data_access.schema import data_version, initialise, is_current
from sample_data import DEFAULT_SEED
from sample_data.province import PROVINCE_CODE, load_province

PROVINCE_PREFIX = PROVINCE_CODE[:2]  # the synthetic province's cities, counties and units share it
COMPLETE = 0.8  # a loaded province has a report for nearly every unit and month (97% at 200 × 24)


class BenchError(Exception):
    """Something the user must fix before the benchmark can run; the message says what."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=5000, help="units of the province to load (5000)")
    parser.add_argument("--months", type=int, default=120, help="months of reports to load (120)")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"seed of the province ({DEFAULT_SEED})"
    )
    parser.add_argument(
        "--sqlite",
        metavar="PATH",
        help="SQLite file (default /tmp/bench-province-<units>x<months>.db unless only --postgres is given)",
    )
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL URL (postgresql+psycopg://…)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the province already in the database, read-only (refuse if it is not there)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=7,
        help="warm runs per measurement, after one warm-up (7; quote figures of 5 or more)",
    )
    parser.add_argument("--app-runs", type=int, help="warm AppTest reruns per page (default --runs)")
    parser.add_argument("--city", help="city code to look at (default: the one with the most units)")
    parser.add_argument("--county", help="county code for the district page (default: the largest)")
    parser.add_argument("--unit", help="unit code for the community page (default: most revisions)")
    parser.add_argument("--month", help="month YYYY-MM (default: the latest with reports)")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold first load")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also time every page in fresh Chromium tabs on a warm server, against a bare page (needs playwright)",
    )
    parser.add_argument("--no-visibility", action="store_true", help="skip the write-visibility check")
    parser.add_argument(
        "--visibility-size",
        default="200x24",
        metavar="UNITSxMONTHS",
        help="size of the province the write check loads into a database of its own (200x24)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="add the query plans of the slowest data functions"
    )
    parser.add_argument(
        "--profile", action="store_true", help="add where one warm AppTest rerun of each page spends its time"
    )
    parser.add_argument(
        "--ranking-only",
        action="store_true",
        help="time only the monthly ranking (city, counties, province), none of the pages",
    )
    parser.add_argument(
        "--intake-only",
        action="store_true",
        help="time only the monthly workbooks' import (a city month, a province month of --units), on a database of its own",
    )
    parser.add_argument("--out", type=Path, default=REPO / "artifacts", help="folder of the reports")
    return parser


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be positive")
    args.app_runs = args.app_runs or args.runs
    try:
        units, months = (int(part) for part in args.visibility_size.lower().split("x"))
    except ValueError:
        parser.error("--visibility-size takes UNITSxMONTHS, e.g. 200x24")
    args.visibility_size = (units, months)
    if args.sqlite is None and args.postgres is None:
        args.sqlite = f"/tmp/bench-province-{args.units}x{args.months}.db"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    targets = []
    if args.sqlite:
        targets.append(("sqlite", f"sqlite:///{Path(args.sqlite).resolve()}"))
    if args.postgres:
        targets.append(("postgresql", args.postgres))
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for label, url in targets:
            result = bench_database(label, url, args)
            report = render(result, os.cpu_count() or 1)
            path = args.out / f"bench-{label}.md"
            path.write_text(report, encoding="utf-8")
            print(report)
            print(f"(written to {path})\n", flush=True)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    return 0


def say(line: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {line}", file=sys.stderr, flush=True)


def bench_database(label: str, url: str, args: argparse.Namespace) -> DatabaseResult:
    if args.intake_only:
        result = DatabaseResult(
            label, _shown(url), "none read", "—", args.runs, args.app_runs, [os.getloadavg()[0]]
        )
        result.intake = time_intake(label, url, args)
        result.load.append(os.getloadavg()[0])
        return result
    engine = prepare(url, args)
    try:
        province = describe(engine)
        if args.reuse:
            province += "; reused, read only"
        else:
            province += f"; loaded in {args.load_s:.0f} s"
        view = choose_view(engine, args.city, args.county, args.unit, args.month)
        version = data_version(engine)
        result = DatabaseResult(
            label,
            engine.url.render_as_string(hide_password=True),
            province,
            _describe_view(view),
            args.runs,
            args.app_runs,
            [os.getloadavg()[0]],
        )
        if args.ranking_only:
            say(f"{label}: the monthly ranking only")
            result.ranking = measure_ranking(engine, view, args.runs)
            result.load.append(os.getloadavg()[0])
            return result
        pages = dashboard_pages()
        forget_cached_data()
        runs = {}
        for script in pages:
            say(f"{label}: AppTest {script}")
            runs[script] = run_page(url, script, view.query(script), args.app_runs, args.profile)
        params = view.sql_params()
        for script, title in pages.items():
            say(f"{label}: timing the data functions of {script}")
            run = runs[script]
            data = time_fetches(engine, run.recorder.unique_fetches("page"), args.runs)
            queries = BEST.get(script, [])
            timed_best = time_sql(engine, queries, params, args.runs) if queries else None
            rules = time_rules(run.recorder.rules, args.runs)
            result.pages.append(
                PageResult(script, title, run, data, rules, timed_best, [q.function for q in queries])
            )
        first = runs[next(iter(pages))]
        result.sidebar = time_fetches(engine, first.recorder.unique_fetches("sidebar"), args.runs)
        result.reference = time_fetches(engine, _reference_calls(runs.values()), args.runs)
        if args.explain:
            result.plans = slowest_plans(engine, result)
        if not args.no_cold:
            say(f"{label}: cold first load in a fresh process")
            result.cold = cold.measure(url, view.query(next(iter(pages))))
        if args.browser:
            from bench import browser

            say(f"{label}: every page and the bare page in Chromium, fresh tabs on warm servers")
            result.browser = browser.measure(url, {script: view.query(script) for script in pages}, args.runs)
        if not args.no_visibility:
            say(f"{label}: write visibility on a database of its own")
            with visibility_database(label, url, args) as (small_url, note):
                small = make_engine(small_url)
                forget_cached_data()
                try:
                    small_view = choose_view(small)
                    result.visibility, written = check_visibility(small, small_url, small_view, list(pages))
                finally:
                    small.dispose()
            result.visibility_note = f"{note}; wrote {written}."
        say(f"{label}: the monthly ranking of the city, its counties and the province")
        result.ranking = measure_ranking(engine, view, args.runs)
        result.intake = time_intake(label, url, args)
        after = data_version(engine)
        if after != version:
            result.notes.append(
                f"the benchmarked database changed during the run (data version {version} → {after}): "
                "someone wrote to it, figures may mix two states"
            )
        result.load.append(os.getloadavg()[0])
        return result
    finally:
        engine.dispose()


def prepare(url: str, args: argparse.Namespace) -> Engine:
    """The engine of a database holding the province: checked (``--reuse``) or loaded now."""
    parsed = make_url(url)
    if args.reuse and parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        raise BenchError(f"{parsed.database} does not exist; run without --reuse to create and load it")
    if not args.reuse and parsed.get_backend_name() == "postgresql":
        _create_postgres_database(url)
    engine = make_engine(url)
    units = province_units(engine)
    if args.reuse:
        if not units:
            raise BenchError(
                f"{_shown(url)} holds no synthetic province; run without --reuse to load one "
                "(--reuse only ever reads)"
            )
        _, _, _, months, current, _ = province_counts(engine)
        if current < COMPLETE * units * months:
            raise BenchError(
                f"{_shown(url)} holds {units} units but only {current:,} of about {units * months:,} "
                "monthly reports: is a load still running?  Measure it once it has finished"
            )
        if not is_current(engine):
            raise BenchError(
                f"{_shown(url)} is not at the newest schema; migrate it first "
                "(DATABASE_URL=… python -m oversight init): the benchmark never migrates a reused database"
            )
        return engine
    if units:
        raise BenchError(
            f"{_shown(url)} already holds a synthetic province of {units} units: "
            "pass --reuse to measure it, or name an empty database"
        )
    say(f"loading a province of {args.units} units × {args.months} months into {_shown(url)}")
    start = time.perf_counter()
    initialise(engine)
    load_province(engine, args.units, args.months, seed=args.seed, progress=say)
    args.load_s = time.perf_counter() - start
    return engine


def province_units(engine: Engine) -> int:
    """Units of the synthetic province in the database (0 if there is none or no schema)."""
    with engine.connect() as connection:
        try:
            return connection.execute(
                text("SELECT count(*) FROM region WHERE level = 'unit' AND code LIKE :prefix"),
                {"prefix": f"{PROVINCE_PREFIX}%"},
            ).scalar_one()
        except Exception:  # no region table yet: an empty database
            return 0


def province_counts(engine: Engine) -> tuple[int, str, str, int, int, int]:
    """(units, first month, last month, months spanned, current reports, revisions)."""
    units = province_units(engine)
    with engine.connect() as connection:
        first, last, current = connection.execute(
            text("SELECT min(month), max(month), count(*) FROM report_summary")
        ).one()
        revisions = connection.execute(text("SELECT count(*) FROM report")).scalar_one()
    first, last = str(first)[:7], str(last)[:7]
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1 if current else 0
    return units, first, last, months, current, revisions


def describe(engine: Engine) -> str:
    units, first, last, months, current, revisions = province_counts(engine)
    return (
        f"{units:,} units, {months} months ({first} … {last}), {current:,} current reports, "
        f"{revisions:,} revisions"
    )


def _describe_view(view: View) -> str:
    return (
        f"city {view.city_code} ({view.units_in_city} units), county {view.county_code} "
        f"({view.units_in_county} units, district page), unit {view.unit_code} (community page), "
        f"month {view.month:%Y-%m}, language zh, all programmes"
    )


def slowest_plans(engine: Engine, result: DatabaseResult) -> list[tuple[str, str, str]]:
    """For each data function over a tenth of the page budget, slowest first: its two
    slowest statements with their plans."""
    members = [
        (member, call)
        for page in result.pages
        for member, call in zip(page.data.members, page.run.recorder.unique_fetches("page"), strict=True)
        if member.median_ms > DATA_BUDGET_MS / 10
    ]
    plans = []
    for member, call in sorted(members, key=lambda pair: -pair[0].median_ms):
        found = slowest_statements(engine, lambda call=call: call.query(engine, *call.args))
        for ms, statement, plan in found:
            plans.append(
                (
                    f"{member.name} — {member.median_ms:.0f} ms; this statement alone {ms:.1f} ms",
                    statement,
                    plan,
                )
            )
    return plans


@contextmanager
def visibility_database(label: str, url: str, args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """A small province of its own, created for the write check and removed afterwards."""
    units, months = args.visibility_size
    if label == "sqlite":
        folder = tempfile.mkdtemp(prefix="bench-visibility-")
        small_url = f"sqlite:///{folder}/visibility.db"
        where = f"a new SQLite file in {folder}"
    else:
        name = f"{make_url(url).database}_visibility"
        small_url = make_url(url).set(database=name).render_as_string(hide_password=False)
        _drop_postgres_database(small_url)
        _create_postgres_database(small_url)
        where = f"a new PostgreSQL database {name}"
    try:
        engine = make_engine(small_url)
        initialise(engine)
        load_province(engine, units, months, seed=args.seed)
        engine.dispose()
        yield small_url, f"On {where} (a {units}-unit × {months}-month province, deleted afterwards)"
    finally:
        _forget_app_engines()
        if label == "sqlite":
            shutil.rmtree(folder, ignore_errors=True)
        else:
            _drop_postgres_database(small_url)


def time_intake(label: str, url: str, args: argparse.Namespace):
    """The monthly workbooks' import, on a database of its own beside ``url``'s: writing
    into the benchmarked province would change what the pages are timed on."""
    with _own_database(label, url, "intake") as (own_url, where):
        say(f"{label}: importing monthly workbooks of {args.units} units into {where}")
        engine = make_engine(own_url)
        try:
            initialise(engine)
            return measure_intake(engine, args.units, args.runs, say)
        finally:
            engine.dispose()


@contextmanager
def _own_database(label: str, url: str, suffix: str) -> Iterator[tuple[str, str]]:
    """An empty database for one measurement, removed afterwards."""
    if label == "sqlite":
        folder = tempfile.mkdtemp(prefix=f"bench-{suffix}-")
        try:
            yield f"sqlite:///{folder}/{suffix}.db", f"a new SQLite file in {folder}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"{make_url(url).database}_{suffix}"
    own = make_url(url).set(database=name).render_as_string(hide_password=False)
    _drop_postgres_database(own)
    _create_postgres_database(own)
    try:
        yield own, f"a new PostgreSQL database {name}"
    finally:
        _drop_postgres_database(own)


def _reference_calls(runs) -> list:
    """Every page's distinct ``reference`` calls, once each (pages share many lists)."""
    seen, calls = set(), []
    for run in runs:
        for call in run.recorder.unique_fetches("reference"):
            if call.key not in seen:
                seen.add(call.key)
                calls.append(call)
    return calls


def forget_cached_data() -> None:
    """Empty the dashboard's query cache before each database.

    Its key is the query, the arguments and the database's data version, not the
    database: two databases loaded alike (same seed, same write count) would share entries.
    """
    import streamlit as st

    st.cache_data.clear()


def _forget_app_engines() -> None:
    """Drop the dashboard's cached engines, so no pooled connection holds a removed database."""
    from ui import data

    data._engine.clear()
    gc.collect()


def _admin(url: str) -> Engine:
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _create_postgres_database(url: str) -> None:
    name = make_url(url).database
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def _drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    raise SystemExit(main())
