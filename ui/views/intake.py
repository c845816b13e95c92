"""What the data entry page (数据填报) draws and does, gathered here so it can be tested
without a browser.

Everything that comes in goes through one door: an upload through
:func:`data_access.intake.plan_import` and :func:`~data_access.intake.apply_import`, the
report form through :func:`data_access.intake_monthly.plan_monthly_form` and the same
``apply_import``, so the form and the workbook are checked and previewed alike.  A plan
is only ever written by :func:`confirm`, which the page calls on the run its confirm
button was pressed in, never on a rerun by itself.  The stage, review and title forms go
through :mod:`data_access.stage_records`; every refusal of the write path is a message key
(:mod:`oversight.refusals`), shown in the page's language.

Every write runs in the signed-in user's scope (``ui.auth.current_scope``), whose name it
records; the page offers only the tabs, forms, units and templates the scope allows
(:class:`Intake`), and the data layer refuses the rest whatever is sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data_access import stage_records
from data_access.database import reading
from data_access.intake import apply_import, plan_import
from data_access.intake_monthly import FORM_FILE, GradeScheme, plan_monthly_form, unit_scheme
from data_access.programmes import programmes_within
from data_access.schemes import scheme_parts
from data_access.submissions import MonthlyReport, SubmissionError
from data_access.templates import monthly_template
from data_access.templates_setup import setup_template
from data_access.templates_stages import stages_template
from data_access.units import community_choices
from data_access.write_scope import allowed_units
from oversight import catalogue
from oversight.access import WRITES, OutOfScope, Place, Scope
from oversight.i18n import translate
from oversight.intake.marked import marked_workbook
from oversight.intake.monthly import DOMAIN_COLUMNS, FIELD_COLUMNS, GRADE_SHEET, STAGE, Column, month_text
from oversight.intake.plan import CHANGE_KINDS, ImportPlan, StalePlan
from oversight.intake.problems import IntakeRefused, Problem, problem_text
from oversight.intake.terms import field_text, value_text
from oversight.periods import months_between
from oversight.report_fields import DOMAIN_FIELDS
from ui import data
from ui.filters import Filters
from ui.views._loaders import Loader, loaders

PROBLEM_COLUMNS = ("file", "sheet", "row", "column", "value", "problem")
CHANGE_COLUMNS = ("change", "record", "name", "field", "before", "after")
NEW_FIELDS_SHOWN = 6
"""How many of a new record's values its preview row quotes: enough to recognise it."""

RECORD_KINDS = ("move", "review", "naming", "renewal", "revocation")
"""The stage and title records the page's forms take, in the order a unit's path meets them."""

STAGES = tuple(sorted(catalogue.load("reference")["stages"], key=lambda stage: stage["seq"]))
DOMAINS = tuple(sorted(catalogue.load("reference")["safety_domains"], key=lambda domain: domain["seq"]))
TITLE_LEVELS = tuple(sorted(catalogue.load("reference")["title_levels"], key=lambda level: level["rank"]))

EARLIEST = dt.date(2000, 1, 1)
"""The earliest day the forms' date choosers offer (Streamlit's own is ten years back,
after the first programmes' titles)."""


def stage_name(code: str, lang: str) -> str:
    return next(s["name_zh" if lang == "zh" else "name_en"] for s in STAGES if s["code"] == code)


def level_name(code: str, lang: str) -> str:
    return next(v["name_zh" if lang == "zh" else "name_en"] for v in TITLE_LEVELS if v["code"] == code)


@dataclass(frozen=True)
class Outcome:
    """What pressing a write button did: ``ok`` and the sentence to show."""

    ok: bool
    text: str


def engine_of(engine: Engine | None) -> Engine:
    return engine or data.engine()


def digest(files: Sequence[tuple[str, bytes]]) -> str:
    """What identifies an upload: its files' names and contents.  The page keeps a plan
    under it, so a rerun with the same files shows the same preview without checking again."""
    hashed = hashlib.sha256()
    for name, content in files:
        hashed.update(name.encode())
        hashed.update(hashlib.sha256(content).digest())
    return hashed.hexdigest()


def check_files(files: Sequence[tuple[str, bytes]], scope: Scope, engine: Engine | None = None) -> ImportPlan:
    """The preview (or the problems) of uploading ``files`` as ``scope``'s user; writes
    nothing.  An upload with any row outside the scope comes back refused whole."""
    return plan_import(engine_of(engine), files, scope)


