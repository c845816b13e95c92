"""What the monthly circular page (月度通报) draws, gathered so it can be tested without AppTest.

:func:`circular_view` finds the programme and month, the issued circular if there is
one and the draft computed from today's data; :func:`preview` turns one circular (the
issued one, or the draft with the leader's 下步工作要求) into the sections the page
draws, through the same texts and tables as the documents
(:mod:`oversight.circular.content`) in the page's language; :func:`explanation` explains
one unit's or county's rank; :func:`downloads` hands the files; :func:`issue_form` and
:func:`issue_now` issue or correct.  ``pages/circular.py`` only lays out and draws.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler
from sqlalchemy import Engine

from data_access import circulars
from data_access.circular_drafts import Draft, file_stem, issue_draft, issued_circular, make_draft, stored_pdf
from data_access.circulars import Issued, Office
from data_access.programmes import programmes_within
from oversight.access import Scope
from oversight.circular.chart import fitted_height, stage_chart
from oversight.circular.content import (
    Circular,
    build_circular,
    county_bands,
    county_table,
    list_lines,
    overview_paragraphs,
    score_text,
    section_heading,
    unit_table,
    units_by_rank,
)
from oversight.circular.docx import write_docx
from oversight.circular.pdf import docx_to_pdf, pdf_available
from oversight.circular.problems import problem_text
from oversight.circular.xlsx import write_xlsx
from oversight.circular_changes import Change, circular_changes
from oversight.formatting import format_date, format_month
from oversight.palette import BAND_FILLS, LIST_FILLS
from oversight.ranking.explain import fact_text
from ui import data
from ui.filters import Filters
from ui.views._loaders import Loader, loaders

MIMES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
KINDS = tuple(MIMES)


@dataclass(frozen=True)
class CircularView:
    """The month's circular before it is drawn.  ``halt`` set: the page says it and stops.
    ``issued`` is the current issued version (None before issuing), ``draft`` the month
    computed from today's data (its 下步工作要求 the generated first draft, or for an
    issued month the issued text)."""

    chosen: Filters
    title: str
    halt: str | None = None
    caption: str = ""
    programme_id: int | None = None
    month: dt.date | None = None
    issued: Issued | None = None
    issued_banner: str | None = None
    correction_note: str | None = None
    draft: Draft | None = None
    requirements: str = ""

    @property
    def key(self) -> str:
        """Names the page's widgets for this region, programme and month, so a draft's
        edited text belongs to its month."""
        return f"{self.chosen.region.code}-{self.programme_id}-{self.month:%Y-%m}"


@dataclass(frozen=True)
class Metric:
    label: str
    value: int
    delta: int | None = None


@dataclass(frozen=True)
class Preview:
    """One circular's sections, in the page's language."""

    headings: dict[str, str]
    paragraphs: tuple[str, ...]
    metrics: tuple[Metric, ...]
    delta_help: str
    chart: alt.Chart | None
    counties: Styler | None
    units: Styler
    bands_caption: str
    lists: tuple[str, str]
    problems: tuple[str, ...]
    no_problems: str
    requirements: tuple[str, ...]
    choices: dict[str, str]


@dataclass(frozen=True)
class Explanation:
    summary: str
    components: pd.DataFrame | None
    facts: tuple[str, ...]
    vetoes: tuple[str, ...]
    lifts: tuple[str, ...]


@dataclass(frozen=True)
class Download:
    """A download button: ``make`` gives the bytes when clicked; None with ``note`` when
    the file cannot be made here (the PDF without LibreOffice)."""

    kind: str
    label: str
    file_name: str
    mime: str
    make: Callable[[], bytes] | None
    note: str | None = None


@dataclass(frozen=True)
class IssueForm:
    """The issuing (or correction) form: the stored office, or None (the form asks for
    one), the 文号 it would get, the default date."""

    office: Office | None
    office_text: str
    number_text: str
    issued_on: dt.date
    correction: bool


def circular_view(
    chosen: Filters, fetch: Loader | None = None, reference: Loader | None = None
) -> CircularView:
    """The circular of ``chosen.region`` for the report month ``chosen.month``."""
    fetch, reference = loaders(fetch, reference)
    t, lang, region = chosen.t, chosen.lang, chosen.region
    month = chosen.month.replace(day=1)
    region_name = chosen.name(region)
    title = t("circular_page.header", region=region_name, month=format_month(month, lang))
    programmes = reference(programmes_within, region)
    if chosen.programme is not None:
        programmes = programmes[programmes["code"] == chosen.programme["code"]]
    if programmes.empty:
        return CircularView(chosen, title, t("circular_page.no_programmes", region=region_name))
    if len(programmes) > 1:
        return CircularView(
            chosen, title, t("circular_page.choose_programme", region=region_name, count=len(programmes))
        )
    programme = programmes.iloc[0]
    start, end = programme["start_date"].replace(day=1), programme["end_date"].replace(day=1)
    if month < start:
        return CircularView(
            chosen,
            title,
            t("circular_page.before_start", month=format_month(month, lang), start=format_month(start, lang)),
        )
    if month > end:
        return CircularView(
            chosen,
            title,
            t("circular_page.after_end", month=format_month(month, lang), end=format_month(end, lang)),
        )
    programme_id = int(programme["id"])
    issued = fetch(circulars.issued, region, programme_id, month)
    draft = fetch(make_draft, region, month, programme_id)
    method = draft.method
    caption = t(
        "circular_page.caption",
        programme=programme[f"name_{lang}"],
        month=format_month(month, lang),
        judged=format_date(draft.figures.judged_at.date(), lang),
        method=t("circular_page.method_version", version=method.version)
        if method.version
        else t("circular_page.method_default"),
    )
    banner = correction = None
    requirements = draft.circular.requirements
    if issued is not None:
        banner = t(
            "circular_page.issued_banner",
            number=issued.number,
            office=issued.office_zh,
            issued_on=format_date(issued.issued_on, lang),
            issued_by=issued.issued_by,
            version=issued.version,
        )
        if issued.supersedes_id is not None:
            previous = fetch(circulars.circular, issued.supersedes_id)
            correction = t("circular_page.correction_of", previous=previous.number, reason=issued.reason)
        requirements = issued_circular(issued).requirements
    return CircularView(
        chosen, title, None, caption, programme_id, month, issued, banner, correction, draft, requirements
    )


def draft_circular(view: CircularView, requirements: str) -> Circular:
    """The draft with the leader's 下步工作要求."""
    draft = view.draft
    return build_circular(draft.ranking, draft.figures, requirements)


