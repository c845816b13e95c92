"""总览 Overview: every target of the chosen city, with required and achieved figures and
met / not met, per county-level unit, as of the chosen month."""

import streamlit as st

from data_access.attainment import target_progress
from data_access.programmes import programmes_within
from oversight.attainment import assess_targets
from oversight.formatting import format_date, format_month
from ui import data, filters
from ui.tables import style_status, target_table

chosen = filters.current()
t = chosen.t
if chosen.city is None:
    st.info(t("filter.no_cities"))
    st.stop()

lang = chosen.lang
city_name = chosen.name(chosen.region)
st.title(t("overview.header", city=city_name))
st.caption(t("overview.caption", as_of=format_month(chosen.month, lang)))

programmes = data.fetch(programmes_within, chosen.region)
if chosen.programme is not None:
    programmes = programmes[programmes["code"] == chosen.programme["code"]]
if programmes.empty:
    st.info(t("overview.no_programmes", city=city_name))
    st.stop()
assessed = assess_targets(data.fetch(target_progress, chosen.as_of, chosen.region))
assessed = assessed[assessed["programme_code"].isin(programmes["code"])]

scopes = assessed[assessed["role"] == "scope"]
met = int(scopes["met"].sum())
with st.container(key="overview-summary"):
    st.metric(t("overview.targets_met"), f"{met} / {len(scopes)}")
    st.caption(t("overview.summary", total=len(scopes), met=met, missed=len(scopes) - met))

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
        st.caption(t("overview.source", source=programme.source))
        targets = assessed[assessed["programme_code"] == programme.code]
        if targets.empty:
            st.info(t("overview.no_targets"))
        for target_id, rows in targets.groupby("target_id", sort=False):
            first = rows.iloc[0]
            level = first[f"level_{lang}"]
            st.markdown(
                f"**{t('overview.target', code=first['target_code'], description=first[f'description_{lang}'])}**"
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
            st.dataframe(
                style_status(target_table(rows, lang), lang), hide_index=True, key=f"target-{target_id}"
            )
