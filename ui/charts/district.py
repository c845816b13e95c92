"""District charts: units by stage (a funnel), each unit's stages against the programme's
plan (a Gantt-like timeline with overdue units flagged), and subsidy per unit."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd

from ui.charts import (
    COUNT_SCALE,
    DEADLINE_COLOUR,
    DISTRICT_MONEY_COLOURS,
    INK,
    PLAN_BAR_COLOUR,
    PLAN_SHADES,
    REACHED_COLOUR,
    STATUS_COLOURS,
    TEXT,
    count_axis,
    month_format,
)

OVERDUE_COLOUR = STATUS_COLOURS["missed"]


def build_pipeline_chart(pipeline: pd.DataFrame, scale: alt.Scale, texts: dict[str, str]) -> alt.LayerChart:
    """The county's units by stage, in path order: a pale bar of the units that have
    reached each stage or gone further (the funnel), and over it a bar of the units
    standing there now, coloured by stage, labelled "now (reached)".

    ``pipeline`` has columns stage, stage_seq, units, reached, label; ``texts`` gives
    the axis title ``units`` and tooltip titles ``stage``, ``now``, ``reached``.
    """
    order = list(pipeline.sort_values("stage_seq")["stage"])
    base = alt.Chart(pipeline).encode(
        y=alt.Y("stage:N", sort=order, title=None),
        tooltip=[
            alt.Tooltip("stage:N", title=texts["stage"]),
            alt.Tooltip("units:Q", title=texts["now"]),
            alt.Tooltip("reached:Q", title=texts["reached"]),
        ],
    )
    reached = base.mark_bar(color=REACHED_COLOUR, height={"band": 0.7}).encode(
        x=alt.X("reached:Q", axis=count_axis(texts["units"]), scale=COUNT_SCALE)
    )
    now = base.mark_bar(height={"band": 0.7}).encode(
        x="units:Q", color=alt.Color("stage:N", scale=scale, legend=None)
    )
    labels = base.mark_text(align="left", dx=4, color=TEXT).encode(x="reached:Q", text="label:N")
    return alt.layer(reached, now, labels).properties(height=alt.Step(26))


def build_timeline_chart(
    spans: pd.DataFrame,
    windows: pd.DataFrame,
    flags: pd.DataFrame,
    as_of: dt.date,
    domain: tuple[dt.date, dt.date],
    scale: alt.Scale,
    units: list[str],
    texts: dict[str, str],
    lang: str,
) -> alt.LayerChart:
    """Each unit's stages over time against the programme's planned stages.

    One row per unit (``units``, in order) under a first row ``texts["plan"]`` that
    shows the planned stages; the planned stages also shade the background, with a
    dashed line at each planned end.  A unit's bar is cut into the stretches it spent
    in each stage, coloured by stage; an overdue unit has its name in red and a red
    line from the first planned end it missed to the as-of day; a black dashed line
    marks the as-of day.  The time axis covers ``domain`` (start, exclusive end); marks
    beyond it are clipped.

    ``spans``: unit, stage, start, end (exclusive), start_text, end_text;
    ``windows``: seq, name, label, start, end (exclusive), mid, band, period, expects;
    ``flags``: unit, since, until, expected, days.  ``texts`` holds the row and
    tooltip titles: plan, unit, stage, from, to, planned_stage, period, expects,
    expected, days_overdue, as_of, as_of_text; months on the axis are written as
    ``lang`` writes them (2008年7月, Jul 2008).
    """
    spans = _dates(spans, "start", "end")
    windows = _dates(windows, "start", "end", "mid")
    flags = _dates(flags, "since", "until")
    rows = [texts["plan"], *units]
    x_scale = alt.Scale(domain=[_datetime(domain[0]), _datetime(domain[1])])
    overdue = json.dumps(sorted(set(flags["unit"])), ensure_ascii=False)
    y = alt.Y(
        "row:N",
        sort=rows,
        scale=alt.Scale(domain=rows),
        title=None,
        axis=alt.Axis(
            labelColor=alt.expr(f"indexof({overdue}, datum.value) >= 0 ? '{OVERDUE_COLOUR}' : '{TEXT}'"),
            labelFontWeight=alt.expr(
                f"datum.value == {json.dumps(texts['plan'], ensure_ascii=False)} ? 'bold' : 'normal'"
            ),
        ),
    )
    x = alt.X(
        "start:T",
        scale=x_scale,
        title=None,
        axis=alt.Axis(format=month_format(lang), labelAngle=0, tickCount=8),
    )
    window_tooltip = [
        alt.Tooltip("name:N", title=texts["planned_stage"]),
        alt.Tooltip("period:N", title=texts["period"]),
        alt.Tooltip("expects:N", title=texts["expects"]),
    ]
    plan = alt.Chart(windows.assign(row=texts["plan"]))
    layers = [
        plan.transform_filter(f"datum.band == {band}")
        .mark_rect(color=colour, clip=True)
        .encode(x=x, x2="end:T", tooltip=window_tooltip)
        for band, colour in enumerate(PLAN_SHADES)
    ]
    layers += [
        plan.mark_rule(color=DEADLINE_COLOUR, strokeDash=[4, 3], clip=True).encode(
            x=alt.X("end:T", scale=x_scale)
        ),
        plan.mark_bar(
            color=PLAN_BAR_COLOUR, height={"band": 0.7}, stroke="white", strokeWidth=1, clip=True
        ).encode(x=x, x2="end:T", y=y, tooltip=window_tooltip),
        plan.mark_text(color=TEXT, fontSize=11, clip=True).encode(
            x=alt.X("mid:T", scale=x_scale), y=y, text="label:N", tooltip=window_tooltip
        ),
        alt.Chart(spans.assign(row=spans["unit"]))
        .mark_bar(height={"band": 0.55}, clip=True)
        .encode(
            x=x,
            x2="end:T",
            y=y,
            color=alt.Color("stage:N", scale=scale, legend=alt.Legend(title=None, orient="top", columns=5)),
            tooltip=[
                alt.Tooltip("unit:N", title=texts["unit"]),
                alt.Tooltip("stage:N", title=texts["stage"]),
                alt.Tooltip("start_text:N", title=texts["from"]),
                alt.Tooltip("end_text:N", title=texts["to"]),
            ],
        ),
        alt.Chart(flags.assign(row=flags["unit"]))
        .mark_rule(color=OVERDUE_COLOUR, strokeWidth=3, yOffset=10, clip=True)
        .encode(
            x=alt.X("since:T", scale=x_scale),
            x2="until:T",
            y=y,
            tooltip=[
                alt.Tooltip("unit:N", title=texts["unit"]),
                alt.Tooltip("expected:N", title=texts["expected"]),
                alt.Tooltip("days:Q", title=texts["days_overdue"]),
            ],
        ),
        alt.Chart(
            pd.DataFrame({"on": [pd.Timestamp(as_of + dt.timedelta(days=1))], "text": [texts["as_of_text"]]})
        )
        .mark_rule(color=INK, strokeDash=[2, 2], strokeWidth=1.5)
        .encode(x=alt.X("on:T", scale=x_scale), tooltip=alt.Tooltip("text:N", title=texts["as_of"])),
    ]
    return alt.layer(*layers).properties(height=alt.Step(28))


MONEY_TICKS = 5
MONEY_LABEL_GAP_PX = 12
"""The least room between two money labels on the subsidy chart's axis."""