def problem_table(problems: Sequence[Problem], lang: str) -> pd.DataFrame:
    """Every problem with its place, in the page's language; one row each.  A problem of
    the report form names the form and its field as the form labels them (an upload's
    names its workbook's file and Chinese column)."""
    rows = [
        (
            translate("intake_page.form_file", lang) if p.file == FORM_FILE else p.file,
            p.sheet or "",
            "" if p.row is None else str(p.row),
            _field("monthly", "report", p.column, lang)
            if p.file == FORM_FILE and p.column
            else p.column or "",
            p.value or "",
            problem_text(p, lang),
        )
        for p in problems
    ]
    return pd.DataFrame(rows, columns=[translate(f"intake_page.col_{c}", lang) for c in PROBLEM_COLUMNS])


def marked_file(files: Sequence[tuple[str, bytes]], problems: Sequence[Problem], lang: str) -> bytes:
    """The upload handed back with its problem cells marked, in the page's language."""
    return marked_workbook(files, problems, lang)


def marked_name(files: Sequence[tuple[str, bytes]]) -> str:
    first = files[0][0].rsplit(".", 1)[0] if files else "upload"
    return f"{first}-问题.xlsx"


def preview_counts(plan: ImportPlan, lang: str) -> str:
    return translate("intake_page.preview_counts", lang, **{kind: plan.count(kind) for kind in CHANGE_KINDS})


PREVIEW_ORDER = ("correction", "new", "unchanged")
"""The preview lists what a clerk must check first first: corrections, then new records."""


def change_table(plan: ImportPlan, lang: str, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The preview, one row per corrected field (before and after), per new record (its
    first values) and per record unchanged; corrections first.  ``names`` gives a unit's
    name in the page's language by its code (a record's key starts with it); fields and
    the terms among the values read in the page's language (:mod:`oversight.intake.terms`),
    a report's fields as the form names them."""
    names = names or {}
    rows = []
    for change in sorted(plan.changes, key=lambda change: PREVIEW_ORDER.index(change.kind)):
        kind = translate(f"intake_page.change_{change.kind}", lang)
        label = names.get(change.key.split(" ")[0], change.label)
        where = (plan.workbook_kind, change.subject)
        if change.kind == "correction":
            for name, after in change.after.items():
                before = (change.before or {}).get(name)
                rows.append(
                    (
                        kind,
                        change.key,
                        label,
                        _field(*where, name, lang),
                        value_text(before, lang),
                        value_text(after, lang),
                    )
                )
        elif change.kind == "new":
            shown = [
                f"{_field(*where, name, lang)} {value_text(value, lang)}"
                for name, value in change.after.items()
                if value_text(value, lang)
            ]
            more = "…" if len(shown) > NEW_FIELDS_SHOWN else ""
            separator = "，" if lang == "zh" else ", "
            rows.append((kind, change.key, label, "", "", separator.join(shown[:NEW_FIELDS_SHOWN]) + more))
        else:
            rows.append((kind, change.key, label, "", "", ""))
    return pd.DataFrame(rows, columns=[translate(f"intake_page.col_{c}", lang) for c in CHANGE_COLUMNS])


def _field(workbook_kind: str, subject: str, name: str, lang: str) -> str:
    """A field of the preview in the page's language: a report's (the workbook's header)
    as the form labels it, a stages or setup record's by :func:`field_text`."""
    if workbook_kind != "monthly":
        return field_text(workbook_kind, subject, name, lang)
    column = next((column for column in (STAGE, *FIELD_COLUMNS) if column.header == name), None)
    if column is not None:
        return field_label(column, lang)
    if lang == "zh":
        return name
    domain, dot, header = name.partition("·")  # a domain's count: 消防安全·伤害数
    column = next((column for column in DOMAIN_COUNT_COLUMNS if column.header == header), None)
    if dot and column is not None and domain in DOMAIN_NAMES:
        return f"{DOMAIN_NAMES[domain]} · {domain_label(column, lang)}"
    sheet, _, item = name.partition(" ")  # a grade: 自评等级 1.1, or 自评等级 1.1 有无 by part
    if sheet == GRADE_SHEET and item:
        code, _, part = item.partition(" ")
        shown = f"{code} {PART_NAMES.get(part, part)}" if part else code
        return translate("intake_page.preview_grade", lang, item=shown)
    return name


DOMAIN_NAMES = {domain["name_zh"]: domain["name_en"] for domain in DOMAINS}
"""A safety domain's English name by its Chinese one, as a monthly preview's field names it."""

PART_NAMES = {
    part["name_zh"]: part["name_en"]
    for scheme in catalogue.load("schemes")["schemes"]
    for part in scheme.get("parts", ())
}
"""A graded part's English name by its Chinese one (有无 → Existence), as a grade's
column header names it."""


