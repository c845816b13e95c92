"""Charts of one community's page (社区详情): pure builders over the frames of
:mod:`ui.community_tables`, in the shared palette."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import altair as alt
import pandas as pd

from oversight.formatting import text_width
from ui.charts import (
    COMMUNITY_MONEY_COLOURS,
    COUNT_SCALE,
    DARK_RED,
    DOMAIN_SCHEME,
    GRADE_COLOURS,
    GRADE_SPREAD,
    HAZARD_COLOURS,
    IN_PROGRESS_COLOUR,
    NO_RULE_COLOUR,
    NOT_JUDGED_COLOUR,
    PLAN_COLOUR,
    STATUS_COLOURS,
    TARGET_MARK,
    count_axis,
    month_format,
)

ACTUAL_COLOUR = STATUS_COLOURS["on_track"]
VERDICT_COLOURS = {
    "ok": STATUS_COLOURS["met"],
    "in_progress": IN_PROGRESS_COLOUR,
    "violated": STATUS_COLOURS["missed"],
    "failed": DARK_RED,
    "not_judged": NOT_JUDGED_COLOUR,
    "no_rule": NO_RULE_COLOUR,
}

STAGE_LANE_WIDTH = 340
"""Pixels of the stage lanes' time axis: with the English stage names beside it, it fits
the main column at 1024 px."""


def _as_of_rule(as_of: dt.date) -> alt.Chart:
    return (
        alt.Chart(pd.DataFrame({"as_of": [pd.Timestamp(as_of)]}))
        .mark_rule(color=TARGET_MARK, strokeDash=[4, 3])
        .encode(x="as_of:T")
    )


def build_stage_timeline_chart(
    frame: pd.DataFrame, as_of: dt.date, titles: dict[str, str], lang: str, width: int = STAGE_LANE_WIDTH
) -> alt.VConcatChart:
    """Planned stages above, the stages the unit reached below, on one time axis, with a
    dashed rule at the month viewed.  A lane without rows is left out rather than drawn
    as an empty axis.

    ``frame`` is :func:`ui.community_tables.stage_timeline`; ``titles`` names the two
    lanes ({'plan': ..., 'actual': ...}).
    """
    starts = [frame["start"].min(), pd.Timestamp(as_of)]
    ends = [frame["end"].max(), pd.Timestamp(as_of)]
    domain = [min(s for s in starts if not pd.isna(s)), max(e for e in ends if not pd.isna(e))]
    charts = []
    for lane, colour in (("plan", PLAN_COLOUR), ("actual", ACTUAL_COLOUR)):
        rows = frame[frame["lane"] == lane]
        if rows.empty:
            continue  # a unit that never started: the page says so in a sentence
        bars = (
            alt.Chart(rows)
            .mark_bar(color=colour, cornerRadius=2, height={"band": 0.7})
            .encode(
                x=alt.X(
                    "start:T",
                    title=None,
                    scale=alt.Scale(domain=domain),
                    axis=alt.Axis(format=month_format(lang)),
                ),
                x2="end:T",
                y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("order")),
                tooltip=[
                    alt.Tooltip("label:N", title=titles[lane]),
                    alt.Tooltip("start_text:N", title=titles["from"]),
                    alt.Tooltip("end_text:N", title=titles["to"]),
                ],
            )
        )
        height = max(1, rows["label"].nunique()) * 24
        charts.append(
            alt.layer(bars, _as_of_rule(as_of)).properties(title=titles[lane], height=height, width=width)
        )
    return alt.vconcat(*charts, spacing=12).resolve_scale(x="shared")


def grade_colours(codes: Sequence[str]) -> list[str]:
    """Colours for a scheme's grades, best first: the shared A/B/C colours, or a green-to-red
    spread for other schemes (a/b/c/d)."""
    if list(codes) == list(GRADE_COLOURS):
        return [GRADE_COLOURS[code] for code in codes]
    if len(codes) == 1:
        return [GRADE_SPREAD[0]]
    step = (len(GRADE_SPREAD) - 1) / (len(codes) - 1)
    return [GRADE_SPREAD[round(i * step)] for i in range(len(codes))]


PANEL_WIDTH = 120
"""Pixels of one panel of a faceted chart: three in a row, with their axes, fit the page's
main column at 1024 px (about 560 px beside the sidebar); a chart of fixed width cannot
follow the page's, as a single one does."""
SHORT_NAME_WIDTH = 32
"""How wide an item's short name may be, a Chinese character counting two Latin letters."""
HEADER_LINE_WIDTH = 24
"""How wide one line of a panel's title may be (same measure): a title is wrapped so that
it is no wider than its panel, which would otherwise widen its column past the page."""
LEGEND_COLUMNS = 3
"""Entries in a row of a legend above a chart: six verdicts in one row ran past the page."""