def shown_circular(view: CircularView, show_draft: bool, requirements: str) -> Circular:
    """The circular the page shows: the issued one, unless the leader asks for the draft."""
    if view.issued is not None and not show_draft:
        return issued_circular(view.issued)
    return draft_circular(view, requirements)


def preview(chosen: Filters, circular: Circular) -> Preview:
    """The sections of ``circular`` in the page's language."""
    t, lang = chosen.t, chosen.lang
    figures = circular.figures
    headings = {
        section: section_heading(section, lang)
        for section in ("overview", "ranking", "lists", "problems", "requirements")
    }
    reports = figures.reports_month
    metrics = [
        Metric(t("circular_page.metric_units"), figures.units),
        Metric(t("circular_page.metric_on_time"), reports.on_time),
        Metric(t("circular_page.metric_late"), reports.late),
        Metric(t("circular_page.metric_missing"), reports.missing),
    ]
    for outcome in figures.outcomes:
        metrics.append(
            Metric(
                t("circular_page.metric_outcome", name=t(f"circular_page.outcome_{outcome.code}")),
                outcome.month,
                outcome.month_on_month.change,
            )
        )
    counties = None
    if circular.ranking.counties:
        columns, rows = county_table(circular, lang)
        counties = _banded(_scores_as_printed(rows, columns), columns[6], county_bands(circular))
    columns, rows = unit_table(circular, lang)
    units = units_by_rank(circular)
    frame = _scores_as_printed(rows, columns)
    frame[t("circular_page.col_times")] = [_times(unit, t) for unit in units]
    styled = _banded(frame, columns[5], [u.band for u in units])
    listing_fills = [LIST_FILLS.get(u.listing, "") for u in units]
    styled = styled.apply(
        lambda column: [f"background-color: {fill}" if fill else "" for fill in listing_fills],
        subset=[columns[7]],
    )
    return Preview(
        headings=headings,
        paragraphs=overview_paragraphs(circular, lang),
        metrics=tuple(metrics),
        delta_help=t("circular_page.delta_help"),
        # Streamlit sizes a chart to fit its whole height: the bars get theirs back on top.
        chart=stage_chart(figures, lang).properties(height=fitted_height(figures, lang))
        if figures.counties
        else None,
        counties=counties,
        units=styled,
        bands_caption=t("circular_page.bands_caption"),
        lists=list_lines(circular, lang),
        problems=tuple(problem_text(fact, lang) for fact in circular.problems),
        no_problems=t("circular_page.no_problems"),
        requirements=tuple(line for line in circular.requirements.splitlines() if line.strip()),
        choices=explain_choices(chosen, circular),
    )


def _scores_as_printed(rows: list[list], columns: list[str]) -> pd.DataFrame:
    """A table of the circular with its scores as the documents print them (91.98, 100),
    not as floats a table pads to six decimals."""
    return pd.DataFrame(
        [[score_text(value) if isinstance(value, float) else value for value in row] for row in rows],
        columns=columns,
    )