def needs_reason(plan: ImportPlan) -> bool:
    return plan.count("correction") > 0


def nothing_to_write(plan: ImportPlan) -> bool:
    return plan.writable and plan.count("new") + plan.count("correction") == 0


def confirm(plan: ImportPlan, scope: Scope, reason: str, lang: str, engine: Engine | None = None) -> Outcome:
    """Write a previewed plan as ``scope``'s user; a refusal (stale preview, missing
    reason, a scope that no longer allows it) as its message."""
    if needs_reason(plan) and not reason.strip():
        return Outcome(False, translate("intake_page.reason_missing", lang))
    try:
        result = apply_import(engine_of(engine), plan, scope, reason.strip())
    except OutOfScope:
        return Outcome(False, translate("access.refused", lang))
    except StalePlan:
        return Outcome(False, translate("intake.stale", lang))
    except IntakeRefused as refused:
        return Outcome(False, "；".join(problem_text(p, lang) for p in refused.problems))
    except SubmissionError as refused:
        return Outcome(False, refused.text(lang))
    summary = result.summary_zh if lang == "zh" else result.summary_en
    return Outcome(True, translate("intake_page.written", lang, summary=summary))


# --- the page's choices --------------------------------------------------------------------


REPORT_ACTIONS = ("submit", "correct")
"""What the report form and the monthly template serve: a new report or a correction."""

RECORD_ACTIONS = {
    "move": ("move",),
    "review": ("review_county", "review_city"),
    "naming": ("name",),
    "renewal": ("name",),
    "revocation": ("name",),
}
"""The actions (oversight.access.ACTIONS) behind each stage and title form."""

STAGE_ACTIONS = ("move", "review_county", "review_city", "name")
"""What the stages workbook and its template serve."""


@dataclass(frozen=True)
class Intake:
    """What the page offers the signed-in user for the sidebar's region: its units (code
    → name in the page's language), its programmes (code → name), the months a report can
    be entered for (the programmes' months up to this one, the sidebar's month first),
    and, by action, the units where the user may do it (``allowed``)."""

    chosen: Filters
    title: str
    region_name: str
    units: dict[str, str]
    programmes: dict[str, str]
    months: tuple[dt.date, ...]
    scope: Scope
    allowed: Mapping[str, frozenset[str]]

    def can(self, *actions: str) -> bool:
        """Whether the user may do any of ``actions`` somewhere."""
        return any(self.scope.can(action) for action in actions)

    def units_for(self, *actions: str) -> dict[str, str]:
        """The units where the user may do any of ``actions``, in the units' order."""
        return {
            code: name for code, name in self.units.items() if any(code in self.allowed[a] for a in actions)
        }

    def record_kinds(self) -> tuple[str, ...]:
        """The stage and title forms the user may fill in."""
        return tuple(kind for kind in RECORD_KINDS if self.can(*RECORD_ACTIONS[kind]))

    def review_levels(self) -> tuple[str, ...]:
        return tuple(level for level in ("county", "city") if self.can(f"review_{level}"))

    def templates(self) -> tuple[tuple[str, Place | None], ...]:
        """The templates offered, each with the region it is made for: the monthly one
        and the stages one for the sidebar's region if the user may write there (the
        monthly one also when every unit reporting there is the user's, as for the
        offices of all its counties), else for the region under it where the user may (a
        clerk's unit); setup with none."""
        offered = []
        for kind, actions in (("monthly", REPORT_ACTIONS), ("stages", STAGE_ACTIONS)):
            region = template_region(self.scope, actions, self.chosen.region)
            if kind == "monthly" and self.units and len(self.units_for(*actions)) == len(self.units):
                region = self.chosen.region  # every unit that reports here is the user's
            if region is not None:
                offered.append((kind, region))
        if self.can("setup"):
            offered.append(("setup", None))
        return tuple(offered)

    def tabs(self) -> tuple[str, ...]:
        """The page's tabs the user may use: templates, upload, the report form, the stage
        and title forms."""
        tabs = []
        if self.templates():
            tabs.append("templates")
        if self.can(*WRITES):
            tabs.append("upload")
        if self.units_for(*REPORT_ACTIONS):
            tabs.append("form")
        if self.record_kinds():
            tabs.append("stages")
        return tuple(tabs)


