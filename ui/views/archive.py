"""What the circular archive page (通报存档) draws: every issued version of the sidebar
region's circulars, newest first, and for the one chosen its stored files and, for a
correction, what changed against the version it supersedes.  ``pages/archive.py`` draws."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from data_access import circulars
from data_access.circular_drafts import issued_circular
from oversight.circular_changes import circular_changes
from oversight.formatting import format_date, format_month
from ui.filters import Filters
from ui.views._loaders import Loader, loaders
from ui.views.circular import Download, changes_table, issued_downloads

FILE_NAMES = {"xlsx": "Excel", "docx": "Word", "pdf": "PDF"}


@dataclass(frozen=True)
class ArchiveView:
    """The list (a correction's reason is shown with the chosen version, not in the
    list); ``empty`` says so when nothing was issued (``table`` is then None).
    ``options`` names each version for the chooser, by id, in the table's order."""

    title: str
    caption: str
    empty: str | None
    table: pd.DataFrame | None
    options: dict[int, str]


@dataclass(frozen=True)
class ArchiveDetail:
    """One issued version: what it is, whether it was superseded, its files, and for a
    correction the changes against the version before (``changes`` None: none)."""

    text: str
    superseded_note: str | None
    reason: str | None
    """The correction's reason as a sentence (None for a first version)."""
    downloads: tuple[Download, ...]
    changes_title: str | None
    changes: pd.DataFrame | None
    no_changes: str


def archive_view(chosen: Filters, fetch: Loader | None = None) -> ArchiveView:
    fetch, _ = loaders(fetch)
    t, lang = chosen.t, chosen.lang
    region = chosen.name(chosen.region)
    title = t("archive.header", region=region)
    caption = t("archive.caption", region=region)
    rows = fetch(circulars.archive, chosen.region)
    if rows.empty:
        return ArchiveView(title, caption, t("archive.empty", region=region), None, {})
    table = pd.DataFrame(
        {
            t("archive.col_number"): rows["number"],
            t("archive.col_month"): [format_month(m, lang) for m in rows["month"]],
            t("archive.col_programme"): rows["programme_code"],
            t("archive.col_issued_on"): [format_date(d, lang) for d in rows["issued_on"]],
            t("archive.col_issued_by"): rows["issued_by"],
            # One column for a version's place in its line: three (version, supersedes,
            # superseded by) ran past 1280 px in English and hid the files.
            t("archive.col_version"): [
                _version_text(t, int(version), supersedes, superseded_by)
                for version, supersedes, superseded_by in zip(
                    rows["version"], rows["supersedes_number"], rows["superseded_by_number"], strict=True
                )
            ],
            t("archive.col_files"): [
                "、".join(FILE_NAMES[k] for k in kinds.split(",") if k)
                if lang == "zh"
                else ", ".join(FILE_NAMES[k] for k in kinds.split(",") if k)
                for kinds in rows["kinds"]
            ],
        }
    )
    if rows["programme_code"].nunique() == 1:
        # One programme: its code on every row says nothing (the sidebar names it).
        table = table.drop(columns=t("archive.col_programme"))
    options = {
        int(row.id): t(
            "archive.option", number=row.number, month=format_month(row.month, lang), version=row.version
        )
        for row in rows.itertuples()
    }
    return ArchiveView(title, caption, None, table, options)


def _version_text(t: Callable[..., str], version: int, supersedes, superseded_by) -> str:
    if isinstance(superseded_by, str):
        return t("archive.version_superseded", version=version, number=superseded_by)
    if isinstance(supersedes, str):
        return t("archive.version_correction", version=version, number=supersedes)
    return t("archive.version_current", version=version)


def archive_detail(
    chosen: Filters, circular_id: int, fetch: Loader | None = None, engine: Engine | None = None
) -> ArchiveDetail:
    fetch, _ = loaders(fetch)
    t, lang = chosen.t, chosen.lang
    issued = fetch(circulars.circular, circular_id)
    text = t(
        "archive.detail",
        number=issued.number,
        month=format_month(issued.month, lang),
        office=issued.office_zh,
        issued_on=format_date(issued.issued_on, lang),
        issued_by=issued.issued_by,
        version=issued.version,
    )
    superseded = None
    if issued.superseded_by is not None:
        later = fetch(circulars.circular, issued.superseded_by)
        superseded = t("archive.superseded_note", number=later.number)
    changes_title = changes = None
    if issued.supersedes_id is not None:
        earlier = fetch(circulars.circular, issued.supersedes_id)
        changes_title = t("archive.changes_title", number=earlier.number)
        changes = changes_table(chosen, circular_changes(issued_circular(earlier), issued_circular(issued)))
    return ArchiveDetail(
        text,
        superseded,
        None if issued.reason is None else t("archive.reason", reason=issued.reason),
        issued_downloads(chosen, issued, engine),
        changes_title,
        changes,
        t("archive.no_changes"),
    )
