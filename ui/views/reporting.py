"""What the reporting status page (填报情况) draws, gathered in one place so it can be tested
without AppTest.

Viewing month M, the bureau collects the reports for M-1 (:func:`oversight.reporting.months_judged`,
as the overview does), judged as they stood at the end of M, or now if M is not over.
A leader of a city of 441 units first reads the month's figures and the units to chase,
then the counties month by month, then drills into one county's units: the page draws in
two steps around those two choices (the rate shown, the county opened).
:func:`reporting_view` reads (through :mod:`ui.views._loaders`) and builds what does not
depend on them; :func:`rates_chart` and :func:`units_grid` build the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from data_access.programmes import programmes_within
from data_access.reporting_status import (
    COUNTS,
    chase_list,
    completeness_by_county,
    reporting_matrix,
    with_rates,
)
from oversight.formatting import format_date, format_month, format_percent
from oversight.periods import months_between, next_month
from oversight.reporting import REPORT_STATUSES, months_judged
from ui.charts.reporting import build_rate_grid, build_status_grid
from ui.filters import Filters
from ui.views._loaders import Loader, loaders

MEASURES = ("completeness", "timeliness")
"""The rates the county grid can show, the default first."""


@dataclass(frozen=True)
class UnitsGrid:
    """One county's units × months: the count line and the chart (None without units)."""

    count: str
    chart: alt.LayerChart | None


@dataclass(frozen=True)
class Reporting:
    """The page before its two choices.  ``halt`` set means the page says it after the
    title and stops.  ``counties`` maps each county code the unit grid can open to its
    name, the default first (the one with most reports missing this month)."""

    chosen: Filters
    title: str
    halt: str | None = None
    caption: str = ""
    rule_label: str = ""
    rule: str = ""
    figures: tuple[tuple[str, str], ...] = ()
    chase_header: str = ""
    chase_note: str = ""
    chase_table: pd.DataFrame | None = None
    rates_header: str = ""
    measure_label: str = ""
    measures: dict[str, str] = field(default_factory=dict)
    rates_caption: str = ""
    rates_table_header: str = ""
    rates_table: pd.DataFrame | None = None
    units_header: str = ""
    units_caption: str = ""
    county_label: str = ""
    counties: dict[str, str] = field(default_factory=dict)
    months: tuple[dt.date, ...] = ()
    rates: pd.DataFrame | None = None
    matrix: pd.DataFrame | None = None