def template_region(scope: Scope, actions: Sequence[str], region: Place) -> Place | None:
    """The region a template for ``actions`` is made for: ``region`` if the scope may do
    one of them there, else the first region under it where it may, else None.  A
    download then carries only what the user may write."""
    if any(scope.allows(action, region) for action in actions):
        return region
    for action in actions:
        for place in scope.places(action):
            if region.id in place.ancestor_ids:
                return place
    return None


def intake_view(
    chosen: Filters,
    scope: Scope,
    reference: Loader | None = None,
    today: dt.date | None = None,
    engine: Engine | None = None,
) -> Intake:
    _, reference = loaders(None, reference)
    lang, region = chosen.lang, chosen.region
    region_name = chosen.name(region)
    units = reference(community_choices, region, chosen.programme_id)
    name = "name_zh" if lang == "zh" else "name_en"
    unit_names = {row.code: getattr(row, name) or row.name_zh for row in units.itertuples()}
    programmes = reference(programmes_within, region)
    if chosen.programme is not None:
        programmes = programmes[programmes["code"] == chosen.programme["code"]]
    this_month = (today or dt.date.today()).replace(day=1)
    months: list[dt.date] = []
    for row in programmes.itertuples():
        months += months_between(row.start_date, min(row.end_date, this_month))
    ordered = sorted(set(months), reverse=True)
    if chosen.month in ordered:
        ordered.remove(chosen.month)
        ordered.insert(0, chosen.month)
    allowed = allowed_units(engine_of(engine), scope, tuple(a for a in WRITES if a != "setup"), unit_names)
    return Intake(
        chosen,
        chosen.t("intake_page.header", region=region_name),
        region_name,
        unit_names,
        {row.code: getattr(row, name) or row.name_zh for row in programmes.itertuples()},
        tuple(ordered),
        scope,
        allowed,
    )


# --- templates ----------------------------------------------------------------------------


def template_name(kind: str, region_name: str, month: dt.date | None = None) -> str:
    """The file name a template downloads as: Chinese, as the workbook's sheets are, with
    the region and month it was made for (the setup workbook is made for no region)."""
    if kind == "monthly" and month is not None:
        return f"月报模板-{region_name}-{month_text(month)}.xlsx"
    if kind == "setup":
        return "地区与单位设置模板.xlsx"
    return f"阶段与命名模板-{region_name}.xlsx"


def template_file(kind: str, region, month: dt.date | None = None, engine: Engine | None = None) -> bytes:
    """A template as the download button offers it (built when pressed)."""
    if kind == "monthly":
        return monthly_template(engine_of(engine), region, month)
    if kind == "setup":
        return setup_template(engine_of(engine))
    return stages_template(engine_of(engine), region)


# --- the report form ----------------------------------------------------------------------


EN_UNITS = {"rate": " (%)", "money": " (yuan)"}
"""What an English label adds to say the unit a number is typed in (the Chinese header
says it already: 居民参与率（%）, 资金支出（元）)."""


def field_label(column: Column, lang: str) -> str:
    """A report field as the form labels it: the template's header in Chinese (so a
    problem names the field the clerk sees), the community page's name in English."""
    if lang == "zh":
        return column.header
    return translate(f"community.field_{column.field}", lang) + EN_UNITS.get(column.kind, "")


def domain_label(column: Column, lang: str) -> str:
    return translate(f"intake_page.domain_{column.field}", lang)


DOMAIN_COUNT_COLUMNS = DOMAIN_COLUMNS[4:]
"""The domain sheet's count columns, in :data:`DOMAIN_FIELDS` order."""


def domain_frame(lang: str) -> pd.DataFrame:
    """The form's domain table: one row per safety domain, its counts empty."""
    name = "name_zh" if lang == "zh" else "name_en"
    frame = pd.DataFrame({translate("intake_page.form_domain", lang): [d[name] for d in DOMAINS]})
    for column in DOMAIN_COUNT_COLUMNS:
        frame[domain_label(column, lang)] = pd.Series([None] * len(DOMAINS), dtype="Int64")
    return frame


def scheme_of(unit_code: str, month: dt.date | None, engine: Engine | None = None) -> GradeScheme | None:
    """The grading scheme the form's grade table follows: the one the unit's report of
    ``month`` is graded under, by the rule the template and the upload follow
    (:func:`oversight.scoring.scheme_for`); None when the unit owes no report then."""
    if month is None:
        return None
    with reading(engine_of(engine)) as reader:
        return unit_scheme(reader, unit_code, month)


def scheme_name(scheme: GradeScheme, lang: str) -> str:
    return scheme.name if lang == "zh" else scheme.name_en or scheme.name


