"""月度通报 Monthly circular: the sidebar region's ranking of the month's reports as a
circular (总体情况, rankings, 红黑榜, 存在问题, 下步工作要求), each rank explained, the
Excel, Word and PDF files, and issuing (印发) it, or a correction of an issued one.

An issued month shows what was frozen at issuing, with a switch to the draft from
today's data and what changed.  Everything drawn comes from ``ui.views.circular``."""

import streamlit as st

from data_access.circulars import IssueError
from oversight.access import OutOfScope
from ui import frame
from ui.auth import current_scope
from ui.charts.draw import draw_chart, draw_table
from ui.views.circular import (
    circular_view,
    downloads,
    draft_changes,
    explanation,
    issue_form,
    issue_now,
    may_issue,
    preview,
    shown_circular,
)

DONE = "circular-issued-number"  # the 文号 just issued, said once after the rerun


def _requirements_box(key: str, default: str, label: str) -> str:
    """The editable 下步工作要求, its first value the generated draft (or the issued text)."""
    if key not in st.session_state:
        st.session_state[key] = default
    return st.text_area(label, key=key, height=220)


def _issue_section(view, requirements: str) -> None:
    t = view.chosen.t
    form = issue_form(view.chosen, view)
    heading = t("circular_page.section_correct") if form.correction else t("circular_page.section_issue")
    with st.container(key="circular-issue"):
        st.subheader(heading)
        if form.correction:
            st.caption(t("circular_page.correct_intro"))
        with st.form(f"circular-issue-form-{view.key}"):
            st.markdown(form.office_text)
            new_office = None
            if form.office is None:
                new_office = {
                    "name_zh": st.text_input(t("circular_page.office_name")),
                    "abbreviation": st.text_input(t("circular_page.office_abbreviation")),
                    "addressees": st.text_input(t("circular_page.office_addressees")),
                    "copy_to": st.text_input(t("circular_page.office_copy_to")),
                }
            else:
                st.markdown(form.number_text)
            issued_on = st.date_input(t("circular_page.issued_on"), value=form.issued_on, width=200)
            st.caption(t("circular_page.issued_as", user=scope.user))
            reason = st.text_area(t("circular_page.correct_reason"), height=80) if form.correction else None
            confirmed = st.checkbox(t("circular_page.confirm"))
            label = t("circular_page.correct_button") if form.correction else t("circular_page.issue_button")
            submitted = st.form_submit_button(label, type="primary")
        if submitted:
            if not confirmed:
                st.warning(t("circular_page.confirm_first"))
                return
            try:
                done = issue_now(view, requirements, form.office, new_office, issued_on, scope, reason)
            except IssueError as error:
                st.error(str(error))
                return
            except OutOfScope:
                st.error(t("access.refused"))
                return
            st.session_state[DONE] = done.number
            st.rerun()


chosen = frame.current()
t = chosen.t
scope = current_scope()
view = circular_view(chosen)
st.title(view.title)
if view.halt:
    st.info(view.halt)
    st.stop()
st.caption(view.caption)
if DONE in st.session_state:
    st.success(t("circular_page.issued_done", number=st.session_state.pop(DONE)))

show_draft = view.issued is None
if view.issued is not None:
    st.info(view.issued_banner)
    if view.correction_note:
        st.caption(view.correction_note)
    show_draft = st.toggle(t("circular_page.show_draft"), key=f"circular-draft-{view.key}")

requirements_key = f"circular-requirements-{view.key}"
requirements = st.session_state.get(requirements_key, view.requirements)
if show_draft and view.issued is None:
    st.caption(t("circular_page.draft_note"))
if show_draft and view.issued is not None:
    st.caption(t("circular_page.draft_note"))
    with st.container(key="circular-changes"):
        st.subheader(t("circular_page.changes_title"))
        changes = draft_changes(chosen, view, requirements)
        if changes is None:
            st.caption(t("circular_page.no_changes"))
        else:
            draw_table(changes, key="circular-changes-table", hide_index=True)

circular = shown_circular(view, show_draft, requirements)
shown = preview(chosen, circular)

with st.container(key="circular-overview"):
    st.subheader(shown.headings["overview"])
    with st.container(horizontal=True):
        for metric in shown.metrics:
            st.metric(metric.label, metric.value, metric.delta, delta_color="off", help=shown.delta_help)
    for paragraph in shown.paragraphs:
        st.markdown(paragraph)
    if shown.chart is not None:
        draw_chart(shown.chart, width="content", key="circular-stage-chart")

with st.container(key="circular-ranking"):
    st.subheader(shown.headings["ranking"])
    if shown.counties is not None:
        draw_table(shown.counties, key="circular-counties", hide_index=True)
    draw_table(shown.units, key="circular-units", hide_index=True)
    st.caption(shown.bands_caption)

with st.container(key="circular-lists"):
    st.subheader(shown.headings["lists"])
    for line in shown.lists:
        st.markdown(line)

with st.container(key="circular-problems"):
    st.subheader(shown.headings["problems"])
    if shown.problems:
        st.markdown("\n".join(f"- {problem}" for problem in shown.problems))
    else:
        st.caption(shown.no_problems)

with st.container(key="circular-requirements"):
    st.subheader(shown.headings["requirements"])
    if show_draft:
        requirements = _requirements_box(
            requirements_key, view.requirements, t("circular_page.requirements_label")
        )
    else:
        for line in shown.requirements:
            st.markdown(line)

with st.container(key="circular-explain"):
    st.subheader(t("circular_page.section_explain"))
    choice = st.selectbox(
        t("circular_page.explain_choose"),
        list(shown.choices),
        format_func=shown.choices.get,
        key=f"circular-explain-{view.key}",
        width=480,
    )
    explained = explanation(chosen, circular, choice)
    st.markdown(explained.summary)
    if explained.components is not None:
        draw_table(explained.components, key="circular-explain-table", hide_index=True)
    for fact in explained.facts:
        st.markdown(f"- {fact}")
    if explained.vetoes:
        st.markdown(f"**{t('circular_page.explain_vetoes')}**")
        st.markdown("\n".join(f"- {veto}" for veto in explained.vetoes))
    st.markdown(f"**{t('circular_page.explain_lifts')}**")
    st.markdown("\n".join(f"- {lift}" for lift in explained.lifts))

with st.container(key="circular-downloads"):
    st.subheader(t("circular_page.section_downloads"))
    files = downloads(chosen, view, circular, show_draft)
    with st.container(horizontal=True):
        for file in files:
            st.download_button(
                file.label,
                data=file.make or b"",
                file_name=file.file_name,
                mime=file.mime,
                disabled=file.make is None,
                on_click="ignore",
                key=f"circular-download-{file.kind}",
            )
    for file in files:
        if file.note:
            st.caption(file.note)
    st.caption(t("circular_page.downloads_draft") if show_draft else t("circular_page.downloads_issued"))

if (view.issued is None or show_draft) and may_issue(view, scope):
    _issue_section(view, requirements)
