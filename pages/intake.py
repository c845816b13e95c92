"""数据填报 Data entry: templates to download, workbooks to upload, one unit's month typed
into a form, and the stage, review and title records, each checked and (for reports)
previewed before anything is written.

A preview is kept in ``st.session_state`` between the run that made it and the run its
confirm button was pressed in; only that press writes (``ui.views.intake.confirm``), and
the run after it checks the same files again, which then show as unchanged.

What is written is written as the signed-in user, in that user's name; the page offers
only the tabs, forms, units and templates the user's roles allow (``Intake``)."""

import streamlit as st

from oversight.access import OutOfScope
from oversight.formatting import format_month
from oversight.intake.monthly import FIELD_COLUMNS
from oversight.intake.plan import ImportPlan
from ui import frame
from ui.auth import current_scope
from ui.views import intake
from ui.views.intake import RECORD_ACTIONS, REPORT_ACTIONS, STAGES, TITLE_LEVELS

chosen = frame.current()
scope = current_scope()
view = intake.intake_view(chosen, scope)
t, lang = chosen.t, chosen.lang
st.title(view.title)
offered = view.tabs()
if not offered:
    st.info(t("access.refused"))
    st.stop()
st.caption(t("intake_page.caption"))
st.caption(t("intake_page.recorded_as", user=scope.user))


def show_outcome(name: str) -> None:
    """The result of the last write of section ``name``, shown once after its rerun."""
    outcome = st.session_state.pop(f"{name}-outcome", None)
    if outcome is not None:
        (st.success if outcome.ok else st.error)(outcome.text)


def draw_plan(name: str, plan: ImportPlan, files: list[tuple[str, bytes]]) -> None:
    """The problems of ``plan``, or its preview with the reason and the confirm button."""
    if not plan.writable:
        with st.container(key=f"{name}-problems"):
            st.error(t("intake_page.problems_header", count=len(plan.problems)))
            st.caption(t("intake_page.problems_note"))
            st.dataframe(
                intake.problem_table(plan.problems, lang), hide_index=True, key=f"{name}-problem-table"
            )
            if files:
                st.download_button(
                    t("intake_page.marked_download"),
                    data=lambda: intake.marked_file(files, plan.problems, lang),
                    file_name=intake.marked_name(files),
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    on_click="ignore",
                    icon=":material/download:",
                    key=f"{name}-marked",
                )
        return
    with st.container(key=f"{name}-preview"):
        st.subheader(t("intake_page.preview_header"))
        st.markdown(intake.preview_counts(plan, lang))
        st.dataframe(
            intake.change_table(plan, lang, view.units),
            hide_index=True,
            column_config={
                t("intake_page.col_field"): st.column_config.TextColumn(width="medium"),
                t("intake_page.col_after"): st.column_config.TextColumn(width="large"),
            },
            key=f"{name}-change-table",
        )
    if intake.nothing_to_write(plan):
        st.info(t("intake_page.nothing_to_write"))
        return
    reason = ""
    if intake.needs_reason(plan):
        reason = st.text_input(
            t("intake_page.reason"), key=f"{name}-reason", help=t("intake_page.reason_help")
        )
    if st.button(t("intake_page.confirm"), type="primary", key=f"{name}-confirm"):
        outcome = intake.confirm(plan, scope, reason, lang)
        if outcome.ok or not intake.needs_reason(plan) or reason.strip():
            st.session_state.pop(f"{name}-plan", None)  # written or stale: check again
        st.session_state[f"{name}-outcome"] = outcome
        st.rerun()


def unit_label(code: str) -> str:
    return f"{code} {view.units[code]}"


tabs = dict(
    zip(offered, st.tabs([t(f"intake_page.tab_{name}") for name in offered], key="intake-tab"), strict=True)
)


