"""总览 Overview: headline figures for the chosen region and month with their change from
the month before, units by stage, and every target classed met / on track / at risk /
missed, per county-level unit, with the forecast at the current pace."""

import datetime as dt

import pandas as pd
import streamlit as st

from data_access.attainment import target_progress
from data_access.catalogue import stage_names
from data_access.programmes import programmes_within
from data_access.progress import reporting_status
from data_access.stages import stage_counts
from data_access.subsidies import subsidy_totals
from data_access.target_history import target_history
from data_access.titles import titles_held
from data_access.units import community_choices
from oversight.attainment import assess_targets
from oversight.forecast import forecast_targets
from oversight.formatting import format_count, format_date, format_month, format_wan
from oversight.reporting import months_judged, owed_by_programme
from ui import data, frame
from ui.charts import STATUS_BADGES, STATUS_ORDER, stage_scale
from ui.charts.draw import draw_chart, draw_table
from ui.charts.overview import build_stage_chart, build_target_chart, target_chart_frame
from ui.overview_tiles import (
    Tile,
    money_note,
    money_tiles,
    reporting_tiles,
    stage_tiles,
    title_tiles,
    units_behind,
)
from ui.tables import needed_text, status_summary, style_status, target_headlines, target_table

chosen = frame.current()
t = chosen.t

lang, region, as_of = chosen.lang, chosen.region, chosen.as_of
region_name = chosen.name(region)
st.title(t("overview.header", city=region_name))
st.caption(t("overview.caption", as_of=format_month(chosen.month, lang)))

programmes = data.reference(programmes_within, region)
if chosen.programme is not None:
    programmes = programmes[programmes["code"] == chosen.programme["code"]]
if programmes.empty:
    st.info(t("overview.no_programmes", city=region_name))
    st.stop()
first_start, last_end = min(programmes["start_date"]), max(programmes["end_date"])
if as_of < first_start:
    st.info(
        t(
            "overview.before_start",
            month=format_month(chosen.month, lang),
            start=format_date(first_start, lang),
        )
    )
elif chosen.month > last_end:
    st.caption(t("overview.after_end", end=format_month(last_end, lang)))

previous_end = chosen.month - dt.timedelta(days=1)
stages = data.fetch(stage_counts, region, (as_of, previous_end), chosen.programme_id)
stages_now, stages_before = stages[stages["day"] == as_of], stages[stages["day"] == previous_end]
if stages_now.empty:
    st.info(t("overview.no_units", region=region_name))

judged_months = months_judged(chosen.month)
reported_month, month_before = judged_months
reports = pd.DataFrame(columns=["unit_code", "month", "status"])
for p in programmes.itertuples():
    owed = owed_by_programme(judged_months, p.start_date, p.end_date)
    if owed:
        found = data.fetch(reporting_status, int(p.id), int(p.report_deadline_day), owed, region)
        reports = pd.concat([reports, found]) if not reports.empty else found
reports_now = reports[reports["month"] == reported_month]
reports_before = reports[reports["month"] == month_before]
money = data.fetch(subsidy_totals, region, (as_of, previous_end), chosen.programme_id)


def draw_tile(label: str, tile: Tile) -> None:
    """One headline tile, as wide as its text so that no figure is ever cut off; money in
    万元 with the unit in the label, so "668.6" fits where "¥6,686,000" did not."""
    if tile.money:
        label = t("overview.tile.in_wan", label=label)
    shown = format_wan(tile.value) if tile.money else format_count(tile.value)
    change = None
    if tile.delta:
        change = ("+" if tile.delta > 0 else "") + (
            format_wan(tile.delta) if tile.money else format_count(tile.delta)
        )
    colour = "off" if tile.money else "inverse" if tile.fewer_is_better else "normal"
    st.metric(label, shown, change, delta_color=colour, width="content")