def judged_at(month: dt.date, now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The report month the page shows for ``month`` and the moment it is judged at: the
    overview's (:func:`~oversight.reporting.months_judged`), or ``now`` if earlier."""
    reported, at = next(iter(months_judged(month).items()))
    return reported, min(at, now)


def reporting_view(
    chosen: Filters,
    fetch: Loader | None = None,
    reference: Loader | None = None,
    now: dt.datetime | None = None,
) -> Reporting:
    """The reporting status of ``chosen.region`` for the reports collected in ``chosen.month``."""
    fetch, reference = loaders(fetch, reference)
    t, lang, region = chosen.t, chosen.lang, chosen.region
    region_name = chosen.name(region)
    title = t("reporting.header", region=region_name)
    programmes = reference(programmes_within, region)
    if chosen.programme is not None:
        programmes = programmes[programmes["code"] == chosen.programme["code"]]
    if programmes.empty:
        return Reporting(chosen, title, t("reporting.no_programmes", region=region_name))
    # Whole minutes, as the moment is part of the cache key of every read below: the
    # minute's last second, so that a report sent earlier in this minute (stamped in whole
    # seconds) counts at the rerun after it, and a deadline (a day's last second) has not
    # passed before its minute is over.
    now = (now or dt.datetime.now()).replace(second=59, microsecond=0)
    reported, as_of = judged_at(chosen.month, now)
    start = min(programmes["start_date"]).replace(day=1)
    reported = min(reported, max(programmes["end_date"]).replace(day=1))
    # The first month with reports to see: the one the programme's first reports come in.
    nothing_owed = t(
        "reporting.nothing_owed",
        month=format_month(reported, lang),
        start=format_month(next_month(start), lang),
    )
    if reported < start:
        return Reporting(chosen, title, nothing_owed)
    first = max(start, reported.replace(month=1))
    programme_id = chosen.programme_id
    matrix = fetch(reporting_matrix, region, first, reported, as_of, programme_id)
    if matrix.empty:
        return Reporting(chosen, title, nothing_owed)
    rates = fetch(completeness_by_county, region, first, reported, as_of, programme_id)
    rates = rates.assign(county_code=rates["county_code"].fillna(""))
    chased = fetch(chase_list, region, reported, as_of, programme_id)
    month_text = format_month(reported, lang)
    this_month = with_rates(rates[rates["month"] == reported][list(COUNTS)].sum().to_frame().T)
    return Reporting(
        chosen,
        title,
        caption=t(
            "reporting.caption",
            month=month_text,
            judged=_moment(as_of, lang),
            first=format_month(first, lang),
        ),
        rule_label=t("reporting.rule_label"),
        rule=t("reporting.rule", days=_deadline_days(programmes, chosen)),
        figures=_figures(this_month.iloc[0], t),
        chase_header=t("reporting.chase_header", month=month_text),
        chase_note=t("reporting.chase_none", month=month_text)
        if chased.empty
        else t(
            "reporting.chase_caption",
            count=len(chased),
            missing=int((chased["status"] == "missing").sum()),
            pending=int((chased["status"] == "pending").sum()),
        ),
        chase_table=None if chased.empty else _chase_table(chased, chosen),
        rates_header=t("reporting.rates_header"),
        measure_label=t("reporting.rates_measure"),
        measures={measure: t(f"reporting.metric_{measure}") for measure in MEASURES},
        rates_caption=t("reporting.rates_caption"),
        rates_table_header=t(
            "reporting.rates_table_header", first=format_month(first, lang), last=month_text
        ),
        rates_table=_rates_table(rates, chosen),
        units_header=t("reporting.units_header"),
        units_caption=t("reporting.units_caption"),
        county_label=t("reporting.units_county"),
        counties=_counties(matrix, reported, chosen),
        months=tuple(months_between(first, reported)),
        rates=rates,
        matrix=matrix,
    )


def rates_chart(view: Reporting, measure: str) -> alt.LayerChart:
    """Counties × months of ``view``, coloured by the rate ``measure`` (:data:`MEASURES`)."""
    chosen, lang = view.chosen, view.chosen.lang
    t = chosen.t
    rates = view.rates
    names = _county_names(rates, chosen)
    cells = pd.DataFrame(
        {
            "row_label": [names[code] for code in rates["county_code"]],
            "column_label": [_month_label(month, lang) for month in rates["month"]],
            "column_title": [format_month(month, lang) for month in rates["month"]],
            "value": rates[measure].astype("float64"),
            "text": [_rate_text(value) for value in rates[measure]],
            "detail": [_counts_text(row, t) for row in rates.itertuples()],
        }
    )
    labels = {
        "legend": view.measures[measure],
        "row": t("reporting.col_county"),
        "month": t("reporting.col_month"),
    }
    rows = list(dict.fromkeys(names[code] for code in rates["county_code"]))
    return build_rate_grid(cells, rows, [_month_label(month, lang) for month in view.months], labels)


def units_grid(view: Reporting, county_code: str) -> UnitsGrid:
    """The units of the county ``county_code`` × the months of ``view``."""
    chosen, lang = view.chosen, view.chosen.lang
    t = chosen.t
    matrix = view.matrix[view.matrix["county_code"].fillna("") == county_code]
    units = matrix.drop_duplicates("unit_code")
    count = t("reporting.units_count", county=view.counties.get(county_code, ""), units=len(units))
    if matrix.empty:
        return UnitsGrid(count, None)
    names = dict(zip(units["unit_code"], _names(units, "unit", lang), strict=True))
    statuses = {status: t(f"reporting.status_{status}") for status in REPORT_STATUSES}
    cells = pd.DataFrame(
        {
            "row_label": [names[code] for code in matrix["unit_code"]],
            "column_label": [_month_label(month, lang) for month in matrix["month"]],
            "column_title": [format_month(month, lang) for month in matrix["month"]],
            "status": matrix["status"].tolist(),
            "status_label": [statuses[status] for status in matrix["status"]],
            "text": [statuses[status] for status in matrix["status"]],
            "corrected": matrix["corrected"].astype(bool).tolist(),
            "frame": t("reporting.corrected"),
            "submitted": [
                _moment(at, lang) if not pd.isna(at) else "—" for at in matrix["first_submitted_at"]
            ],
        }
    )
    labels = statuses | {
        "legend_status": t("reporting.legend_status"),
        "legend_corrected": t("reporting.legend_corrected"),
        "corrected": t("reporting.corrected"),
        "row": t("reporting.col_unit"),
        "month": t("reporting.col_month"),
        "submitted": t("reporting.col_submitted"),
    }
    chart = build_status_grid(
        cells, list(names.values()), [_month_label(month, lang) for month in view.months], labels
    )
    return UnitsGrid(count, chart)


def _deadline_days(programmes: pd.DataFrame, chosen: Filters) -> str:
    """The deadline day of the programmes shown: one day, or each programme's when they differ."""
    t, lang = chosen.t, chosen.lang
    days = programmes.sort_values("start_date")[[f"name_{lang}", "report_deadline_day"]]
    if days["report_deadline_day"].nunique() == 1:
        return t("reporting.deadline_day", day=int(days["report_deadline_day"].iloc[0]))
    return t("reporting.deadline_days").join(
        t("reporting.programme_day", programme=name, day=int(day)) for name, day in days.values
    )


def _figures(month: pd.Series, t) -> tuple[tuple[str, str], ...]:
    """The month's headline figures; pending only while some report is not yet due."""
    counts = ("owed", "received", "on_time", "late", "missing")
    figures = [(t(f"reporting.metric_{name}"), str(int(month[name]))) for name in counts]
    if int(month["pending"]):
        figures.append((t("reporting.metric_pending"), str(int(month["pending"]))))
    figures += [(t(f"reporting.metric_{name}"), format_percent(month[name])) for name in MEASURES]
    return tuple(figures)


def _chase_table(chased: pd.DataFrame, chosen: Filters) -> pd.DataFrame:
    t, lang = chosen.t, chosen.lang
    return pd.DataFrame(
        {
            t("reporting.col_unit"): _names(chased, "unit", lang),
            t("reporting.col_code"): chased["unit_code"].tolist(),
            t("reporting.col_county"): _names(chased, "county", lang, t("reporting.no_county")),
            t("reporting.col_status"): [t(f"reporting.status_{status}") for status in chased["status"]],
            t("reporting.col_deadline"): [format_date(at.date(), lang) for at in chased["deadline"]],
            t("reporting.col_days"): [
                str(days) if status == "missing" else "—"
                for days, status in zip(chased["days_overdue"], chased["status"], strict=True)
            ],
        }
    )


def _rates_table(rates: pd.DataFrame, chosen: Filters) -> pd.DataFrame:
    """Each county's counts and rates over the months shown, and the region's total."""
    t = chosen.t
    names = _county_names(rates, chosen)
    per_county = rates.groupby("county_code", sort=True)[list(COUNTS)].sum()
    totals = with_rates(pd.concat([per_county, per_county.sum().to_frame(t("reporting.total")).T]))
    labels = [names.get(code, code) for code in per_county.index] + [t("reporting.total")]
    counts = ("owed", "received", "on_time", "late", "missing", "pending", "corrected")
    table = {t("reporting.col_county"): labels}
    table |= {t(f"reporting.col_{name}"): totals[name].astype(int).tolist() for name in counts}
    table |= {
        t(f"reporting.col_{name}"): [format_percent(value) for value in totals[name]] for name in MEASURES
    }
    return pd.DataFrame(table)


def _counties(matrix: pd.DataFrame, reported: dt.date, chosen: Filters) -> dict[str, str]:
    """The counties the unit grid can open, by code; the one with most reports of
    ``reported`` missing first, then in code order."""
    names = _county_names(matrix.assign(county_code=matrix["county_code"].fillna("")), chosen)
    month = matrix[matrix["month"] == reported]
    missing = month[month["status"] == "missing"].groupby(month["county_code"].fillna("")).size()
    codes = sorted(names)
    first = max(codes, key=lambda code: (int(missing.get(code, 0)), -codes.index(code)))
    return {first: names[first]} | {code: names[code] for code in codes if code != first}


def _county_names(frame: pd.DataFrame, chosen: Filters) -> dict[str, str]:
    counties = frame.drop_duplicates("county_code")
    return dict(
        zip(
            counties["county_code"],
            _names(counties, "county", chosen.lang, chosen.t("reporting.no_county")),
            strict=True,
        )
    )


def _names(frame: pd.DataFrame, prefix: str, lang: str, missing: str = "") -> list[str]:
    """The ``prefix`` names (unit or county) of ``frame`` in ``lang``, Chinese without an English one."""
    chinese = frame[f"{prefix}_zh"].fillna(missing)
    shown = chinese if lang == "zh" else frame[f"{prefix}_en"].fillna(chinese)
    return [str(name) for name in shown]


def _month_label(month: dt.date, lang: str) -> str:
    """A grid column: the months shown lie in one year, named in the caption."""
    return f"{month.month}月" if lang == "zh" else month.strftime("%b")


def _moment(at: dt.datetime, lang: str) -> str:
    return f"{format_date(at.date(), lang)} {at:%H:%M}"


def _rate_text(value: float | None) -> str:
    return "" if value is None or pd.isna(value) else f"{value:.0f}%"


def _counts_text(row, t) -> str:
    return " · ".join(
        f"{t(f'reporting.col_{name}')} {int(getattr(row, name))}"
        for name in ("owed", "on_time", "late", "missing", "pending")
    )
