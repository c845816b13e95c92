"""The indicator heatmap's display transforms: pure functions from query frames to the cells
the charts draw and the tables the page shows, and from a selection to a unit code.

A cell frame has one row per row × column of a grid: ``code`` (the unit or county code),
``row_label``, ``column`` (a key), ``column_label``, ``column_title`` (the full name, for
the tooltip), ``kind`` ('info' for a text cell such as the assessment month, 'score' for a
coloured one), ``value`` (percent, empty when there is none), ``text``, ``attention``
(an info cell that needs a look: a stale assessment, units not assessed) and ``verdict``
(the translated hard-rule verdict of the cell, or '').
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from oversight.formatting import format_count, format_month, format_month_compact, format_percent
from oversight.i18n import translate
from ui.charts import ATTENTION_FILL

SORT_SCORE = "score"
SORT_NAME = "name"
UNITS_VIEW, COUNTIES_VIEW = "units", "counties"
NO_DETAIL, ALL_ITEMS = "none", "all"
LOW_FIRST = "1"


@dataclass(frozen=True)
class HeatmapView:
    """What the heatmap shows beside the sidebar's choices: the grid (units or counties),
    the sort ('score', 'name' or an indicator's number as text), the expanded indicator
    ('none', 'all' or an indicator's number) and whether low scores come first."""

    view: str = UNITS_VIEW
    sort: str = SORT_SCORE
    detail: str = NO_DETAIL
    lowest_first: bool = False


VIEW_PARAMS = ("view", "sort", "detail", "low")
"""The URL parameters a heatmap view lives in (beside the sidebar's), in this order."""


def view_options(indicators: Iterable[int]) -> dict[str, list[str]]:
    """The values each of :data:`VIEW_PARAMS` may take, the default first."""
    seqs = [str(seq) for seq in indicators]
    return {
        "view": [UNITS_VIEW, COUNTIES_VIEW],
        "sort": [SORT_SCORE, SORT_NAME, *seqs],
        "detail": [NO_DETAIL, *seqs, ALL_ITEMS],
        "low": ["", LOW_FIRST],
    }


def view_from_params(
    params: Mapping[str, str], indicators: Iterable[int]
) -> tuple[HeatmapView, dict[str, str]]:
    """The view a link's query parameters name, and the parameters whose value does not
    exist (name → value as given), each replaced by its default: the nearest valid view."""
    options = view_options(indicators)
    values, rejected = {}, {}
    for name in VIEW_PARAMS:
        wanted = params.get(name)
        if wanted is None or wanted in options[name]:
            values[name] = options[name][0] if wanted is None else wanted
        else:
            rejected[name] = str(wanted)
            values[name] = options[name][0]
    view = HeatmapView(values["view"], values["sort"], values["detail"], values["low"] == LOW_FIRST)
    return view, rejected


def shown_value(value: str, limit: int = 20) -> str:
    """A value from a link as a notice quotes it: a long one cut, so a tampered link
    cannot fill the page."""
    return value if len(value) <= limit else value[:limit] + "…"


def view_params(view: HeatmapView) -> dict[str, str]:
    """The query parameters of ``view``: only those that differ from the default view, so
    the plain page keeps a plain link."""
    default = HeatmapView()
    params = {}
    if view.view != default.view:
        params["view"] = view.view
    if view.sort != default.sort:
        params["sort"] = view.sort
    if view.detail != default.detail:
        params["detail"] = view.detail
    if view.lowest_first:
        params["low"] = LOW_FIRST
    return params


BREACHES = ("violated", "failed")
_SEVERITY = {"violated": 1, "failed": 2}
INFO_COLUMN = "info"
TOTAL_COLUMN = "total"


def unit_order(wide: pd.DataFrame, by: str, lowest_first: bool = False) -> list[str]:
    """Unit codes in the order the grid shows them, from the one row per assessed unit of
    :func:`data_access.scores.current_indicator_scores` (``wide``).

    ``by`` is 'score' (the composite), 'name', or an indicator's number as text ('3');
    scores sort best first unless ``lowest_first``, ties by the composite, then by code.
    """
    return _ordered(wide, "unit_code", "unit_zh", by, lowest_first)


def _ordered(frame: pd.DataFrame, code: str, name: str, by: str, lowest_first: bool) -> list[str]:
    """The codes of ``frame`` sorted as :func:`unit_order` says; rows without a score last."""
    if by == SORT_NAME:
        return list(frame.sort_values([name, code])[code])
    keys = ["score"] if by == SORT_SCORE else [f"s{int(by)}", "score"]
    ascending = [lowest_first] * len(keys)
    ordered = frame.sort_values([*keys, code], ascending=[*ascending, True], kind="stable")
    return list(ordered[code])


def unit_labels(roster: pd.DataFrame, county_names: Mapping[int, str], lang: str) -> dict[str, str]:
    """A row label per unit code: its name in ``lang`` (Chinese when it has no English
    name), with its county (then its code) when two units share a name, so no two rows of
    a grid merge.  ``roster`` has unit_code, unit_zh, unit_en, county_id."""
    names = roster[f"unit_{lang}"].fillna(roster["unit_zh"])
    labels = dict(zip(roster["unit_code"], names, strict=True))
    names = pd.Series(labels)
    for code in names[names.duplicated(keep=False)].index:
        county = roster.loc[roster["unit_code"] == code, "county_id"].iloc[0]
        labels[code] = f"{labels[code]}（{county_names.get(county, code)}）"
    names = pd.Series(labels)
    for code in names[names.duplicated(keep=False)].index:
        labels[code] = f"{labels[code]} {code}"
    return labels


def rule_marks(judged: pd.DataFrame, rules: pd.DataFrame, key: str) -> pd.DataFrame:
    """The worst hard-rule breach per unit and indicator (``key`` 'indicator_seq') or item
    (``key`` 'item_code'): columns unit_code, the key, verdict ('failed' beats 'violated')."""
    breaches = judged[judged["verdict"].isin(BREACHES)]
    if breaches.empty:
        return pd.DataFrame(columns=["unit_code", key, "verdict"])
    breaches = breaches.merge(rules[["rule_code", "indicator_seq"]], on="rule_code")
    breaches = breaches.assign(severity=breaches["verdict"].map(_SEVERITY))
    worst = breaches.sort_values("severity").groupby(["unit_code", key], as_index=False).last()
    return worst[["unit_code", key, "verdict"]].reset_index(drop=True)


def _score_text(value: float | None, decimals: int) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.{decimals}f}"


def _verdicts(marks: pd.DataFrame, key: str, lang: str) -> dict[tuple[str, object], str]:
    return {
        (unit, column): translate(f"heatmap.verdict_{verdict}", lang)
        for unit, column, verdict in zip(marks["unit_code"], marks[key], marks["verdict"], strict=True)
    }


def _cell(
    code, row_label, column, column_label, column_title, kind, value, text, attention=False, verdict=""
):
    return {
        "code": code,
        "row_label": row_label,
        "column": str(column),
        "column_label": column_label,
        "column_title": column_title,
        "kind": kind,
        "value": None if value is None or pd.isna(value) else float(value),
        "text": text,
        "attention": attention,
        "verdict": verdict,
    }


CELL_COLUMNS = list(_cell(*[None] * 8))


def indicator_cells(
    wide: pd.DataFrame,
    order: Sequence[str],
    labels: Mapping[str, str],
    indicators: Mapping[int, str],
    marks: pd.DataFrame,
    month: dt.date,
    lang: str,
) -> pd.DataFrame:
    """The units × indicators grid: the assessment month, the 12 indicator scores and the
    composite, one row per unit of ``order``.  ``indicators`` maps 1..12 to full names;
    ``marks`` is :func:`rule_marks` by indicator_seq."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    verdicts = _verdicts(marks, "indicator_seq", lang)
    # Records, not .loc per unit: a province's 441 rows are drawn on every rerun.
    rows = wide.set_index("unit_code").reindex(list(order)).reset_index().to_dict("records")
    cells = []
    for unit in rows:
        code = unit["unit_code"]
        label = labels[code]
        assessed = unit["assessed_month"]
        cells.append(
            _cell(
                code,
                label,
                INFO_COLUMN,
                t("heatmap.col_assessed"),
                t("heatmap.col_assessed"),
                "info",
                None,
                format_month_compact(assessed),
                attention=assessed < month,
            )
        )
        for seq, name in indicators.items():
            cells.append(
                _cell(
                    code,
                    label,
                    seq,
                    t(f"heatmap.short_{seq}"),
                    name,
                    "score",
                    unit[f"s{seq}"],
                    _score_text(unit[f"s{seq}"], 0),
                    verdict=verdicts.get((code, seq), ""),
                )
            )
        cells.append(
            _cell(
                code,
                label,
                TOTAL_COLUMN,
                t("heatmap.col_score"),
                t("heatmap.col_score"),
                "score",
                unit["score"],
                _score_text(unit["score"], 1),
            )
        )
    return pd.DataFrame(cells, columns=CELL_COLUMNS)


def item_cells(
    items: pd.DataFrame,
    wide: pd.DataFrame,
    order: Sequence[str],
    labels: Mapping[str, str],
    item_names: Mapping[str, str],
    marks: pd.DataFrame,
    indicator: tuple[int, str] | None,
    lang: str,
) -> pd.DataFrame:
    """The units × items grid of :func:`data_access.scores.current_item_scores`: one cell
    per item (headed by its number and short name, the full text in the tooltip) showing its grade (A/B/C) or, for a scheme graded in parts, its score; for one
    indicator (``indicator`` = (seq, short label)) then the indicator's score.  All 45 items
    leave the composite to the grid above: 46 narrow columns have no room for "100.0".
    ``marks`` is :func:`rule_marks` by item_code."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    verdicts = _verdicts(marks, "item_code", lang)
    by_unit = {code: frame for code, frame in items.groupby("unit_code", sort=False)}
    totals = wide.set_index("unit_code")
    cells = []
    for code in order:
        if code not in by_unit:
            continue
        for item in by_unit[code].itertuples():
            text = item.grade if isinstance(item.grade, str) else _score_text(item.item_score, 0)
            cells.append(
                _cell(
                    code,
                    labels[code],
                    item.item_code,
                    t(f"heatmap.item_{item.item_code}"),
                    f"{item.item_code} {item_names.get(item.item_code, '')}",
                    "score",
                    item.item_score,
                    text,
                    verdict=verdicts.get((code, item.item_code), ""),
                )
            )
        if indicator is not None:
            value = totals.loc[code, f"s{indicator[0]}"]
            title = t("heatmap.col_indicator_score")
            cells.append(
                _cell(
                    code,
                    labels[code],
                    TOTAL_COLUMN,
                    indicator[1],
                    title,
                    "score",
                    value,
                    _score_text(value, 1),
                )
            )
    return pd.DataFrame(cells, columns=CELL_COLUMNS)


def county_cells(
    counties: pd.DataFrame, indicators: Mapping[int, str], by: str, lowest_first: bool, lang: str
) -> tuple[pd.DataFrame, list[str]]:
    """The counties × indicators grid of :func:`data_access.scores.county_indicator_scores`:
    assessed / enrolled units, the 12 average indicator scores and the average composite,
    the counties in the order the units' grid would take (``by``, ``lowest_first`` as in
    :func:`unit_order`; counties without an assessed unit last).
    Returns the cells and the county codes in order."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    name_column = f"county_{lang}"
    cells, order = [], []
    rows = counties.set_index("county_code", drop=False)
    for code in _ordered(counties, "county_code", "county_zh", by, lowest_first):
        county = rows.loc[code]
        name = county[name_column] if isinstance(county[name_column], str) else county["county_zh"]
        order.append(code)
        assessed, units = int(county["assessed"]), int(county["units"])
        cells.append(
            _cell(
                code,
                name,
                INFO_COLUMN,
                t("heatmap.col_assessed_units"),
                t("heatmap.col_assessed_units"),
                "info",
                None,
                f"{assessed}/{units}",
                attention=assessed < units,
            )
        )
        for seq, full in indicators.items():
            value = county[f"s{seq}"]
            cells.append(
                _cell(code, name, seq, t(f"heatmap.short_{seq}"), full, "score", value, _score_text(value, 0))
            )
        cells.append(
            _cell(
                code,
                name,
                TOTAL_COLUMN,
                t("heatmap.col_score"),
                t("heatmap.col_score"),
                "score",
                county["score"],
                _score_text(county["score"], 1),
            )
        )
    return pd.DataFrame(cells, columns=CELL_COLUMNS), order


def _minimum_text(minimum: float, strict: bool, fail_below: float | None, lang: str) -> str:
    """The requirement in words ("大于 80（低于 60 不合格）"): a leading ">" would read as
    a quotation in a table that renders Markdown."""
    text = translate(
        f"heatmap.minimum_{'above' if strict else 'at_least'}", lang, value=format_count(minimum)
    )
    if fail_below is not None and not pd.isna(fail_below):
        text += translate("heatmap.fails_below", lang, value=format_count(fail_below))
    return text


def _period_text(period: str, first: dt.date, lang: str) -> str:
    """The calendar period a rule was judged over: "2009年6月", "2009年第2季度", "2008年"."""
    if period == "month":
        return format_month(first, lang)
    quarter = (first.month + 2) // 3
    return translate(f"heatmap.window_{period}", lang, year=first.year, quarter=quarter)


def violations_table(
    judged: pd.DataFrame,
    rules: pd.DataFrame,
    labels: Mapping[str, str],
    county_names: Mapping[int, str],
    lang: str,
) -> pd.DataFrame:
    """One row per unit × hard rule not met (violated or failed), failures first, then by unit:
    unit, county, rule, item, window, value, required, verdict."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    breaches = judged[judged["verdict"].isin(BREACHES)].merge(
        rules[["rule_code", "name_zh", "name_en"]], on="rule_code"
    )
    breaches = breaches.assign(severity=breaches["verdict"].map(_SEVERITY)).sort_values(
        ["severity", "unit_code", "rule_code"], ascending=[False, True, True]
    )
    rate = breaches["measure"].str.endswith("_rate")
    return pd.DataFrame(
        {
            t("heatmap.col_unit"): [labels.get(code, code) for code in breaches["unit_code"]],
            t("heatmap.col_county"): [county_names.get(c, "") for c in breaches["county_id"]],
            t("heatmap.col_rule"): list(breaches[f"name_{lang}"]),
            t("heatmap.col_item"): list(breaches["item_code"]),
            t("heatmap.col_window"): [
                _period_text(p, first, lang)
                for p, first in zip(breaches["period"], breaches["first_month"], strict=True)
            ],
            t("heatmap.col_value"): [
                format_percent(v) if is_rate else format_count(v)
                for v, is_rate in zip(breaches["value"], rate, strict=True)
            ],
            t("heatmap.col_minimum"): [
                _minimum_text(r, s, f, lang) + (t("heatmap.pro_rata", months=o) if r < m else "")
                for r, m, s, f, o in zip(
                    breaches["required"],
                    breaches["minimum"],
                    breaches["strict"],
                    breaches["fail_below"],
                    breaches["months_owed"],
                    strict=True,
                )
            ],
            t("heatmap.col_verdict"): [t(f"heatmap.verdict_{v}") for v in breaches["verdict"]],
        }
    ).reset_index(drop=True)


