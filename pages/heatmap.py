"""指标热力图 Indicator heatmap: every unit's latest self-assessment against the 12 first-level
indicators (expandable to the 45 items), county averages, and the hard rules not met.
Selecting a unit opens its page."""

import streamlit as st

from data_access.catalogue import indicator_items
from data_access.hard_rules import hard_rule_measures, hard_rule_names
from data_access.programmes import programmes_within
from data_access.regions import county_units
from data_access.schemes import grading_scheme
from data_access.scores import county_indicator_scores, current_indicator_scores, current_item_scores
from oversight.formatting import format_month
from oversight.hard_rules import judge_hard_rules
from ui import data, filters, frame
from ui.charts.draw import draw_chart
from ui.charts.heatmap import build_grid_chart
from ui.heatmap_tables import (
    ALL_ITEMS,
    BREACHES,
    COUNTIES_VIEW,
    NO_DETAIL,
    SORT_NAME,
    SORT_SCORE,
    VIEW_PARAMS,
    HeatmapView,
    county_cells,
    indicator_cells,
    item_cells,
    rule_marks,
    shown_value,
    style_stale,
    unit_from_chart_selection,
    unit_from_table_selection,
    unit_labels,
    unit_order,
    units_table,
    view_from_params,
    view_options,
    view_params,
    violations_table,
)

COMMUNITY_PAGE = "pages/community.py"
WIDGETS = {
    "view": "heatmap-view",
    "sort": "heatmap-sort",
    "detail": "heatmap-detail",
    "low": "heatmap-lowest-first",
}
CONTROL_PX = 280  # wide enough for "By indicator 11 (Corrective)" and "按指标 3（风险辨识）"
SYNCED = "heatmap-view-in-url"  # the view parameters this page last read from or wrote to the URL


def _sync_from_url(indicators) -> None:
    """Set the view's widgets from the URL when it names a view this page has not shown
    (a link, the browser's Back), saying which values it could not show; a widget the
    last run did not draw (the expansion, hidden in the county view) takes its value
    from the URL too."""
    params = {name: st.query_params.get(name) for name in VIEW_PARAMS}
    params = {name: value for name, value in params.items() if value is not None}
    changed = params != st.session_state.get(SYNCED)
    view, rejected = view_from_params(params, indicators)
    values = {"view": view.view, "sort": view.sort, "detail": view.detail, "low": view.lowest_first}
    for name, value in values.items():
        key = WIDGETS[name]
        # Assigned even when unchanged, as in ui.filters.url_choice: a widget's id can
        # differ between the first runs of a fresh server, and an assigned value reaches it.
        keep = not changed and key in st.session_state
        st.session_state[key] = st.session_state[key] if keep else value
    if changed:
        for name, value in rejected.items():
            st.warning(t(f"heatmap.unknown_{name}", value=shown_value(value)))
    st.session_state[SYNCED] = params


def _sync_to_url(view: HeatmapView) -> None:
    """Write the view to the URL, only the parameters that differ from the plain view."""
    params = view_params(view)
    for name in VIEW_PARAMS:
        if name in params:
            st.query_params[name] = params[name]
        else:
            st.query_params.pop(name, None)
    st.session_state[SYNCED] = params


chosen = frame.current()
t = chosen.t

lang, month, region = chosen.lang, chosen.month, chosen.region
region_name = chosen.name(region)
month_text = format_month(month, lang)
st.title(t("heatmap.header", region=region_name))

programmes = data.reference(programmes_within, region)
if chosen.programme is not None:
    programmes = programmes[programmes["code"] == chosen.programme["code"]]
if programmes.empty:
    st.info(t("heatmap.no_programmes", region=region_name))
    st.stop()
start = min(programmes["start_date"]).replace(day=1)
if month < start:
    st.info(t("heatmap.before_start", month=month_text, start=format_month(start, lang)))
    st.stop()

judged = judge_hard_rules(data.fetch(hard_rule_measures, region, month, chosen.programme_id))
roster = judged.drop_duplicates("unit_code")[["unit_code", "unit_zh", "unit_en", "county_id"]]
if roster.empty:
    st.info(t("heatmap.no_units", region=region_name))
    st.stop()

counties = data.reference(county_units, chosen.city)
county_names = dict(zip(counties["id"], counties[f"name_{lang}"].fillna(counties["name_zh"]), strict=True))
labels = unit_labels(roster, county_names, lang)
catalogue = data.reference(indicator_items)
indicators = catalogue.drop_duplicates("indicator_seq")
indicator_names = dict(zip(indicators["indicator_seq"], indicators[f"indicator_{lang}"], strict=True))
item_names = dict(zip(catalogue["item_code"], catalogue[f"item_{lang}"], strict=True))
rules = data.reference(hard_rule_names)

schemes = programmes["scheme_id"].unique()
scheme_name = t("heatmap.scheme_mixed")
if len(schemes) == 1:
    scheme = data.reference(grading_scheme, int(schemes[0]))
    if not scheme.empty:
        scheme_name = (
            f"“{scheme[f'name_{lang}'].iloc[0]}”" if lang == "zh" else scheme[f"name_{lang}"].iloc[0]
        )
st.caption(t("heatmap.caption", month=month_text, scheme=scheme_name))
end = max(programmes["end_date"]).replace(day=1)
if month > end:
    st.caption(t("heatmap.after_end", end=format_month(end, lang), month=month_text))

