"""The benchmark's results and their Markdown report."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bench.apprun import PageRun
from bench.browser import RATIO_GOAL, RATIO_LIMIT, BrowserLoad, PageDraw
from bench.cold import ColdLoad
from bench.intake import IntakeBench, render_intake
from bench.ranking import RankingBench, render_ranking
from bench.timing import Batch, Timed
from bench.visibility import Visibility

DATA_BUDGET_MS = 100.0  # every page's data functions, for one city
BEST_FACTOR = 2.0  # ... within this factor of the hand-written queries for the same results
APP_BUDGET_MS = 500.0  # a warm AppTest run of a page
COLD_BUDGET_S = 5.0  # a first load of the app in a fresh process


@dataclass
class PageResult:
    """One page's measurements.

    ``best`` holds the hand-written queries for the page's results (one member per
    :class:`bench.best_sql.BestQuery`, in order); ``functions`` are the data functions
    those queries stand for (``module.name``), and ``uncovered`` the functions the page
    called that no hand-written query stands for, which fails the goal.
    """

    script: str
    title: str
    run: PageRun
    data: Batch
    rules: Batch
    best: Batch | None
    functions: list[str] = field(default_factory=list)

    def function_ms(self, name: str) -> float | None:
        """A data function's median, summed over its calls on the page; None if not called."""
        found = [m for m in self.data.members if m.name.startswith(f"{name}(")]
        return sum(m.median_ms for m in found) if found else None

    @property
    def uncovered(self) -> list[str]:
        called = {m.name.split("(")[0] for m in self.data.members}
        return sorted(called - set(self.functions))

    @property
    def comparisons(self) -> list[tuple[str, Timed, float | None]]:
        """(function, its best query's timing, the function's ms) per hand-written query."""
        if self.best is None:
            return []
        return [
            (name, query, self.function_ms(name))
            for name, query in zip(self.functions, self.best.members, strict=True)
        ]

    @property
    def worst_ratio(self) -> float | None:
        ratios = [
            ms / query.median_ms for _, query, ms in self.comparisons if ms is not None and query.median_ms
        ]
        return max(ratios) if ratios else None

    @property
    def ratio(self) -> float | None:
        if self.best is None or not self.best.median_ms:
            return None
        return self.data.median_ms / self.best.median_ms

    @property
    def app_ms(self) -> float:
        return self.run.warm_median_s * 1000

    def goals(self) -> dict[str, bool | None]:
        ratio = self.ratio
        return {
            "best": None if ratio is None else ratio <= BEST_FACTOR and not self.uncovered,
            "data": self.data.median_ms < DATA_BUDGET_MS,
            "app": self.app_ms < APP_BUDGET_MS,
            "clean": not any(p.startswith("exception") for p in self.run.problems),
        }

    @property
    def met(self) -> bool:
        return all(v is not False for v in self.goals().values())


@dataclass
class DatabaseResult:
    label: str  # "sqlite" or "postgresql"
    where: str  # the database, password hidden
    province: str  # what the database holds and whether it was loaded or reused
    view: str
    runs: int
    app_runs: int
    load: list[float]  # 1-minute load averages at start and end
    pages: list[PageResult] = field(default_factory=list)
    sidebar: Batch | None = None
    reference: Batch | None = None  # lists cached until regions, programmes or the catalogue change
    cold: ColdLoad | None = None
    browser: BrowserLoad | None = None
    visibility: list[Visibility] | None = None
    visibility_note: str = ""
    notes: list[str] = field(default_factory=list)
    plans: list[tuple[str, str, str]] = field(default_factory=list)  # (call, statement, plan)
    ranking: RankingBench | None = None
    intake: IntakeBench | None = None


