"""Shaping one community's records for its page (社区详情): pure functions, no Streamlit.

They turn the frames of the unit reads of :mod:`data_access` and the verdicts of
:mod:`oversight.community` into what the page shows: translated labels, money in 万元,
dates the Chinese way, and frames ready for the builders in :mod:`ui.charts.community`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from oversight.formatting import format_count, format_date, format_money, format_month, format_percent
from oversight.i18n import translate
from oversight.periods import as_date
from oversight.report_fields import REPORT_COUNTS, REPORT_MONEY, REPORT_RATES
from oversight.reporting import report_deadlines, report_status
from ui.charts import CHANGE_COLOURS, TITLE_STATUS_COLOURS


def _t(lang: str):
    return lambda key, **values: translate(key, lang, **values)


def _name(row, prefix: str, lang: str) -> str:
    """``<prefix>_en`` in English when present, else ``<prefix>_zh``."""
    english = row.get(f"{prefix}_en") if lang == "en" else None
    return english if isinstance(english, str) and english else row[f"{prefix}_zh"]


def unit_label(row, lang: str) -> str:
    """ "朝阳街道（大武口区）" / "Chaoyang (Dawukou District)" from name_* and county_* fields."""
    name = _name(row, "name", lang)
    county = row.get("county_zh")
    if not isinstance(county, str) or not county:
        return name
    county = _name(row, "county", lang)
    return f"{name}（{county}）" if lang == "zh" else f"{name} ({county})"


def unit_labels(choices: pd.DataFrame, lang: str) -> dict[str, str]:
    """Unit code → its :func:`unit_label`, for the chooser."""
    return {row["code"]: unit_label(row, lang) for row in choices.to_dict("records")}


def period_label(year: int, quarter: int, lang: str) -> str:
    """ "2015年第1季度" / "2015 Q1"; a whole year when ``quarter`` is 0."""
    if quarter == 0:
        return f"{year}年" if lang == "zh" else str(year)
    return f"{year}年第{quarter}季度" if lang == "zh" else f"{year} Q{quarter}"


def period_short(year: int, quarter: int) -> str:
    """A compact axis label: "2015Q1", or "2015" for a year."""
    return str(year) if quarter == 0 else f"{year}Q{quarter}"


# --- profile and titles -------------------------------------------------------------------


def titles_table(titles: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per title (from :func:`oversight.community.title_statuses`), as shown:
    level, named on, certificate, valid until, status on the day, and a note saying what
    renewed or revoked it."""
    t = _t(lang)
    certificates = dict(zip(titles["id"], titles["certificate_no"], strict=True))
    rows = []
    for row in titles.to_dict("records"):
        until = as_date(row["valid_until"])
        note = ""
        if row["status"] == "renewed" and not pd.isna(row["renewed_by"]):
            note = t("community.title_renewed_by", certificate=certificates.get(row["renewed_by"], ""))
        elif row["status"] == "revoked":
            reason = row.get("revocation_reason")
            note = t(
                "community.title_revoked_on",
                day=format_date(as_date(row["revoked_on"]), lang),
                reason=reason if isinstance(reason, str) else "",
            )
        rows.append(
            {
                t("community.column_level"): _name(row, "level", lang),
                t("community.column_named_on"): format_date(as_date(row["named_on"]), lang),
                t("community.column_certificate"): row["certificate_no"],
                t("community.column_valid_until"): format_date(until, lang)
                if until
                else t("community.no_end"),
                t("column.status"): t(f"community.title_{row['status']}"),
                t("community.column_note"): note,
            }
        )
    columns = [
        t("community.column_level"),
        t("community.column_named_on"),
        t("community.column_certificate"),
        t("community.column_valid_until"),
        t("column.status"),
        t("community.column_note"),
    ]
    return pd.DataFrame(rows, columns=columns)


def style_title_status(table: pd.DataFrame, lang: str):
    """The titles table with its status cells coloured (green valid, red revoked, ...)."""
    colours = {
        translate(f"community.title_{key}", lang): colour for key, colour in TITLE_STATUS_COLOURS.items()
    }
    column = translate("column.status", lang)
    return table.style.map(lambda value: f"background-color: {colours.get(value, '')}", subset=[column])