def _times(unit, t) -> str:
    if unit.listing is None:
        return ""
    times = t("circular_page.times_listed", times=unit.times_listed)
    return t("circular_page.listing_again", list=times) if unit.listed_again else times


def _banded(frame: pd.DataFrame, column: str, bands: list[str]) -> Styler:
    fills = [BAND_FILLS[band] for band in bands]
    return frame.style.apply(lambda _: [f"background-color: {fill}" for fill in fills], subset=[column])


def explain_choices(chosen: Filters, circular: Circular) -> dict[str, str]:
    """What can be explained: every unit by rank ('unit:CODE'), then every county."""
    t, lang = chosen.t, chosen.lang
    choices = {
        f"unit:{u.unit_code}": t(
            "circular_page.explain_unit",
            rank=u.rank,
            unit=u.unit_zh if lang == "zh" else u.unit_en,
            county=u.county_zh if lang == "zh" else u.county_en,
        )
        for u in units_by_rank(circular)
    }
    for c in sorted(circular.ranking.counties, key=lambda c: c.rank):
        choices[f"county:{c.county_code}"] = t(
            "circular_page.explain_county", rank=c.rank, county=c.county_zh if lang == "zh" else c.county_en
        )
    return choices


def explanation(chosen: Filters, circular: Circular, choice: str) -> Explanation:
    """Why a unit or county stands where it stands: its components × weights → points,
    the facts they were worked from, its vetoes and what would lift it to the next band."""
    t, lang = chosen.t, chosen.lang
    kind, code = choice.split(":", 1)
    band = lambda code: t(f"ranking.band.{code}")  # noqa: E731
    if kind == "county":
        county = next(c for c in circular.ranking.counties if c.county_code == code)
        name = county.county_zh if lang == "zh" else county.county_en
        weights = circular.ranking.method.county_weights
        values = {
            "county": name,
            "total": score_text(county.total),
            "band": band(county.band),
            "rank": county.rank,
            "units_mean": score_text(county.units_mean),
            "units": county.units,
        }
        summary = (
            t(
                "circular_page.explain_county_summary",
                **values,
                attainment=score_text(county.attainment),
                units_weight=score_text(weights["units"]),
                attainment_weight=score_text(weights["attainment"]),
            )
            if county.targets
            else t("circular_page.explain_county_no_targets", **values)
        )
        return Explanation(
            summary,
            None,
            tuple(fact_text(f, lang) for f in county.facts),
            (),
            tuple(fact_text(f, lang) for f in county.lifts) or (t("circular_page.explain_top"),),
        )
    unit = next(u for u in circular.ranking.units if u.unit_code == code)
    summary = t(
        "circular_page.explain_unit_summary",
        unit=unit.unit_zh if lang == "zh" else unit.unit_en,
        county=unit.county_zh if lang == "zh" else unit.county_en,
        total=score_text(unit.total),
        band=band(unit.band),
        rank=unit.rank,
        county_rank=unit.county_rank,
    )
    components = pd.DataFrame(
        {
            t("circular_page.col_component"): [t(f"ranking.component.{c.code}") for c in unit.components],
            t("circular_page.col_weight"): [f"{score_text(c.weight)}%" for c in unit.components],
            t("circular_page.col_score"): [
                t("circular_page.not_applicable") if c.score is None else score_text(c.score)
                for c in unit.components
            ],
            t("circular_page.col_points"): [score_text(c.points) for c in unit.components],
            # Each fact is a sentence with its own full stop.
            t("circular_page.col_facts"): [
                ("" if lang == "zh" else " ").join(fact_text(f, lang) for f in c.facts)
                for c in unit.components
            ],
        }
    )
    lifts = tuple(fact_text(f, lang) for f in unit.lifts)
    return Explanation(
        summary,
        components,
        (),
        tuple(fact_text(f, lang) for f in unit.vetoes),
        lifts or (t("circular_page.explain_top"),),
    )


def changes_table(chosen: Filters, changes: tuple[Change, ...]) -> pd.DataFrame | None:
    """The differences between two versions as a table (None when there are none)."""
    if not changes:
        return None
    t, lang = chosen.t, chosen.lang
    rows = []
    for change in changes:
        rows.append(
            {
                t("circular_page.col_part"): t(f"circular_page.part_{change.part}"),
                t("circular_page.col_name"): change.name_zh
                if lang == "zh"
                else change.name_en or change.name_zh,
                t("circular_page.col_field"): t(f"circular_page.field_{change.field}"),
                t("circular_page.col_before"): _shown(change, change.before, t, lang),
                t("circular_page.col_after"): _shown(change, change.after, t, lang),
            }
        )
    return pd.DataFrame(rows)