wide = data.fetch(current_indicator_scores, region, month, chosen.programme_id)
breaches = judged[judged["verdict"].isin(BREACHES)]
with st.container(key="heatmap-summary", horizontal=True):
    st.metric(t("heatmap.metric_units"), len(roster))
    st.metric(t("heatmap.metric_assessed"), len(wide))
    st.metric(t("heatmap.metric_stale"), int((wide["assessed_month"] < month).sum()))
    st.metric(t("heatmap.metric_violations"), len(breaches))

chart_labels = {
    "score": t("heatmap.legend_score"),
    "rule": t("heatmap.legend_rule"),
    "violated": t("heatmap.verdict_violated"),
    "failed": t("heatmap.verdict_failed"),
    "row": t("heatmap.col_unit"),
}
selected = None
order: list[str] = []
shown = HeatmapView()
if wide.empty:
    st.info(t("heatmap.no_assessments", month=month_text, region=region_name, units=len(roster)))
else:
    _sync_from_url(indicator_names)
    with st.container(key="heatmap-controls", horizontal=True):
        options = view_options(indicator_names)
        view = st.segmented_control(
            t("heatmap.view"),
            options["view"],
            format_func=lambda key: t(f"heatmap.view_{key}"),
            required=True,
            key=WIDGETS["view"],
        )
        sort_by = st.selectbox(
            t("heatmap.sort"),
            options["sort"],
            format_func=lambda key: (
                t(f"heatmap.sort_{key}")
                if key in (SORT_SCORE, SORT_NAME)
                else t("heatmap.sort_indicator", seq=key, name=t(f"heatmap.short_{key}").split(" ", 1)[1])
            ),
            key=WIDGETS["sort"],
            width=CONTROL_PX,
        )
        detail = st.session_state.get(WIDGETS["detail"], NO_DETAIL)
        if view != COUNTIES_VIEW:
            detail = st.selectbox(
                t("heatmap.detail"),
                options["detail"],
                format_func=lambda key: (
                    t(f"heatmap.detail_{key}")
                    if key in (NO_DETAIL, ALL_ITEMS)
                    else t("heatmap.detail_indicator", seq=key, name=indicator_names[int(key)])
                ),
                key=WIDGETS["detail"],
                width=CONTROL_PX,
            )
        lowest_first = st.toggle(t("heatmap.lowest_first"), key=WIDGETS["low"])
    shown = HeatmapView(view, sort_by, detail, lowest_first)
    _sync_to_url(shown)

    order = unit_order(wide, sort_by, lowest_first)
    if view == COUNTIES_VIEW:
        with st.container(key="heatmap-counties"):
            st.subheader(t("heatmap.county_title"))
            averages = data.fetch(county_indicator_scores, region, month, chosen.programme_id)
            cells, county_order = county_cells(averages, indicator_names, sort_by, lowest_first, lang)
            draw_chart(
                build_grid_chart(cells, county_order, chart_labels | {"row": t("heatmap.col_county")}, False),
                width="stretch",
                key="heatmap-county-chart",
            )
            st.caption(t("heatmap.county_caption"))
    else:
        with st.container(key="heatmap-grid"):
            st.subheader(t("heatmap.grid_title"))
            marks = rule_marks(judged, rules, "indicator_seq")
            cells = indicator_cells(wide, order, labels, indicator_names, marks, month, lang)
            event = draw_chart(
                build_grid_chart(cells, order, chart_labels),
                width="stretch",
                key="heatmap-grid-chart",
                on_select="rerun",
                selection_mode="unit",
            )
            selected = unit_from_chart_selection(event.selection)
            st.caption(t("heatmap.legend_caption"))
        if detail != NO_DETAIL:
            with st.container(key="heatmap-items"):
                indicator = None if detail == ALL_ITEMS else int(detail)
                st.subheader(
                    t("heatmap.items_all_title")
                    if indicator is None
                    else t("heatmap.items_title", name=f"{indicator}. {indicator_names[indicator]}")
                )
                items = data.fetch(current_item_scores, region, month, chosen.programme_id, indicator)
                cells = item_cells(
                    items,
                    wide,
                    order,
                    labels,
                    item_names,
                    rule_marks(judged, rules, "item_code"),
                    None if indicator is None else (indicator, t(f"heatmap.short_{indicator}")),
                    lang,
                )
                event = draw_chart(
                    build_grid_chart(cells, order, chart_labels, label_angle=-90 if indicator is None else 0),
                    width="stretch",
                    key="heatmap-items-chart",
                    on_select="rerun",
                    selection_mode="unit",
                )
                selected = selected or unit_from_chart_selection(event.selection)
        st.caption(t("heatmap.select_hint"))

with st.container(key="heatmap-violations"):
    st.subheader(t("heatmap.violations_title"))
    if breaches.empty:
        st.caption(t("heatmap.no_violations", month=month_text))
    else:
        # Read whole: a table that wraps its texts rather than a frame that cuts them.
        st.table(
            violations_table(judged, rules, labels, county_names, lang), hide_index=True, border="horizontal"
        )
    not_judged = int((judged["verdict"] == "not_judged").sum())
    if not_judged:
        st.caption(t("heatmap.not_judged", count=not_judged))

with st.container(key="heatmap-units"):
    st.subheader(t("heatmap.units_title"))
    table, codes, stale = units_table(
        wide, roster, order, labels, county_names, judged, month, shown.sort, lang
    )
    event = st.dataframe(
        style_stale(table, stale, lang),
        hide_index=True,
        key="heatmap-units-table",
        on_select="rerun",
        selection_mode="single-row",
    )
    selected = selected or unit_from_table_selection(event.selection.rows, codes)

if selected is not None:
    keep = filters.sidebar_params(st.query_params.to_dict()) | view_params(shown)
    st.switch_page(COMMUNITY_PAGE, query_params={**keep, "unit": selected})