# --- stage timeline -----------------------------------------------------------------------


def stage_timeline(
    plan: pd.DataFrame, events: pd.DataFrame, as_of: dt.date, lang: str, programme_code: str | None = None
) -> pd.DataFrame:
    """The rows of the stage chart: the programme's planned stages and the unit's stages.

    A planned stage runs from its planned start to the day after its planned end; a
    stage the unit reached runs from its entry to the next entry, the last one to
    ``as_of``; stages entered after ``as_of`` are left out.  With several programmes,
    planned stages carry the programme's name; ``programme_code`` keeps one programme.
    Columns: lane ('plan' or 'actual'), label, start, end, order, start_text, end_text.
    """
    t = _t(lang)
    rows = []
    planned = plan.dropna(subset=["seq"])
    if programme_code is not None:
        planned = planned[planned["programme_code"] == programme_code]
    several = planned["programme_code"].nunique() > 1
    for order, row in enumerate(planned.to_dict("records")):
        label = _name(row, "stage", lang)
        if several:
            label = f"{_name(row, 'programme', lang)}·{label}"
        start, end = as_date(row["planned_start"]), as_date(row["planned_end"])
        rows.append(("plan", label, start, end + dt.timedelta(days=1), order, start, end))
    if programme_code is not None and "programme_code" in events.columns:
        events = events[events["programme_code"] == programme_code]
    entered = [as_date(d) for d in events["entered_on"]]
    reached = events[[d <= as_of for d in entered]]
    records = reached.to_dict("records")
    for order, row in enumerate(records):
        start = as_date(row["entered_on"])
        following = as_date(records[order + 1]["entered_on"]) if order + 1 < len(records) else None
        end = following or max(as_of, start)
        shown_end = following - dt.timedelta(days=1) if following and following > start else end
        rows.append(("actual", _name(row, "name", lang), start, end, order, start, shown_end))
    frame = pd.DataFrame(rows, columns=["lane", "label", "start", "end", "order", "start_text", "end_text"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("start_text", "end_text"):
        frame[column] = [format_date(d, lang) for d in frame[column]]
    frame["lane_label"] = [t(f"community.lane_{lane}") for lane in frame["lane"]]
    return frame


# --- grades -------------------------------------------------------------------------------


def report_schemes(reports: pd.DataFrame) -> tuple[int, ...]:
    """The grading schemes the unit's report revisions use: the key of its scheme lists."""
    return tuple(sorted({int(scheme) for scheme in reports["scheme_id"]}))


def grade_cells(grades: pd.DataFrame, items: pd.DataFrame, parts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per month × item (× part, when the scheme grades parts) for the heatmap.

    Columns: month (timestamp), month_text, row (the item's code, with the part's name when
    the scheme has several parts), row_order, item_text, grade.
    """
    columns = ["month", "month_text", "row", "row_order", "item_text", "grade"]
    if grades.empty:
        return pd.DataFrame(columns=columns)
    text = dict(zip(items["item_code"], items["item_en" if lang == "en" else "item_zh"], strict=True))
    part_names = dict(zip(parts["code"], parts[f"name_{lang}"], strict=True)) if not parts.empty else {}
    several_parts = grades["part_code"].nunique() > 1
    ordered = grades.sort_values(["indicator_seq", "item_seq", "part_seq"])
    keys = list(dict.fromkeys(zip(ordered["item_code"], ordered["part_code"], strict=True)))
    order = {key: index for index, key in enumerate(keys)}
    months = grades["month"].tolist()
    # Thousands of cells over a few dozen months: each month's text is made once.
    month_texts = {month: format_month(as_date(month), lang) for month in set(months)}
    cells = list(zip(grades["item_code"], grades["part_code"], strict=True))
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(grades["month"]),
            "month_text": [month_texts[month] for month in months],
            "row": [
                f"{item} {part_names.get(part, part)}" if several_parts else item for item, part in cells
            ],
            "row_order": [order[cell] for cell in cells],
            "item_text": [text.get(item, "") for item, _ in cells],
            "grade": grades["grade"].astype(str),
        }
    )
    return frame[columns].reset_index(drop=True)


def latest_grade_counts(grades: pd.DataFrame) -> tuple[dt.date | None, dict[str, int]]:
    """The latest graded month and how many items (× parts) got each grade in it."""
    if grades.empty:
        return None, {}
    days = {month: as_date(month) for month in set(grades["month"])}
    latest = max(days.values())
    rows = grades[[days[month] == latest for month in grades["month"]]]
    return latest, {str(g): int(n) for g, n in rows["grade"].value_counts().items()}


# --- activities against the minimums ------------------------------------------------------


def quarters_and_years(periods: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quarters and the years (quarter 0) of
    :func:`data_access.reports.unit_activity_periods`, apart."""
    yearly = periods["quarter"] == 0
    return periods[~yearly].reset_index(drop=True), periods[yearly].reset_index(drop=True)


def activity_frame(judged: pd.DataFrame, rules: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The judged periods (:func:`oversight.community.judge_periods`) with labels for the
    chart: the period ("2015年第1季度"), the measure with its minimum, the verdict's text.

    Columns: period, period_short (the axis label), period_order, measure, measure_label,
    value, minimum, verdict, verdict_label, months_text.
    """
    t = _t(lang)
    names = {row.measure: _name(row._asdict(), "name", lang) for row in rules.itertuples()}
    frame = judged.copy()
    frame["period"] = [period_label(y, q, lang) for y, q in zip(frame["year"], frame["quarter"], strict=True)]
    frame["period_short"] = [period_short(y, q) for y, q in zip(frame["year"], frame["quarter"], strict=True)]
    frame["period_order"] = frame["year"] * 10 + frame["quarter"]
    # The tick marks what the period asked of this unit: the minimum, pro rata when owed in part.
    frame["minimum"] = frame["required"]
    frame["measure_label"] = [
        t(f"community.measure_{m}")
        if pd.isna(minimum)
        else f"{t(f'community.measure_{m}')}（{names.get(m, '')}）"
        if lang == "zh"
        else f"{t(f'community.measure_{m}')} ({names.get(m, '')})"
        for m, minimum in zip(frame["measure"], frame["minimum"], strict=True)
    ]
    frame["verdict_label"] = [t(f"community.verdict_{v}") for v in frame["verdict"]]
    frame["months_text"] = [
        t("community.months_reported", reported=r, owed=o)
        for r, o in zip(frame["months_reported"], frame["months_owed"], strict=True)
    ]
    columns = [
        "period",
        "period_short",
        "period_order",
        "measure",
        "measure_label",
        "value",
        "minimum",
        "verdict",
        "verdict_label",
        "months_text",
    ]
    return frame[columns].reset_index(drop=True)


def shortfall_table(judged: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The periods that fell short of a minimum: period, measure, value, minimum, months reported."""
    t = _t(lang)
    short = judged[judged["verdict"].isin(["violated", "failed"])]
    return pd.DataFrame(
        {
            t("community.column_period"): [
                period_label(y, q, lang) for y, q in zip(short["year"], short["quarter"], strict=True)
            ],
            t("community.column_measure"): [t(f"community.measure_{m}") for m in short["measure"]],
            t("community.column_value"): [format_count(v) for v in short["value"]],
            t("community.column_minimum"): [format_count(v) for v in short["required"]],
            t("community.column_months"): [
                t("community.months_reported", reported=r, owed=o)
                for r, o in zip(short["months_reported"], short["months_owed"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def rate_frame(judged_months: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Monthly rates judged (:func:`oversight.community.judge_months`), labelled for the chart.

    Columns: month (timestamp), month_text, measure_label, value, minimum, fail_below,
    verdict, verdict_label.
    """
    t = _t(lang)
    frame = judged_months.dropna(subset=["value"]).copy()
    return pd.DataFrame(
        {
            "month": pd.to_datetime(frame["month"]),
            "month_text": [format_month(as_date(m), lang) for m in frame["month"]],
            "measure_label": [t(f"community.measure_{m}") for m in frame["measure"]],
            "value": frame["value"].astype(float),
            "minimum": frame["minimum"].astype(float),
            "fail_below": frame["fail_below"].astype(float),
            "verdict": frame["verdict"],
            "verdict_label": [t(f"community.verdict_{v}") for v in frame["verdict"]],
        }
    ).reset_index(drop=True)


# --- accidents and injuries ---------------------------------------------------------------


def outcome_frame(outcomes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Accidents and injuries per domain and year, long, for the stacked bars.

    Columns: year, domain, domain_seq, measure_label, count.
    """
    t = _t(lang)
    rows = []
    for row in outcomes.to_dict("records"):
        for measure in ("accidents", "injuries"):
            rows.append(
                {
                    "year": str(row["year"]),
                    "domain": _name(row, "domain", lang),
                    "domain_seq": row["domain_seq"],
                    "measure_label": t(f"community.measure_{measure}"),
                    "count": int(row[measure]),
                }
            )
    return pd.DataFrame(rows, columns=["year", "domain", "domain_seq", "measure_label", "count"])


def format_change(change, percent, lang: str = "zh") -> str:
    """A change with its percentage: "+2（+50.0%）" ("+2 (+50.0%)" in English),
    "−1（−25.0%）", "+3" (no base to compare with), "0", or "—" (unknown)."""
    if change is None or pd.isna(change):
        return "—"
    sign = "+" if change > 0 else "−" if change < 0 else ""
    text = f"{sign}{format_count(abs(float(change)))}"
    if percent is None or pd.isna(percent) or change == 0:
        return text
    share = f"{sign}{abs(float(percent)):.1f}%"
    return f"{text}（{share}）" if lang == "zh" else f"{text} ({share})"


def outcome_table(changes: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """One row per domain of ``year`` (from :func:`oversight.changes.year_on_year`) plus a
    total: accidents and injuries with their change on the same months of the year before.

    When the year before covers fewer or more months (the programme began mid-year, a
    report is missing), the change cell says "不可比" instead of comparing unlike periods,
    and :func:`outcome_note` says why.
    """
    t = _t(lang)
    rows = changes[changes["year"] == year].sort_values("domain_seq")
    if rows.empty:
        return pd.DataFrame()
    total = {
        "domain_zh": t("community.total"),
        "domain_en": t("community.total"),
        "accidents": rows["accidents"].sum(),
        "injuries": rows["injuries"].sum(),
        "comparable": bool(rows["comparable"].all()),
    }
    for measure in ("accidents", "injuries"):
        known = rows[f"{measure}_previous"].notna().all()
        total[f"{measure}_previous"] = rows[f"{measure}_previous"].sum() if known else None
        before = total[f"{measure}_previous"] if total["comparable"] else None
        total[f"{measure}_change"] = None if before is None else total[measure] - before
        total[f"{measure}_change_pct"] = None if not before else 100 * (total[measure] - before) / before
    records = [*rows.to_dict("records"), total]

    def change(record: dict, measure: str) -> str:
        if not total["comparable"] and pd.notna(record[f"{measure}_previous"]):
            return t("community.yoy_not_comparable")
        return format_change(record[f"{measure}_change"], record[f"{measure}_change_pct"], lang)

    return pd.DataFrame(
        {
            t("community.column_domain"): [_name(r, "domain", lang) for r in records],
            t("community.measure_accidents"): [format_count(r["accidents"]) for r in records],
            t("community.column_accidents_change"): [change(r, "accidents") for r in records],
            t("community.measure_injuries"): [format_count(r["injuries"]) for r in records],
            t("community.column_injuries_change"): [change(r, "injuries") for r in records],
        }
    )


def outcome_note(changes: pd.DataFrame, year: int, lang: str) -> str | None:
    """Why ``year`` is not compared with the year before, when the two cover a different
    number of months (from :func:`oversight.changes.year_on_year` with ``months``); None
    when they are compared or there is no year before."""
    rows = changes[(changes["year"] == year) & changes["months_reported_previous"].notna()]
    if rows.empty or rows["comparable"].all():
        return None
    first = rows.iloc[0]
    return _t(lang)(
        "community.yoy_unlike",
        before=int(first["months_reported_previous"]),
        now=int(first["months_reported"]),
        year=year,
        previous=year - 1,
    )


def style_changes(table: pd.DataFrame, lang: str):
    """The year-on-year table with rises in red and falls in green (fewer accidents is better)."""
    columns = [
        translate("community.column_accidents_change", lang),
        translate("community.column_injuries_change", lang),
    ]

    def colour(value: str) -> str:
        if value.startswith("+"):
            return f"color: {CHANGE_COLOURS['up']}"
        if value.startswith("−"):
            return f"color: {CHANGE_COLOURS['down']}"
        return ""

    return table.style.map(colour, subset=columns)


# --- hazards and money --------------------------------------------------------------------


def hazard_frame(quarters: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Hazards found and rectified per quarter, long.

    Columns: period, period_short (the axis label), period_order, kind, count.
    """
    t = _t(lang)
    rows = []
    for row in quarters.to_dict("records"):
        for measure in ("hazards_found", "hazards_rectified"):
            rows.append(
                {
                    "period": period_label(row["year"], row["quarter"], lang),
                    "period_short": period_short(row["year"], row["quarter"]),
                    "period_order": row["year"] * 10 + row["quarter"],
                    "kind": t(f"community.measure_{measure}"),
                    "count": int(row[measure]),
                }
            )
    return pd.DataFrame(rows, columns=["period", "period_short", "period_order", "kind", "count"])


def money_frame(months: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Running totals of subsidy received and funds spent, long, in 万元 for the chart.

    Columns: month (timestamp), month_text, series, wan (万元), text (formatted).
    """
    t = _t(lang)
    rows = []
    for row in months.to_dict("records"):
        for column, key in (("received_to_date", "received"), ("spent_to_date", "spent")):
            rows.append(
                {
                    "month": pd.Timestamp(row["month"]),
                    "month_text": format_month(as_date(row["month"]), lang),
                    "series": t(f"community.money_{key}"),
                    "wan": float(row[column]) / 10000,
                    "text": format_money(row[column], lang),
                }
            )
    return pd.DataFrame(rows, columns=["month", "month_text", "series", "wan", "text"])


def allocation_table(allocations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per allocation to the unit: source, date, amount, disbursed, note."""
    t = _t(lang)
    return pd.DataFrame(
        {
            t("community.column_source"): [_name(r, "source", lang) for r in allocations.to_dict("records")],
            t("community.column_allocated_on"): [
                format_date(as_date(d), lang) for d in allocations["allocated_on"]
            ],
            t("column.allocated"): [format_money(v, lang) for v in allocations["amount"]],
            t("community.column_disbursed"): [format_money(v, lang) for v in allocations["disbursed"]],
            t("community.column_note"): list(allocations["note"]),
        }
    )


# --- monthly reports and their corrections ------------------------------------------------


def format_value(field: str, value, lang: str, stages: dict[str, str]) -> str:
    """A report value as shown: money in 万元, rates in %, stages by name, "—" when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if field in REPORT_MONEY:
        return format_money(Decimal(str(value)), lang)
    if field in REPORT_RATES:
        return format_percent(float(value))
    if field == "stage_code":
        return stages.get(value, value)
    if isinstance(value, str):
        return value
    return format_count(float(value))


REPORT_TABLE_FIELDS = tuple(
    f for f in (*REPORT_COUNTS, *REPORT_RATES, *REPORT_MONEY) if f not in ("volunteers", "reviews_held")
)
"""The current revision's figures the monthly-reports table shows, after its stage."""


def reports_table(
    reports: pd.DataFrame, plan: pd.DataFrame, lang: str, stages: dict[str, str]
) -> pd.DataFrame:
    """One row per month reported (newest first): the current revision's main figures,
    when and by whom it was first submitted, whether late
    (:func:`oversight.reporting.report_status`, by the deadline of the programme the unit
    was in that month, from ``plan``: its enrolments), and how often corrected."""
    t = _t(lang)
    if reports.empty:
        return pd.DataFrame()
    # Plain dictionaries: a unit reports for up to ten years, and per-row lookups in a
    # frame, or translations per cell, would cost more than the rest of the page.
    firsts = reports[reports["revision"] == 1]
    first = dict(
        zip(firsts["month"], zip(firsts["submitted_at"], firsts["submitted_by"], strict=True), strict=True)
    )
    columns = {
        key: t(f"community.column_{key}")
        for key in ("month", "submitted", "submitted_by", "punctuality", "revisions")
    }
    labels = {field: t(f"community.field_{field}") for field in ("stage_code", *REPORT_TABLE_FIELDS)}
    punctualities = {status: t(f"community.{status}") for status in ("on_time", "late")}
    current = reports[reports["is_current"]].sort_values("month", ascending=False)
    deadlines = report_deadlines(current["month"], plan)
    rows = []
    for row in current.to_dict("records"):
        submitted_at, submitted_by = first.get(row["month"], (row["submitted_at"], row["submitted_by"]))
        submitted = pd.Timestamp(submitted_at).to_pydatetime()
        month = as_date(row["month"])
        deadline = deadlines[month]
        punctuality = "" if deadline is None else punctualities[report_status(submitted_at, deadline)]
        rows.append(
            {
                columns["month"]: format_month(month, lang),
                columns["submitted"]: f"{format_date(submitted.date(), lang)} {submitted:%H:%M}",
                columns["submitted_by"]: submitted_by,
                columns["punctuality"]: punctuality,
                columns["revisions"]: int(row["revision"]) - 1,
                **{
                    labels[field]: format_value(field, row[field], lang, stages)
                    for field in ("stage_code", *REPORT_TABLE_FIELDS)
                },
            }
        )
    return pd.DataFrame(rows)


def field_label(
    kind: str, field: str, part: str, lang: str, domains: dict[str, str], parts: dict[str, str]
) -> str:
    """What a changed value is called: a report field, "指标1.1 自评等级", "家居安全·伤害数"."""
    t = _t(lang)
    if kind == "field":
        return t(f"community.field_{field}")
    if kind == "grade":
        part_name = "" if part in ("", "overall") else f" {parts.get(part, part)}"
        return t("community.field_grade", item=f"{field}{part_name}")
    return f"{domains.get(field, field)}·{t(f'community.domain_{part}')}"


def revisions_table(
    changes: pd.DataFrame,
    lang: str,
    stages: dict[str, str],
    domains: dict[str, str],
    parts: dict[str, str],
) -> pd.DataFrame:
    """One row per value a correction changed (from :func:`oversight.community.diff_revisions`):
    month, revision, when, by whom, why, what, first reported, (before, when a month was
    corrected more than once), now."""
    t = _t(lang)
    if changes.empty:
        return pd.DataFrame()

    def shown(kind, field, value):
        return (
            value
            if kind == "grade" and isinstance(value, str)
            else format_value(field if kind == "field" else "", value, lang, stages)
        )

    table = pd.DataFrame(
        {
            t("community.column_month"): [format_month(as_date(m), lang) for m in changes["month"]],
            t("community.column_revision"): [
                t("community.revision_number", number=int(r)) for r in changes["revision"]
            ],
            t("community.column_changed_at"): [
                f"{format_date(pd.Timestamp(v).date(), lang)} {pd.Timestamp(v):%H:%M}"
                for v in changes["changed_at"]
            ],
            t("community.column_changed_by"): list(changes["changed_by"]),
            t("community.column_reason"): [r if isinstance(r, str) else "" for r in changes["reason"]],
            t("community.column_field"): [
                field_label(k, f, p, lang, domains, parts)
                for k, f, p in zip(changes["kind"], changes["field"], changes["part"], strict=True)
            ],
            t("community.column_first_value"): [
                shown(k, f, v)
                for k, f, v in zip(changes["kind"], changes["field"], changes["first_value"], strict=True)
            ],
            t("community.column_previous_value"): [
                shown(k, f, v)
                for k, f, v in zip(changes["kind"], changes["field"], changes["previous_value"], strict=True)
            ],
            t("community.column_new_value"): [
                shown(k, f, v)
                for k, f, v in zip(changes["kind"], changes["field"], changes["new_value"], strict=True)
            ],
        }
    )
    if (changes["revision"] <= 2).all():
        table = table.drop(columns=[t("community.column_previous_value")])
    return table