def units_table(
    wide: pd.DataFrame,
    roster: pd.DataFrame,
    order: Sequence[str],
    labels: Mapping[str, str],
    county_names: Mapping[int, str],
    judged: pd.DataFrame,
    month: dt.date,
    by: str,
    lang: str,
) -> tuple[pd.DataFrame, list[str], list[bool]]:
    """The unit list beside the grid: assessed units in the grid's order, then the units
    without an assessment; sorted by an indicator (``by`` its number as text, as in
    :func:`unit_order`), the list shows that indicator's score after the composite.
    Returns the table, the unit code of each of its rows (what a row selection points at)
    and whether each row's assessment is older than ``month`` or missing (to be
    highlighted)."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    breaches = judged[judged["verdict"].isin(BREACHES)].groupby("unit_code").size()
    assessed_codes = set(wide["unit_code"])
    missing = [code for code in roster.sort_values("unit_code")["unit_code"] if code not in assessed_codes]
    codes = [*order, *missing]
    county_of = dict(zip(roster["unit_code"], roster["county_id"], strict=True))
    # Records, not .loc per unit: a province's 441 rows are listed on every rerun.
    rows = wide.set_index("unit_code").reindex(codes).reset_index().to_dict("records")
    indicator = None if by in (SORT_SCORE, SORT_NAME) else f"s{by}"
    table = []
    for row in rows:
        code, known = row["unit_code"], row["unit_code"] in assessed_codes
        entry = {
            t("heatmap.col_unit"): labels[code],
            t("heatmap.col_county"): county_names.get(county_of[code], ""),
            t("heatmap.col_assessed"): format_month(row["assessed_month"], lang)
            if known
            else t("heatmap.not_assessed"),
            t("heatmap.col_score"): _score_text(row["score"], 1) if known else "—",
        }
        if indicator is not None:
            entry[t(f"heatmap.short_{by}")] = _score_text(row[indicator], 0) if known else "—"
        entry[t("heatmap.col_failed")] = format_count(row["failed_items"]) if known else "—"
        entry[t("heatmap.col_violations")] = format_count(int(breaches.get(code, 0)))
        table.append(entry)
    stale = [row["unit_code"] not in assessed_codes or row["assessed_month"] < month for row in rows]
    return pd.DataFrame(table), codes, stale


def style_stale(table: pd.DataFrame, stale: Sequence[bool], lang: str):
    """The unit list with the assessment month of stale or missing assessments on amber,
    as in the grid (colour, not a symbol, which an office PC's font may lack)."""
    column = translate("heatmap.col_assessed", lang)
    flags = pd.Series(list(stale), index=table.index)
    return table.style.apply(
        lambda values: [f"background-color: {ATTENTION_FILL}" if flags[i] else "" for i in values.index],
        subset=[column],
    )


def unit_from_chart_selection(
    selection: Mapping | None, param: str = "unit", field: str = "code"
) -> str | None:
    """The unit code a click on a grid selected, from ``st.altair_chart``'s event.selection.

    A point selection arrives as a list of the selected points' fields
    (``{"unit": [{"code": "U11"}]}``), an empty selection as ``{}``.
    """
    if not selection:
        return None
    points = selection.get(param)
    if isinstance(points, Mapping):  # projected on fields: {"code": ["U11"]}
        values = points.get(field) or []
        return str(values[0]) if values else None
    for point in points or []:
        if isinstance(point, Mapping) and point.get(field) is not None:
            return str(point[field])
    return None


def unit_from_table_selection(rows: Sequence[int], codes: Sequence[str]) -> str | None:
    """The unit code of the row selected in the unit list, if one is."""
    for row in rows:
        if 0 <= row < len(codes):
            return codes[row]
    return None