def grade_frame(scheme: GradeScheme, lang: str, engine: Engine | None = None) -> pd.DataFrame:
    """The form's grade table: one row per item (and part) of the scheme, grade empty;
    a part named in the page's language (the workbook's headers are Chinese)."""
    items = [column.header for column in scheme.columns]
    if lang != "zh" and any(column.header != column.field.split("|")[0] for column in scheme.columns):
        parts = scheme_parts(engine_of(engine), (scheme.id,))
        names = dict(zip(parts["code"], parts["name_en"], strict=True))
        items = [f"{item} {names[part]}" for item, part in (c.field.split("|") for c in scheme.columns)]
    return pd.DataFrame(
        {
            translate("intake_page.form_item", lang): items,
            translate("intake_page.form_grade", lang): pd.Series(
                [None] * len(scheme.columns), dtype="object"
            ),
        }
    )


def form_report(
    unit_code: str,
    month: dt.date,
    stage_code: str,
    fields: Mapping[str, Any],
    domains: pd.DataFrame | None = None,
    grades: pd.DataFrame | None = None,
    scheme: GradeScheme | None = None,
) -> MonthlyReport:
    """The form's values as a report for :func:`plan_monthly_form`, which checks them
    as it checks a workbook row: ``fields`` by report field, as typed (None when empty)."""
    values = {}
    for column in FIELD_COLUMNS:
        value = fields.get(column.field)
        if column.kind == "money":
            value = Decimal(str(value)) if value not in (None, "") else None
        elif column.kind == "text":
            value = value or ""
        values[column.field] = value
    counts: dict[str, tuple[int, ...]] = {}
    if domains is not None:
        for domain, (_, row) in zip(DOMAINS, domains.iterrows(), strict=True):
            figures = [row.iloc[1 + i] for i in range(len(DOMAIN_FIELDS))]
            if any(not pd.isna(figure) for figure in figures):
                counts[domain["code"]] = tuple(0 if pd.isna(figure) else int(figure) for figure in figures)
    graded: dict[tuple[str, str], str] = {}
    if grades is not None and scheme is not None:
        for column, (_, row) in zip(scheme.columns, grades.iterrows(), strict=True):
            grade = row.iloc[1]
            if isinstance(grade, str) and grade.strip():
                item, part = column.field.split("|")
                graded[(item, part)] = grade.strip()
    return MonthlyReport(
        unit_code=unit_code,
        month=month,
        submitted_at=dt.datetime.now().replace(microsecond=0),
        submitted_by="",
        stage_code=stage_code,
        domains=counts,
        grades=graded,
        **values,
    )


def check_form(report: MonthlyReport, scope: Scope, engine: Engine | None = None) -> ImportPlan:
    """The preview (or problems) of the form's report: the upload's checks and preview.
    A unit outside the scope raises OutOfScope (the page says the refusal, naming nothing)."""
    return plan_monthly_form(engine_of(engine), report, scope, dt.datetime.now().replace(microsecond=0))


# --- stage moves, reviews and titles -------------------------------------------------------


def record(
    kind: str, values: Mapping[str, Any], scope: Scope, lang: str, engine: Engine | None = None
) -> Outcome:
    """Append one stage, review or title record as ``scope``'s user; its checks' refusal
    as their message, a record outside the scope as the refusal that names nothing."""
    engine = engine_of(engine)
    try:
        if kind == "move":
            stage_records.record_stage_move(
                engine,
                values["unit"],
                values["programme"],
                values["stage"],
                values["day"],
                scope,
                values["reason"],
            )
        elif kind == "review":
            stage_records.record_review(
                engine,
                values["unit"],
                values["programme"],
                values["level"],
                values["decision"],
                values["opinion"],
                values["day"],
                scope,
                values["reason"],
            )
        elif kind == "naming":
            stage_records.record_naming(
                engine,
                values["unit"],
                values["level"],
                values["day"],
                values["certificate"],
                values["valid_until"],
                scope,
                values["programme"],
                values["reason"],
            )
        elif kind == "renewal":
            stage_records.record_renewal(
                engine,
                values["certificate"],
                values["day"],
                values["new_certificate"],
                values["valid_until"],
                scope,
                values["reason"],
            )
        else:
            stage_records.record_revocation(
                engine, values["certificate"], values["day"], values["reason"], scope
            )
    except SubmissionError as refused:
        return Outcome(False, refused.text(lang))
    except OutOfScope:
        return Outcome(False, translate("access.refused", lang))
    what = translate(f"intake_page.kind_{kind}", lang)
    subject = values.get("unit") or values.get("certificate")
    return Outcome(True, translate("intake_page.recorded", lang, what=what, unit=subject))
