"""审计日志 Audit trail: every sign-in and every change, searched by user, event, dates and
region, newest first, with a CSV of what is shown.  For users holding ``read_audit``:
staff see their regions' events, administrators also those about no region.

Everything drawn comes from ``ui.views.audit``."""

import streamlit as st

from oversight.i18n import translate
from ui import auth, data, frame
from ui.views.audit import AuditSearch, audit_regions, audit_view, kind_names

chosen = frame.current(needs_city=False)
t = chosen.t
scope = auth.current_scope()
st.title(t("audit.header"))
if not scope.can("read_audit"):
    st.error(translate("access.refused", chosen.lang))
    st.stop()
st.caption(t("audit.caption"))
if not scope.can("manage_users"):
    st.caption(t("audit.caption_staff"))

engine = data.engine()
kinds = kind_names(chosen.lang)
regions = audit_regions(engine, scope, chosen.lang)
with st.container(horizontal=True, key="audit-search"):
    user = st.text_input(t("audit.user"), help=t("audit.user_help"), key="audit-user", width=180)
    picked = st.multiselect(
        t("audit.kinds"),
        list(kinds),
        format_func=kinds.__getitem__,
        placeholder=t("audit.kinds_placeholder"),
        key="audit-kinds",
        width=320,
    )
    since = st.date_input(t("audit.since"), value=None, key="audit-since", width=150)
    until = st.date_input(t("audit.until"), value=None, key="audit-until", width=150)
    region = st.selectbox(
        t("audit.region"), list(regions), format_func=regions.__getitem__, key="audit-region", width=220
    )

view = audit_view(engine, scope, AuditSearch(user, tuple(picked), since, until, region), chosen.lang)
if view.problem:
    st.error(view.problem)
    st.stop()
with st.container(key="audit-results"):
    st.caption(view.summary)
    if view.capped:
        st.info(view.capped)
    if view.table is not None:
        st.dataframe(view.table, hide_index=True, width="stretch")
        st.download_button(
            t("audit.download"),
            data=view.csv,
            file_name=t("audit.file"),
            mime="text/csv",
            on_click="ignore",
            key="audit-download",
        )