def _ms(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


def _yes(value: bool | None) -> str:
    return "—" if value is None else "yes" if value else "**no**"


def render(result: DatabaseResult, cores: int) -> str:
    lines = [
        f"# Benchmark on {result.label}: {result.where}",
        "",
        f"- Province: {result.province}",
        f"- View: {result.view}",
        f"- Data functions and best SQL: median of {result.runs} warm runs after one warm-up, called "
        "directly (no Streamlit cache: the cost of the first rerun after a write). "
        f"AppTest: median of {result.app_runs} warm reruns of the page (cache warm).",
        f"- Machine: {cores} cores; 1-minute load average {result.load[0]:.1f} at start, "
        f"{result.load[-1]:.1f} at end"
        + (" (busy: figures noisy)" if max(result.load) > cores * 0.75 else ""),
        *(f"- Note: {note}" for note in result.notes),
        "",
        f"| page | data functions ms | calls | best SQL ms | queries | ratio | worst function ratio "
        f"| rules ms | AppTest warm ms | ≤ {BEST_FACTOR:g}× best | < {DATA_BUDGET_MS:g} ms "
        f"| AppTest < {APP_BUDGET_MS:g} ms | goals met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
    ]
    for page in result.pages:
        goals = page.goals()
        lines.append(
            f"| {page.title} | {_ms(page.data.median_ms)} | {page.data.calls} "
            f"| {_ms(page.best.median_ms if page.best else None)} | {len(page.functions)} "
            f"| {_times(page.ratio)} | {_times(page.worst_ratio)} | {_ms(page.rules.median_ms)} "
            f"| {_ms(page.app_ms)} | {_yes(goals['best'])} | {_yes(goals['data'])} | {_yes(goals['app'])} "
            f"| {_yes(page.met)} |"
        )
    if result.sidebar is not None:
        lines.append(
            f"| sidebar (every page, city view) | {_ms(result.sidebar.median_ms)} | {result.sidebar.calls} "
            f"| — | — | — | — | — | — | — | {_yes(result.sidebar.median_ms < DATA_BUDGET_MS)} | — | — |"
        )
    if result.reference is not None:
        lines.append(
            f"| reference lists (all pages, not re-read after a write) | {_ms(result.reference.median_ms)} "
            f"| {result.reference.calls} | — | — | — | — | — | — | — | — | — | — |"
        )
    lines += [
        "",
        "Data functions: the page's own `fetch` calls, those a rerun makes again after a report is "
        "written (the sidebar's are on their own row and come on top on every page; `reference` "
        "lists of regions, programmes and the catalogue are read again only when those change, "
        "and have a row of their own).  Best SQL: for every result those calls return, the query "
        "one would write by hand for it (bench/best_sql.py), read into a DataFrame the same way, "
        "timed in the same run; “ratio” is the data functions' total over theirs, the goal's "
        "measure, and “worst function ratio” the largest of one function against its own query.  "
        "A data function with no hand-written query for its result fails the goal.  "
        "AppTest runs include the sidebar and navigation (the entry script runs every time, as on "
        "a server) and the rules; their data comes from the warm cache.",
    ]
    uncovered = [(page.title, name) for page in result.pages for name in page.uncovered]
    if uncovered:
        lines += ["", "**Data functions without a hand-written query for their result:**", ""]
        lines += [f"- {title}: `{name}`" for title, name in uncovered]
    problems = [(page.title, p) for page in result.pages for p in page.run.problems]
    if problems:
        lines += ["", "**What the pages showed besides their content (an exception fails the page):**", ""]
        lines += [f"- {title}: {problem}" for title, problem in problems]
    lines += (
        (render_ranking(result.ranking) if result.ranking is not None else [])
        + (render_intake(result.intake) if result.intake is not None else [])
        + _cold(result)
        + _browser(result)
        + _visibility(result)
        + _details(result)
        + _plans(result)
        + _profiles(result)
    )
    return "\n".join(lines) + "\n"


def _cold(result: DatabaseResult) -> list[str]:
    cold = result.cold
    if cold is None:
        return []
    met = None if math.isnan(cold.wall_s) else cold.wall_s < COLD_BUDGET_S
    lines = [
        "",
        "## Cold first load",
        "",
        "A fresh Python process imports the app and runs it once under AppTest (the overview, "
        "the default page) against the already-migrated database; the OS file cache is warm.",
        "",
        f"| process start → first run done | imports | first run | < {COLD_BUDGET_S:g} s |",
        "| ---: | ---: | ---: | --- |",
        f"| {cold.wall_s:.2f} s | {cold.imports_s:.2f} s | {cold.first_run_s:.2f} s | {_yes(met)} |",
    ]
    if cold.problems:
        lines += ["", *(f"- problem: {p}" for p in cold.problems)]
    return lines


def _browser(result: DatabaseResult) -> list[str]:
    shown = result.browser
    if shown is None:
        return []
    titles = {page.script: page.title for page in result.pages}
    lines = [
        "",
        "## Pages in the browser",
        "",
        f"Each page opened by URL in a fresh Chromium tab on a warm server, {result.runs} times after "
        "one warm-up round, in turn with a bare Streamlit page (`bench/bare_page.py`: a sidebar of "
        "five selects, a title, a metric, one small Altair chart, a small table) served beside it; "
        "drawn = script stopped, no running icon, the title there, every chart holding its canvas "
        "or svg, and the DOM unchanged for 0.6 s (timed at the start of that spell, from the "
        f"navigation's start).  Goal: within {RATIO_GOAL:g}× of the bare page, never above "
        f"{RATIO_LIMIT:g}×.  Dashboard server start to health check: {shown.server_s:.2f} s.",
        "",
        f"| page | median drawn | fastest | slowest | ratio to bare | ≤ {RATIO_GOAL:g}× | ≤ {RATIO_LIMIT:g}× |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
        _draw_row("bare page (floor)", shown.bare, None),
    ]
    for page in shown.pages:
        ratio = shown.ratio(page)
        lines.append(_draw_row(titles.get(page.script, page.script), page, ratio))
    lines += [f"- problem: {p}" for p in shown.problems]
    return lines


def _draw_row(title: str, page: PageDraw, ratio: float | None) -> str:
    if not page.times_s:
        return f"| {title} | – | – | – | – | – | – |"
    times = f"{page.median_s:.2f} s | {min(page.times_s):.2f} s | {max(page.times_s):.2f} s"
    if ratio is None:
        return f"| {title} | {times} | 1.00× | | |"
    valid = not math.isnan(ratio)
    return (
        f"| {title} | {times} | {ratio:.2f}× | {_yes(ratio <= RATIO_GOAL if valid else None)} "
        f"| {_yes(ratio <= RATIO_LIMIT if valid else None)} |"
    )


def _visibility(result: DatabaseResult) -> list[str]:
    if result.visibility is None:
        return []
    lines = [
        "",
        "## A report written is visible at the next rerun",
        "",
        result.visibility_note,
        "",
        "| page | same drawing on two runs before | fetches fresh after the write | drawing changed | visible |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for row in result.visibility:
        lines.append(
            f"| {row.script} | {_yes(row.stable_before)} | {row.fresh} / {row.fetches} "
            f"| {_yes(row.changed)} | {_yes(row.visible)} |"
        )
    problems = [f"- {row.script}: {p}" for row in result.visibility for p in row.problems]
    problems += [
        f"- {row.script}: differs from a direct call: `{name}`"
        for row in result.visibility
        for name in row.stale
    ]
    return lines + (["", *problems] if problems else [])


def _details(result: DatabaseResult) -> list[str]:
    lines = ["", "## Per page: each data function and rule (median ms of the warm runs)"]
    sections = [(page.title, page.data, page.rules, page) for page in result.pages]
    if result.sidebar is not None:
        sections.append(("sidebar (city view)", result.sidebar, None, None))
    if result.reference is not None:
        sections.append(("reference lists (every page and the sidebar)", result.reference, None, None))
    for title, data, rules, page in sections:
        lines += ["", f"### {title}"]
        if page is not None and page.comparisons:
            lines += [
                "",
                "| result (hand-written query) | rows | best SQL ms | data function | function ms | ratio |",
                "| --- | ---: | ---: | --- | ---: | ---: |",
            ]
            for name, query, ms in page.comparisons:
                ratio = None if ms is None or not query.median_ms else ms / query.median_ms
                lines.append(
                    f"| {query.name} | {query.rows} | {_ms(query.median_ms)} | `{name}` "
                    f"| {_ms(ms) if ms is not None else 'not called'} | {_times(ratio)} |"
                )
        lines += ["", "| data function call | ms | rows |", "| --- | ---: | ---: |"]
        for member in sorted(data.members, key=lambda m: -m.median_ms):
            rows = "—" if member.rows is None else str(member.rows)
            lines.append(f"| `{member.name}` | {_ms(member.median_ms)} | {rows} |")
        if rules is not None and rules.members:
            lines += ["", "| rule | calls | ms |", "| --- | ---: | ---: |"]
            for member in sorted(rules.members, key=lambda m: -m.median_ms):
                lines.append(f"| `{member.name}` | {member.calls} | {_ms(member.median_ms)} |")
    return lines


def _plans(result: DatabaseResult) -> list[str]:
    if not result.plans:
        return []
    lines = ["", "## Query plans of the slowest data functions"]
    for call, statement, plan in result.plans:
        lines += ["", f"### `{call}`", "", "```sql", statement.strip(), "```", "", "```", plan, "```"]
    return lines


def _profiles(result: DatabaseResult) -> list[str]:
    shown = [page for page in result.pages if page.run.profile]
    if not shown:
        return []
    lines = ["", "## Where a warm AppTest rerun spends its time (cProfile, cumulative)"]
    for page in shown:
        lines += ["", f"### {page.title}", "", "```", page.run.profile, "```"]
    return lines