def build_subsidy_chart(money: pd.DataFrame, axis_title: str) -> alt.Chart:
    """Allocated, disbursed, received and spent per recipient, side by side, in 万元.

    ``money`` has columns recipient, measure (translated), measure_seq, amount.
    """
    measures = list(money.sort_values("measure_seq")["measure"].drop_duplicates())
    recipients = list(dict.fromkeys(money["recipient"]))
    return (
        alt.Chart(money)
        .mark_bar()
        .encode(
            y=alt.Y("recipient:N", sort=recipients, title=None),
            yOffset=alt.YOffset("measure:N", sort=measures),
            # Money in yuan (English) runs to "160,000": a few ticks kept apart, or the last two
            # labels ran together as "140,000160,000" at 1280 px.
            x=alt.X(
                "amount:Q",
                title=axis_title,
                axis=alt.Axis(tickCount=MONEY_TICKS, labelSeparation=MONEY_LABEL_GAP_PX, labelOverlap=True),
            ),
            color=alt.Color(
                "measure:N",
                sort=measures,
                scale=alt.Scale(domain=measures, range=list(DISTRICT_MONEY_COLOURS[: len(measures)])),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("recipient:N", title=None),
                alt.Tooltip("measure:N", title=None),
                alt.Tooltip("amount:Q", title=axis_title, format=",.2~f"),
            ],
        )
        .properties(height=alt.Step(9))
    )


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns})


def _datetime(day: dt.date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day)
