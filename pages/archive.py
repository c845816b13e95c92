"""通报存档 Circular archive: every circular the sidebar region has issued, newest first,
with its 文号, month, date, issuer and version; for the one chosen its stored files and,
for a correction, what changed against the version it supersedes.

Everything drawn comes from ``ui.views.archive``."""

import streamlit as st

from ui import frame
from ui.charts.draw import draw_table
from ui.views.archive import archive_detail, archive_view

chosen = frame.current()
t = chosen.t
view = archive_view(chosen)
st.title(view.title)
st.caption(view.caption)
if view.empty:
    st.info(view.empty)
    st.stop()

draw_table(view.table, key="archive-table", hide_index=True)

with st.container(key="archive-detail"):
    chosen_id = st.selectbox(
        t("archive.choose"), list(view.options), format_func=view.options.get, key="archive-choice", width=480
    )
    detail = archive_detail(chosen, chosen_id)
    st.markdown(detail.text)
    if detail.superseded_note:
        st.warning(detail.superseded_note)
    if detail.reason:
        st.markdown(detail.reason)
    with st.container(horizontal=True):
        for file in detail.downloads:
            st.download_button(
                file.label,
                data=file.make or b"",
                file_name=file.file_name,
                mime=file.mime,
                disabled=file.make is None,
                on_click="ignore",
                key=f"archive-download-{file.kind}",
            )
    for file in detail.downloads:
        if file.note:
            st.caption(file.note)
    if detail.changes_title:
        st.subheader(detail.changes_title)
        if detail.changes is None:
            st.caption(detail.no_changes)
        else:
            draw_table(detail.changes, key="archive-changes", hide_index=True)