def templates_section() -> None:
    offered = view.templates()
    month = None
    if any(kind == "monthly" for kind, _ in offered):  # the month is the monthly template's only
        month = st.selectbox(
            t("intake_page.form_month"),
            view.months,
            format_func=lambda m: format_month(m, lang),
            key="intake-template-month",
            width=240,
        )
    for kind, region in offered:
        name = "" if region is None else chosen.name(region)
        if kind == "monthly":
            when = format_month(month, lang) if month else ""
            title = t("intake_page.monthly_template", region=name, month=when)
        elif kind == "stages":
            title = t("intake_page.stages_template", region=name)
        else:
            title = t("intake_page.setup_template")
        with st.container(border=True):
            st.markdown(f"**{title}**")
            st.caption(t(f"intake_page.{kind}_template_note"))
            st.download_button(
                t("intake_page.download"),
                data=lambda kind=kind, region=region: intake.template_file(kind, region, month),
                file_name=intake.template_name(kind, "" if region is None else region.name_zh, month),
                on_click="ignore",
                icon=":material/download:",
                disabled=kind == "monthly" and month is None,
                key=f"intake-{kind}-template",
            )


def upload_section() -> None:
    show_outcome("upload")
    uploads = st.file_uploader(
        t("intake_page.uploader"),
        type=["xlsx"],
        accept_multiple_files=True,
        help=t("intake_page.uploader_help"),
        key="intake-files",
    )
    files = [(upload.name, upload.getvalue()) for upload in uploads or ()]
    if files:
        held = st.session_state.get("upload-plan")
        key = intake.digest(files)
        if held is None or held[0] != key:
            with st.status(t("intake_page.checking", count=len(files))) as status:
                held = (key, intake.check_files(files, scope))
                status.update(
                    label=t("intake_page.checked", count=len(files)), state="complete", expanded=False
                )
            st.session_state["upload-plan"] = held
        draw_plan("upload", held[1], files)
    else:
        st.session_state.pop("upload-plan", None)


def form_section() -> None:
    show_outcome("form")
    st.caption(t("intake_page.form_intro"))
    units = view.units_for(*REPORT_ACTIONS)
    if not units:
        st.info(t("intake_page.no_units", region=view.region_name))
    else:
        with st.container(border=True, key="intake-form-box"):
            # The unit and month sit outside the form: choosing them redraws the grade
            # table in the scheme the unit reports under that month.
            first = st.columns(3)
            unit = first[0].selectbox(
                t("intake_page.form_unit"), list(units), format_func=unit_label, key="intake-form-unit"
            )
            month = first[1].selectbox(
                t("intake_page.form_month"),
                view.months,
                format_func=lambda m: format_month(m, lang),
                key="intake-form-month",
            )
            stage = first[2].selectbox(
                t("intake_page.form_stage"),
                [stage["code"] for stage in STAGES],
                format_func=lambda code: intake.stage_name(code, lang),
                index=None,
                placeholder=t("intake_page.choose"),
                key="intake-form-stage",
            )
            scheme = intake.scheme_of(unit, month)
            with st.form("intake-form", border=False):
                values = {}
                columns = st.columns(4)
                for index, column in enumerate(FIELD_COLUMNS):
                    label = intake.field_label(column, lang)
                    where = columns[index % 4]
                    if column.kind == "count":
                        values[column.field] = where.number_input(label, value=None, step=1, min_value=0)
                    elif column.kind == "rate":
                        values[column.field] = where.number_input(label, value=None, step=1.0, format="%.1f")
                    elif column.kind == "money":
                        values[column.field] = where.number_input(
                            label, value=None, step=100.0, format="%.2f"
                        )
                for column in FIELD_COLUMNS:
                    if column.kind == "text":
                        values[column.field] = st.text_area(intake.field_label(column, lang), height=68)
                st.markdown(f"**{t('intake_page.form_domains')}**")
                domains = st.data_editor(
                    intake.domain_frame(lang), hide_index=True, disabled=[0], key="intake-domains"
                )
                grades = None
                if scheme is not None:
                    with st.expander(t("intake_page.form_grades", scheme=intake.scheme_name(scheme, lang))):
                        grades = st.data_editor(
                            intake.grade_frame(scheme, lang),
                            hide_index=True,
                            disabled=[0],
                            column_config={
                                t("intake_page.form_grade"): st.column_config.SelectboxColumn(
                                    options=sorted(scheme.fractions)
                                )
                            },
                            key=f"intake-grades-{scheme.id}",
                        )
                checked = st.form_submit_button(t("intake_page.form_check"), type="primary")
        if checked:
            report = intake.form_report(unit, month, stage or "", values, domains, grades, scheme)
            try:
                st.session_state["form-plan"] = intake.check_form(report, scope)
            except OutOfScope:
                st.session_state.pop("form-plan", None)
                st.error(t("access.refused"))
        if "form-plan" in st.session_state:
            draw_plan("form", st.session_state["form-plan"], [])