CLOSING = set("）)，。；、")
"""Marks that never begin a line."""


def wrap_label(text: str, width: int = HEADER_LINE_WIDTH) -> str:
    """``text`` in lines of at most ``width`` (:func:`text_width`) joined by newlines,
    broken between words, or anywhere in Chinese (which has no spaces) but before a
    closing mark."""
    lines, line = [], ""
    for token in re.findall(r"\S+\s*|\s+", text):
        pieces = [token] if text_width(token) <= width else list(token)
        for piece in pieces:
            if line and text_width(line + piece.rstrip()) > width and piece not in CLOSING:
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
    return "\n".join([*lines, line.rstrip()]) if line.strip() else "\n".join(lines)


def _wrapped_facet(frame: pd.DataFrame, sort: bool = True) -> tuple[pd.DataFrame, alt.Facet]:
    """The frame with its panel titles wrapped (:func:`wrap_label`), and the facet over them
    in the frame's order, each line of a title drawn as a line."""
    wrapped = frame.assign(measure_label=[wrap_label(label) for label in frame["measure_label"]])
    order = list(dict.fromkeys(wrapped["measure_label"])) if sort else alt.Undefined
    header = alt.Header(labelExpr="split(datum.label, '\\n')")
    return wrapped, alt.Facet("measure_label:N", title=None, sort=order, header=header)


def item_label(code: str, text: str) -> str:
    """ "1.1 有安全社区创建领导机构": an item's code with a short name, so that a row says what
    it grades.  The short name is the text's first clause (the English label, or the
    Chinese requirement up to its first comma), shortened to :data:`SHORT_NAME_WIDTH`;
    the whole requirement stays in the tooltip."""
    short = ""
    for char in re.split(r"[，。；,;]", text or "", maxsplit=1)[0].strip():
        if text_width(short + char) > SHORT_NAME_WIDTH:
            return f"{code} {short}…"
        short += char
    return f"{code} {short}" if short else code


GRADE_ROW_PX = 16
"""Height of one item's row: its label (11 px) never overlaps the next one."""
GRADE_CHROME_PX = 130
"""The legend above and the vertical month labels below: Streamlit fits the whole chart,
axes included, into its height, so the rows get only what these leave."""


def build_grade_heatmap_chart(
    cells: pd.DataFrame, grades: Sequence[str], titles: dict[str, str], lang: str
) -> alt.Chart:
    """Items down (code and short name, :func:`item_label`), months across, each cell
    coloured by the month's self-assessed grade.

    ``cells`` is :func:`ui.community_tables.grade_cells`; ``grades`` the scheme's grades,
    best first; ``titles`` holds 'item', 'month' and 'grade' for the tooltip and legend.
    """
    rows = max(1, cells["row"].nunique())
    labelled = cells.assign(
        label=[item_label(r, t) for r, t in zip(cells["row"], cells["item_text"], strict=True)]
    )
    return (
        alt.Chart(labelled)
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "yearmonth(month):O", title=None, axis=alt.Axis(format=month_format(lang), labelAngle=-90)
            ),
            y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("row_order")),
            color=alt.Color(
                "grade:N",
                title=titles["grade"],
                scale=alt.Scale(domain=list(grades), range=grade_colours(grades)),
                legend=alt.Legend(orient="top", labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("month_text:N", title=titles["month"]),
                alt.Tooltip("row:N", title=titles["item"]),
                alt.Tooltip("item_text:N", title=" "),
                alt.Tooltip("grade:N", title=titles["grade"]),
            ],
        )
        .properties(height=rows * GRADE_ROW_PX + GRADE_CHROME_PX)
    )


