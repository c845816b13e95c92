"""Which pages to measure and on which view: read from the app itself, not copied by hand.

The page list is the app's own (``ui.frame.PAGES``).  The view is the busiest one of the
database: the city with the most units, its county with the most units, that county's
unit with the most report revisions, and the latest month with reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from oversight.periods import as_date, last_complete_period, month_end

REPO = Path(__file__).resolve().parent.parent
DASHBOARD = REPO / "dashboard.py"

# How much of the sidebar a page is measured with.  A page not listed here (a new one)
# gets the city view; add it here if it needs a county or a unit.
SCOPES = {
    "pages/district.py": "county",  # without a county the page is only a chooser
    "pages/community.py": "unit",  # reached from the heatmap: the city's view plus ?unit=
}


NOT_TIMED = {
    "pages/circular.py": "its reads are the month's ranking inputs (timed against hand-written "
    "queries in the monthly-ranking section) and the circular's figures, which have no "
    "hand-written query yet",
    "pages/archive.py": "it reads the region's issued circulars and one frozen circular by id, "
    "which the view's parameters do not name",
    "pages/reporting.py": "its reads (data_access.reporting_status) have no hand-written twin yet, "
    "and it judges the reports of the month before the one viewed as they stood at that month's "
    "end, so a correction written now to the view's month shows only when the current month is viewed",
    "pages/audit.py": "the audit trail's search (data_access.audit.search): one indexed query "
    "under the user's own scope check, not a read of the programme's data through the page gate",
    "pages/intake.py": "a data entry page: it reads only the region's units and programmes (reference "
    "data) to offer them, and its checks and writes are timed by the intake section (bench/intake.py)",
}
"""Pages the page timings leave out, and why: their reads have no hand-written twin to be
timed against yet (the circular's own speed is in the monthly-ranking section)."""


def dashboard_pages() -> dict[str, str]:
    """The app's page scripts in the sidebar's order, each with its Chinese title, but
    those of :data:`NOT_TIMED`."""
    from oversight.i18n import translate
    from ui.frame import PAGES

    return {
        script: f"{translate(key, 'zh')} {Path(script).stem}"
        for script, key, _icon, _needs in PAGES
        if script not in NOT_TIMED
    }


@dataclass(frozen=True)
class View:
    """The sidebar choices and page parameters the benchmark looks at."""

    city_id: int
    city_code: str
    county_id: int
    county_code: str
    unit_code: str
    month: dt.date
    units_in_city: int
    units_in_county: int

    @property
    def as_of(self) -> dt.date:
        return month_end(self.month)

    def query(self, script: str) -> dict[str, str]:
        """The URL query parameters the page is opened with."""
        params = {"lang": "zh", "city": self.city_code, "month": self.month.strftime("%Y-%m")}
        scope = SCOPES.get(script, "city")
        if scope == "county":
            params["county"] = self.county_code
        if scope == "unit":
            params["unit"] = self.unit_code
        return params

    def sql_params(self) -> dict[str, object]:
        """Parameters for the hand-written queries of :mod:`bench.best_sql`: the view's
        ids, the month (first day), its last day, and the month before's (the overview
        compares with it; in month M the reports of M-1 are collected), and the latest
        complete quarter and year the hard rules are judged over."""
        previous_end = self.month - dt.timedelta(days=1)
        reported = previous_end.replace(day=1)
        quarter = last_complete_period(self.month, "quarter")
        year = last_complete_period(self.month, "year")
        return {
            "quarter_first": quarter[0],
            "quarter_last": quarter[1],
            "year_first": year[0],
            "year_last": year[1],
            "city": self.city_id,
            "county": self.county_id,
            "unit": self.unit_code,
            "month": self.month,
            "as_of": self.as_of,
            "previous_end": previous_end,
            "reported_month": reported,
            "month_before": (reported - dt.timedelta(days=1)).replace(day=1),
        }


def choose_view(
    engine: Engine,
    city: str | None = None,
    county: str | None = None,
    unit: str | None = None,
    month: str | None = None,
) -> View:
    """The busiest view of the database, or the one named by codes and ``YYYY-MM``."""
    with engine.connect() as connection:
        scalar = lambda sql, **params: connection.execute(text(sql), params).first()  # noqa: E731
        row = scalar(
            """SELECT c.id, c.code, (SELECT count(*) FROM region AS u
                                     WHERE u.city_id = c.id AND u.level = 'unit') AS units
               FROM region AS c
               WHERE c.level = 'city' AND c.id IN (SELECT r.city_id FROM programme AS p
                                                   JOIN region AS r ON r.id = p.region_id
                                                   UNION SELECT region_id FROM programme)
                 AND c.code LIKE :code
               ORDER BY units DESC, c.code LIMIT 1""",
            code=city or "%",
        )
        if row is None:
            raise LookupError(f"no city with a programme{f' and code {city}' if city else ''}")
        city_id, city_code, city_units = row
        row = scalar(
            """SELECT k.id, k.code, (SELECT count(*) FROM region AS u
                                     WHERE u.county_id = k.id AND u.level = 'unit') AS units
               FROM region AS k
               WHERE k.level = 'county' AND k.city_id = :city AND k.code LIKE :code
               ORDER BY units DESC, k.code LIMIT 1""",
            city=city_id,
            code=county or "%",
        )
        if row is None:
            raise LookupError(f"no county{f' {county}' if county else ''} in city {city_code}")
        county_id, county_code, county_units = row
        row = scalar(
            """SELECT u.code, count(r.id) AS revisions FROM region AS u
               LEFT JOIN report AS r ON r.unit_id = u.id
               WHERE u.level = 'unit' AND u.county_id = :county AND u.code LIKE :code
               GROUP BY u.code ORDER BY revisions DESC, u.code LIMIT 1""",
            county=county_id,
            code=unit or "%",
        )
        if row is None:
            raise LookupError(f"no unit{f' {unit}' if unit else ''} in county {county_code}")
        unit_code = row[0]
        if month is None:
            latest = scalar("SELECT max(month) FROM report_summary WHERE city_id = :city", city=city_id)[0]
            chosen = as_date(latest) if latest is not None else dt.date.today().replace(day=1)
        else:
            chosen = dt.datetime.strptime(month, "%Y-%m").date()
    return View(
        city_id, city_code, county_id, county_code, unit_code, chosen, int(city_units), int(county_units)
    )