def stages_section() -> None:
    st.caption(t("intake_page.stage_intro"))
    kinds = view.record_kinds()
    kind = st.segmented_control(
        t("intake_page.record_kind"),
        list(kinds),
        format_func=lambda k: t(f"intake_page.kind_{k}"),
        default=kinds[0],
        required=True,
        key="intake-record-kind",
    )
    with st.form(f"intake-record-{kind}", border=True):
        values = {}
        if kind in ("move", "review", "naming"):
            units = view.units_for(*RECORD_ACTIONS[kind])
            values["unit"] = st.selectbox(t("intake_page.form_unit"), list(units), format_func=unit_label)
        if kind in ("move", "review"):
            values["programme"] = st.selectbox(
                t("intake_page.programme"), list(view.programmes), format_func=view.programmes.get
            )
        if kind == "move":
            values["stage"] = st.selectbox(
                t("intake_page.stage"),
                [stage["code"] for stage in STAGES],
                format_func=lambda code: intake.stage_name(code, lang),
            )
            values["day"] = st.date_input(
                t("intake_page.entered_on"), min_value=intake.EARLIEST, format="YYYY-MM-DD"
            )
        elif kind == "review":
            values["level"] = st.radio(
                t("intake_page.level"),
                list(view.review_levels()),
                format_func=lambda k: t(f"intake_page.level_{k}"),
                horizontal=True,
            )
            values["decision"] = st.radio(
                t("intake_page.decision"),
                ["agree", "return"],
                format_func=lambda k: t(f"intake_page.decision_{k}"),
                horizontal=True,
            )
            values["opinion"] = st.text_area(t("intake_page.opinion"), height=68)
            values["day"] = st.date_input(
                t("intake_page.reviewed_on"), min_value=intake.EARLIEST, format="YYYY-MM-DD"
            )
        elif kind == "naming":
            values["level"] = st.selectbox(
                t("intake_page.title_level"),
                [level["code"] for level in TITLE_LEVELS],
                format_func=lambda code: intake.level_name(code, lang),
            )
            values["programme"] = st.selectbox(
                t("intake_page.naming_programme"),
                [None, *view.programmes],
                format_func=lambda code: (
                    t("intake_page.no_programme") if code is None else view.programmes[code]
                ),
            )
            values["day"] = st.date_input(
                t("intake_page.named_on"), min_value=intake.EARLIEST, format="YYYY-MM-DD"
            )
            values["certificate"] = st.text_input(t("intake_page.certificate_no"))
            values["valid_until"] = st.date_input(
                t("intake_page.valid_until"), value=None, min_value=intake.EARLIEST, format="YYYY-MM-DD"
            )
        elif kind == "renewal":
            values["certificate"] = st.text_input(t("intake_page.old_certificate"))
            values["day"] = st.date_input(
                t("intake_page.renewed_on"), min_value=intake.EARLIEST, format="YYYY-MM-DD"
            )
            values["new_certificate"] = st.text_input(t("intake_page.new_certificate"))
            values["valid_until"] = st.date_input(
                t("intake_page.valid_until"), value=None, min_value=intake.EARLIEST, format="YYYY-MM-DD"
            )
        else:
            values["certificate"] = st.text_input(t("intake_page.certificate_no"))
            values["day"] = st.date_input(
                t("intake_page.revoked_on"), min_value=intake.EARLIEST, format="YYYY-MM-DD"
            )
        label = "intake_page.revocation_reason" if kind == "revocation" else "intake_page.move_reason"
        values["reason"] = st.text_input(t(label))
        pressed = st.form_submit_button(t("intake_page.record"), type="primary")
    if pressed:
        outcome = intake.record(kind, values, scope, lang)
        (st.success if outcome.ok else st.error)(outcome.text)


for name, section in (
    ("templates", templates_section),
    ("upload", upload_section),
    ("form", form_section),
    ("stages", stages_section),
):
    if name in tabs:
        with tabs[name]:
            section()
