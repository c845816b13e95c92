"""Overview charts: progress of each region against a target, and units by stage."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import COUNT_SCALE, STATUS_ORDER, TARGET_MARK, count_axis, status_scale


def target_chart_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A target's assessed rows as the chart draws them: counties first, then the total
    (marked ∑ when there are counties above it); money in 万元."""
    ordered = pd.concat([rows[rows["role"] == "child"], rows[rows["role"] == "scope"]])
    scale = 10000 if ordered["shape"].iloc[0] == "budget" else 1
    names = ordered[f"region_{lang}"].fillna(ordered["region_zh"])
    return pd.DataFrame(
        {
            "region": [
                name + (" ∑" if role == "scope" and len(ordered) > 1 else "")
                for name, role in zip(names, ordered["role"], strict=True)
            ],
            "achieved": (ordered["achieved"] / scale).to_numpy(),
            "required": (ordered["required"] / scale).to_numpy(),
            "status": ordered["status"].to_numpy(),
        }
    )


def build_target_chart(rows: pd.DataFrame, labels: dict[str, str], unit: str) -> alt.LayerChart:
    """One bar per region for what it achieved, coloured by status, with the required
    figure marked by a black tick.

    ``rows`` has columns region, achieved, required, status (met/on_track/at_risk/missed);
    ``labels`` translates statuses; ``unit`` names the axis (units, 万元).
    """
    frame = rows.assign(status_label=rows["status"].map(labels))
    base = alt.Chart(frame).encode(
        y=alt.Y("region:N", sort=list(frame["region"]), title=None),
    )
    bars = base.mark_bar(height={"band": 0.6}).encode(
        x=alt.X("achieved:Q", title=unit, axis=alt.Axis(tickMinStep=1, format="~s")),
        # Two columns: four statuses in one row do not fit a narrow chart ("At risl", no "Missed").
        color=alt.Color(
            "status_label:N",
            scale=status_scale(labels),
            # Only the statuses drawn, in two columns: five labels do not fit a narrow chart's width.
            legend=alt.Legend(
                title=None,
                orient="top",
                columns=2,
                values=[labels[s] for s in STATUS_ORDER if s in set(rows["status"])],
            ),
        ),
        tooltip=[
            alt.Tooltip("region:N"),
            alt.Tooltip("achieved:Q", format=",.4~f"),
            alt.Tooltip("required:Q", format=",.4~f"),
            alt.Tooltip("status_label:N"),
        ],
    )
    ticks = base.mark_tick(color=TARGET_MARK, thickness=3, size=22).encode(x="required:Q")
    return alt.layer(bars, ticks).properties(height=alt.Step(30))


def build_stage_chart(stages: pd.DataFrame, title: str, scale: alt.Scale) -> alt.Chart:
    """Units by stage reached, in stage order, as one stacked bar per county-level unit,
    in the stage colours of every page (``scale``, :func:`ui.charts.stage_scale`) and
    the counties in code order, as in the target charts below it.

    ``stages`` has columns county, county_code, stage (label), stage_seq, units.
    """
    counties = list(stages.sort_values("county_code")["county"].drop_duplicates())
    return (
        alt.Chart(stages)
        .mark_bar()
        .encode(
            x=alt.X("sum(units):Q", axis=count_axis(title), scale=COUNT_SCALE),
            y=alt.Y("county:N", title=None, sort=counties),
            color=alt.Color("stage:N", scale=scale, legend=alt.Legend(title=None, orient="top", columns=5)),
            order=alt.Order("stage_seq:Q"),
            tooltip=["county:N", "stage:N", "units:Q"],
        )
        .properties(height=alt.Step(26))
    )