# Tiles wrap onto as many rows as the screen needs (four or five a row at 1024 px, all of a
# group on one row at 1920 px) instead of shrinking into columns that cut their figures.
with st.container(key="overview-tiles"):
    with st.container(horizontal=True, gap="large", key="overview-tiles-units"):
        for tile in stage_tiles(stages_now, stages_before):
            draw_tile(t(tile.key), tile)
        held = data.fetch(titles_held, region, (as_of, previous_end))
        titles = title_tiles(held[held["day"] == as_of], held[held["day"] == previous_end], lang)
        if not titles:
            st.metric(t("overview.no_titles"), "0", width="content")
        for level, tile in titles:
            draw_tile(t(tile.key, level=level), tile)
        for tile in reporting_tiles(reports_now, reports_before):
            draw_tile(t(tile.key), tile)
    with st.container(horizontal=True, gap="large", key="overview-tiles-money"):
        for tile in money_tiles(money.loc[as_of], money.loc[previous_end]):
            draw_tile(t(tile.key), tile)
    st.caption(t("overview.tiles.change", month=format_month(reported_month, lang)))
    st.caption(money_note(money.loc[as_of], lang))
    behind = units_behind(reports_now, data.reference(community_choices, region, chosen.programme_id), lang)
    if not behind.empty:
        counts = behind["status"].value_counts()
        with st.expander(
            t("overview.behind", missing=int(counts.get("missing", 0)), late=int(counts.get("late", 0))),
            key="overview-behind",
        ):
            st.markdown(
                "\n".join(
                    "- "
                    + t(
                        "overview.behind.row",
                        status=t(f"overview.report.{row.status}"),
                        county=row.county,
                        unit=row.unit,
                        code=row.code,
                    )
                    for row in behind.itertuples()
                )
            )


if not stages_now.empty:
    with st.container(key="overview-stages"):
        st.subheader(t("overview.stages"))
        stage_frame = stages_now.assign(
            county=stages_now[f"county_{lang}"].fillna(stages_now["county_zh"]),
            stage=stages_now[f"stage_{lang}"],
        )
        present = data.reference(stage_names)
        present = present[present["code"].isin(stages_now["stage_code"])]
        draw_chart(
            build_stage_chart(stage_frame, t("overview.units_axis"), stage_scale(present, lang)),
            theme=None,
            width="stretch",
        )

assessed = assess_targets(data.fetch(target_progress, as_of, region))
assessed = assessed[assessed["programme_code"].isin(programmes["code"])]
forecast = forecast_targets(assessed, data.fetch(target_history, as_of, region), as_of)
headlines = target_headlines(forecast)
met = int(headlines["met"].sum())
with st.container(key="overview-summary"):
    st.metric(t("overview.targets_met"), f"{met} / {len(headlines)}")
    st.caption(status_summary(headlines["status"], lang))

status_labels = {status: t(f"status.{status}") for status in STATUS_ORDER}
for programme in programmes.itertuples():
    with st.container(border=True, key=f"programme-{programme.code}"):
        st.subheader(
            t(
                "overview.programme",
                name=getattr(programme, f"name_{lang}"),
                start=format_month(programme.start_date, lang),
                end=format_month(programme.end_date, lang),
            )
        )
        st.caption(t("overview.source", source=(lang == "en" and programme.source_en) or programme.source))
        targets = forecast[forecast["programme_code"] == programme.code]
        if targets.empty:
            st.info(t("overview.no_targets"))
        for target_id, rows in targets.groupby("target_id", sort=False):
            first = rows.iloc[0]
            scope = headlines.set_index("target_id").loc[target_id]
            level = first[f"level_{lang}"]
            st.markdown(
                f"**{t('overview.target', code=first['target_code'], description=first[f'description_{lang}'])}**"
                f"　:{STATUS_BADGES[scope['status']]}-badge[{status_labels[scope['status']]}]"
            )
            st.caption(
                t(
                    "overview.target_meta",
                    shape=t(f"shape.{first['shape']}"),
                    level=level if isinstance(level, str) else t("level.none"),
                    due=format_date(first["due_date"], lang),
                    judged=format_date(first["judged_on"], lang),
                )
            )
            budget = first["shape"] == "budget"
            need = needed_text(scope["needed_per_month"], scope["months_left"], budget, lang)
            if scope["status"] == "not_started":
                st.caption(t("overview.not_started", need=need))
            elif scope["status"] in ("on_track", "at_risk"):
                if pd.notna(scope["projected_date"]):
                    st.caption(
                        t("overview.forecast", date=format_date(scope["projected_date"], lang), need=need)
                    )
                else:
                    st.caption(t("overview.stalled", need=need))
            chart_rows = target_chart_frame(rows, lang)
            # Chart above table, each the page's width: side by side, long county names left
            # the bars no room and the table scrolled sideways at 1024 px.
            draw_chart(
                build_target_chart(
                    chart_rows, status_labels, t("overview.money_axis" if budget else "overview.units_axis")
                ),
                theme=None,
                width="stretch",
                key=f"chart-{target_id}",
            )
            draw_table(
                style_status(target_table(rows, lang), lang),
                hide_index=True,
                height="content",
                key=f"target-{target_id}",
            )