def _shown(change: Change, value, t, lang: str) -> str:
    if change.field == "requirements":
        return (
            t("circular_page.text_changed", before=len(change.before), after=len(change.after))
            if value is change.after
            else value
        )
    if value is None:
        return t("circular_page.none")
    if change.field == "problem":
        return problem_text(value, lang)
    if change.field == "band":
        return t(f"ranking.band.{value}")
    if change.field == "listing":
        return t(f"ranking.list.{value}")
    if change.field == "presence":
        return t("circular_page.present") if value else t("circular_page.absent")
    if change.field == "total":
        return score_text(value)
    return str(value)


def draft_changes(chosen: Filters, view: CircularView, requirements: str) -> pd.DataFrame | None:
    """What the draft computed now changes against the issued circular."""
    return changes_table(
        chosen, circular_changes(issued_circular(view.issued), draft_circular(view, requirements))
    )


def downloads(
    chosen: Filters, view: CircularView, circular: Circular, show_draft: bool, engine: Engine | None = None
) -> tuple[Download, ...]:
    """The Excel, Word and PDF files: the stored ones of an issued circular
    (:func:`issued_downloads`), else made from the draft on the page when clicked."""
    if view.issued is not None and not show_draft:
        return issued_downloads(chosen, view.issued, engine)
    base = file_stem(circular.ranking.region_zh, view.month, None)
    made = {
        "xlsx": lambda: write_xlsx(circular),
        "docx": lambda: write_docx(circular),
        "pdf": lambda: docx_to_pdf(write_docx(circular)),
    }
    return _downloads(chosen, base, made, pdf_available())


def issued_downloads(chosen: Filters, issued: Issued, engine: Engine | None = None) -> tuple[Download, ...]:
    """The files stored at issuing, byte for byte; the PDF made from the stored Word file
    and stored on its first request when it was not made at issuing."""
    engine = engine or data.engine()
    region = Circular.from_json(issued.circular_json).ranking.region_zh
    base = file_stem(region, issued.month, issued.number)
    made = {
        "xlsx": lambda: circulars.circular_file(engine, issued.id, "xlsx"),
        "docx": lambda: circulars.circular_file(engine, issued.id, "docx"),
        "pdf": lambda: stored_pdf(engine, issued),
    }
    return _downloads(
        chosen, base, made, pdf_available() or "pdf" in circulars.stored_kinds(engine, issued.id)
    )


def _downloads(chosen: Filters, base: str, made: dict, pdf_ready: bool) -> tuple[Download, ...]:
    t = chosen.t
    return tuple(
        Download(
            kind,
            t(f"circular_page.download_{kind}"),
            f"{base}.{kind}",
            MIMES[kind],
            made[kind] if kind != "pdf" or pdf_ready else None,
            None if kind != "pdf" or pdf_ready else t("circular_page.pdf_unavailable"),
        )
        for kind in KINDS
    )


def issue_form(
    chosen: Filters, view: CircularView, fetch: Loader | None = None, today: dt.date | None = None
) -> IssueForm:
    """The issuing form, or the correction form for an issued month."""
    fetch, _ = loaders(fetch)
    t = chosen.t
    office = fetch(circulars.office_of, chosen.region)
    issued_on = today or dt.date.today()
    if office is None:
        return IssueForm(
            None,
            t("circular_page.office_missing", region=chosen.name(chosen.region)),
            "",
            issued_on,
            view.issued is not None,
        )
    serial = fetch(circulars.next_serial, office, issued_on.year)
    number = circulars.document_number(office.abbreviation, issued_on.year, serial)
    return IssueForm(
        office,
        t("circular_page.office_stored", office=office.name_zh, abbreviation=office.abbreviation),
        t("circular_page.number_proposed", number=number),
        issued_on,
        view.issued is not None,
    )


def may_issue(view: CircularView, scope: Scope) -> bool:
    """Whether the page offers issuing: the user holds ``issue_circular`` on the region
    (the data layer refuses anyone else whatever is sent)."""
    return scope.allows("issue_circular", view.chosen.region)


def issue_now(
    view: CircularView,
    requirements: str,
    office: Office | None,
    new_office: dict[str, str] | None,
    issued_on: dt.date,
    scope: Scope,
    reason: str | None = None,
    engine: Engine | None = None,
) -> Issued:
    """Issue the draft on the page (or a correction of the issued version) as ``scope``'s
    user, who is named as the issuer; store the office first when the region has none.
    Raises :class:`data_access.circulars.IssueError` with a Chinese message, OutOfScope
    when the user may not issue there."""
    engine = engine or data.engine()
    if office is None:
        office = circulars.store_office(engine, view.chosen.region, **(new_office or {}), scope=scope)
    final = dataclasses.replace(view.draft, circular=draft_circular(view, requirements))
    return issue_draft(engine, final, office, issued_on, scope, view.issued, reason)
