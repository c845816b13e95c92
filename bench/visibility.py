"""Is a report written visible on every page at the next rerun?  Checked on a database of its
own, because it writes: a correction of one unit's report (new grades, more money).

For each page an AppTest is opened and run twice (its drawing must not change between
two runs on unchanged data), the correction is written through ``data_access``, and the
page is rerun once: every ``ui.data.fetch`` of that rerun must return what the data
function returns when called directly now (no stale cache, no batch lag), and the page
must draw something different.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine, text

from bench.apprun import Recorder, database, like_a_server, new_app, problems, signature
from bench.pages import View
from data_access.schema import data_version
from data_access.submissions import MonthlyReport, correct_report
from oversight.access import Scope
from oversight.periods import as_date
from oversight.report_fields import REPORT_COUNTS, REPORT_FIELDS, REPORT_RATES, REPORT_TEXTS

EXTRA_MONEY = Decimal(50000)  # 5 万元: shows in every money figure rounded to 万元
SHOWING_THE_CORRECTION = {"pages/community.py": {"section": "reports"}}
"""The community page draws one part of a unit's record at a time (activities first): the
correction shows in the part that lists the unit's reports and their corrections."""


@dataclass
class Visibility:
    script: str
    stable_before: bool  # two runs on unchanged data drew the same
    fresh: int  # fetches of the rerun after the write that match a direct call
    fetches: int
    stale: list[str]  # the fetches that did not
    changed: bool  # the rerun after the write drew something different
    problems: list[str]

    @property
    def visible(self) -> bool:
        return self.stable_before and self.fresh == self.fetches and self.changed and not self.problems


def same(a, b) -> bool:
    """Equal results: frames and series by value (in any row order: a query without a
    complete ORDER BY may return ties either way), dataclasses field by field."""
    if isinstance(a, pd.DataFrame | pd.Series):
        if type(a) is not type(b):
            return False
        return a.equals(b) or (a.shape == b.shape and _rows(a) == _rows(b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _rows(frame: pd.DataFrame | pd.Series) -> list[str]:
    frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
    return sorted(repr(row) for row in frame.astype(object).itertuples(index=False))


def correction(engine: Engine, unit_code: str, latest: dt.date) -> tuple[MonthlyReport, dt.date]:
    """A correction of the unit's latest graded report up to ``latest``: every grade moved
    to the scheme's next grade, 5 万元 more received and spent."""
    columns = ", ".join(f"r.{name}" for name in ("id", "month", "scheme_id", *REPORT_FIELDS))
    with engine.connect() as connection:
        report = (
            connection.execute(
                text(
                    f"""SELECT {columns}
                        FROM report AS r JOIN region AS u ON u.id = r.unit_id
                        JOIN report_summary AS s ON s.report_id = r.id
                        WHERE u.code = :unit AND r.is_current AND r.month <= :latest
                        ORDER BY s.graded DESC, r.month DESC LIMIT 1"""
                ),
                {"unit": unit_code, "latest": latest},
            )
            .mappings()
            .first()
        )
        if report is None:
            raise LookupError(f"unit {unit_code} has no report up to {latest}")
        grades = connection.execute(
            text(
                """SELECT i.code, g.part_code, g.grade FROM report_grade AS g
                   JOIN indicator_item AS i ON i.id = g.item_id WHERE g.report_id = :id"""
            ),
            {"id": report["id"]},
        ).all()
        domains = connection.execute(
            text(
                """SELECT domain_code, projects_running, accidents, injuries
                   FROM report_domain WHERE report_id = :id"""
            ),
            {"id": report["id"]},
        ).all()
        scale = [
            code
            for (code,) in connection.execute(
                text("SELECT code FROM grade_value WHERE scheme_id = :scheme ORDER BY fraction DESC, code"),
                {"scheme": report["scheme_id"]},
            )
        ]
    following = {grade: scale[(index + 1) % len(scale)] for index, grade in enumerate(scale)}
    month = as_date(report["month"])
    return (
        MonthlyReport(
            unit_code=unit_code,
            month=month,
            submitted_at=dt.datetime.now().replace(microsecond=0),
            submitted_by="benchmark",
            **{name: report[name] for name in ("stage_code", *REPORT_COUNTS, *REPORT_RATES, *REPORT_TEXTS)},
            funds_spent=Decimal(str(report["funds_spent"])) + EXTRA_MONEY,
            subsidy_received=Decimal(str(report["subsidy_received"])) + EXTRA_MONEY,
            domains={
                code: (projects, accidents, injuries) for code, projects, accidents, injuries in domains
            },
            grades={(item, part): following[grade] for item, part, grade in grades},
        ),
        month,
    )


def check_visibility(
    engine: Engine, url: str, view: View, scripts: list[str]
) -> tuple[list[Visibility], str]:
    """Open every page, write a correction, rerun every page; one :class:`Visibility` per page.

    Also returns one line saying what was written.
    """
    apps, stable, shown = {}, {}, {}
    with database(url), like_a_server():
        for script in scripts:
            app = new_app(view.query(script) | SHOWING_THE_CORRECTION.get(script, {}))
            app.run()
            app.switch_page(script)
            app.run()
            before = signature(app)
            app.run()
            apps[script], stable[script] = app, before == signature(app)
            shown[script] = problems(app)
        report, month = correction(engine, view.unit_code, view.month)
        version = data_version(engine)
        correct_report(
            engine, report, "性能测试：检查更正是否在下一次刷新时可见", Scope.command_line("benchmark")
        )
        written = (
            f"a correction of unit {view.unit_code}'s report for {month:%Y-%m} "
            f"(data version {version} → {data_version(engine)})"
        )
        results = []
        for script in scripts:
            app = apps[script]
            before = signature(app)
            recorder = Recorder()
            with recorder.recording(script):
                app.run()
            stale = [c.name for c in recorder.fetches if not same(c.result, c.query(engine, *c.args))]
            results.append(
                Visibility(
                    script,
                    stable[script],
                    len(recorder.fetches) - len(stale),
                    len(recorder.fetches),
                    stale,
                    before != signature(app),
                    shown[script] + problems(app),
                )
            )
    return results, written