def verdict_scale(labels: dict[str, str]) -> alt.Scale:
    """A colour scale over translated verdicts, in :data:`VERDICT_COLOURS`."""
    return alt.Scale(domain=[labels[v] for v in VERDICT_COLOURS], range=list(VERDICT_COLOURS.values()))


YEAR_LABELS_FROM = 9
"""From this many quarters a panel's axis names each year once: a label per quarter ran
into its neighbours (40 quarters in 120 px), and each was a node the browser laid out."""


def _period_axis(frame: pd.DataFrame) -> alt.Axis:
    """The period axis of :func:`build_minimum_chart`: every period, or, for
    :data:`YEAR_LABELS_FROM` quarters and more, the year at each year's first quarter shown
    (the tooltip names the quarter)."""
    periods = frame.drop_duplicates("period_order").sort_values("period_order")
    if len(periods) < YEAR_LABELS_FROM or (periods["period_order"] % 10 == 0).all():
        return alt.Axis(labelAngle=-90)
    firsts = periods.groupby(periods["period_order"] // 10, sort=True)["period_short"].first()
    return alt.Axis(labelAngle=-90, values=list(firsts), labelExpr="slice(datum.value, 0, 4)")


def build_minimum_chart(
    frame: pd.DataFrame, verdict_labels: dict[str, str], titles: dict[str, str]
) -> alt.FacetChart:
    """One panel per measure: a bar per period coloured by its verdict, and a black tick at
    the minimum the indicators set (none for measures without one).

    ``frame`` is :func:`ui.community_tables.activity_frame`; ``titles`` holds 'period',
    'value', 'minimum', 'verdict' and 'months'.
    """
    base = alt.Chart().encode(
        x=alt.X(
            "period_short:N",
            title=None,
            sort=alt.EncodingSortField("period_order"),
            axis=_period_axis(frame),
        )
    )
    bars = base.mark_bar().encode(
        y=alt.Y("value:Q", axis=count_axis(titles["value"]), scale=COUNT_SCALE),
        color=alt.Color(
            "verdict_label:N",
            title=titles["verdict"],
            scale=verdict_scale(verdict_labels),
            legend=alt.Legend(orient="top", labelLimit=320, columns=LEGEND_COLUMNS),
        ),
        tooltip=[
            alt.Tooltip("period:N", title=titles["period"]),
            alt.Tooltip("value:Q", title=titles["value"]),
            alt.Tooltip("minimum:Q", title=titles["minimum"]),
            alt.Tooltip("verdict_label:N", title=titles["verdict"]),
            alt.Tooltip("months_text:N", title=titles["months"]),
        ],
    )
    ticks = (
        base.transform_filter("isValid(datum.minimum)")
        .mark_tick(color=TARGET_MARK, thickness=2)
        # The bars' own scale: with a scale of its own, a minimum above every bar (4
        # inspections a year, 2 made) fell outside its panel, which then drew apart from
        # its title.
        .encode(y=alt.Y("minimum:Q", scale=COUNT_SCALE))
    )
    wrapped, facet = _wrapped_facet(frame)
    # At most 28 px a period: a year or two of bars would be fat in a whole panel.
    width = min(PANEL_WIDTH, 28 * max(1, frame["period"].nunique()))
    return (
        alt.layer(bars, ticks, data=wrapped)
        .properties(width=width, height=160)
        .facet(facet=facet, columns=3)
        .resolve_scale(y="independent", x="independent")
    )


def build_rate_chart(
    frame: pd.DataFrame, verdict_labels: dict[str, str], titles: dict[str, str], lang: str
) -> alt.FacetChart:
    """Participation and satisfaction month by month: a line, points coloured by verdict,
    a black dashed rule at the minimum and a red dotted one at the fail line.

    ``frame`` is :func:`ui.community_tables.rate_frame`.
    """
    base = alt.Chart().encode(x=alt.X("month:T", title=None, axis=alt.Axis(format=month_format(lang))))
    line = base.mark_line(color=NO_RULE_COLOUR).encode(
        y=alt.Y("value:Q", title=titles["rate"], scale=alt.Scale(domain=[0, 100]))
    )
    points = base.mark_point(filled=True, size=36, opacity=1).encode(
        y="value:Q",
        color=alt.Color(
            "verdict_label:N",
            title=titles["verdict"],
            scale=verdict_scale(verdict_labels),
            legend=alt.Legend(orient="top", labelLimit=320, columns=LEGEND_COLUMNS),
        ),
        tooltip=[
            alt.Tooltip("month_text:N", title=titles["month"]),
            alt.Tooltip("value:Q", title=titles["rate"], format=".1f"),
            alt.Tooltip("verdict_label:N", title=titles["verdict"]),
        ],
    )
    minimum = alt.Chart().mark_rule(color=TARGET_MARK, strokeDash=[4, 3]).encode(y="max(minimum):Q")
    fail = (
        alt.Chart().mark_rule(color=STATUS_COLOURS["missed"], strokeDash=[1, 2]).encode(y="max(fail_below):Q")
    )
    wrapped, facet = _wrapped_facet(frame)
    return (
        alt.layer(line, points, minimum, fail, data=wrapped)
        .properties(width=2 * PANEL_WIDTH - 10, height=180)
        .facet(facet=facet, columns=2)
    )


def build_outcome_chart(frame: pd.DataFrame, titles: dict[str, str]) -> alt.FacetChart:
    """Accidents and injuries per year, stacked by safety domain, one panel each.

    ``frame`` is :func:`ui.community_tables.outcome_frame`.
    """
    domains = list(dict.fromkeys(frame.sort_values("domain_seq")["domain"]))
    wrapped, facet = _wrapped_facet(frame, sort=False)
    return (
        alt.Chart(wrapped)
        .mark_bar()
        .encode(
            x=alt.X("year:N", title=titles["year"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(count):Q", axis=count_axis(titles["count"]), scale=COUNT_SCALE),
            color=alt.Color(
                "domain:N",
                title=titles["domain"],
                sort=domains,
                scale=alt.Scale(domain=domains, scheme=DOMAIN_SCHEME),
                legend=alt.Legend(orient="top", labelLimit=320, columns=LEGEND_COLUMNS),
            ),
            order=alt.Order("domain_seq:Q"),
            tooltip=[
                alt.Tooltip("year:N", title=titles["year"]),
                alt.Tooltip("domain:N", title=titles["domain"]),
                alt.Tooltip("count:Q", title=titles["count"]),
            ],
        )
        .properties(width=min(2 * PANEL_WIDTH - 10, 40 * max(1, frame["year"].nunique())), height=220)
        .facet(facet=facet, columns=2)
    )


def build_hazard_chart(frame: pd.DataFrame, titles: dict[str, str]) -> alt.Chart:
    """Hazards found and rectified per quarter, side by side.

    ``frame`` is :func:`ui.community_tables.hazard_frame`.
    """
    kinds = list(dict.fromkeys(frame["kind"]))
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "period_short:N",
                title=None,
                sort=alt.EncodingSortField("period_order"),
                axis=alt.Axis(labelAngle=-90),
            ),
            xOffset=alt.XOffset("kind:N", sort=kinds),
            y=alt.Y("count:Q", axis=count_axis(titles["count"]), scale=COUNT_SCALE),
            color=alt.Color(
                "kind:N", title=None, sort=kinds, scale=alt.Scale(domain=kinds, range=list(HAZARD_COLOURS))
            ),
            tooltip=[
                alt.Tooltip("period:N", title=titles["period"]),
                alt.Tooltip("kind:N", title=" "),
                alt.Tooltip("count:Q", title=titles["count"]),
            ],
        )
        .properties(height=220)
    )


def build_money_chart(frame: pd.DataFrame, titles: dict[str, str], lang: str) -> alt.Chart:
    """Subsidy received and funds spent to date, in 万元, month by month.

    ``frame`` is :func:`ui.community_tables.money_frame`.
    """
    series = list(dict.fromkeys(frame["series"]))
    return (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format=month_format(lang))),
            # Two decimals at most: an all-zero series read "0.000000" with Vega's default.
            y=alt.Y("wan:Q", axis=alt.Axis(title=titles["amount"], format=",.2~f"), scale=COUNT_SCALE),
            color=alt.Color(
                "series:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series, range=list(COMMUNITY_MONEY_COLOURS)),
            ),
            tooltip=[
                alt.Tooltip("month_text:N", title=titles["month"]),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("text:N", title=titles["amount"]),
            ],
        )
        .properties(height=220)
    )
