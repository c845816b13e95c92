"""A month's circular from today's data, and issuing it: the one way the page, the command
line and the sample make and issue a circular.

The ranking's history (``docs/ranking.md``, "Listings across months"): ``previous``, for
the rank change and "listed again", is the ranking of the latest issued version of the
month before, else that month ranked now by the current method; ``earlier``, for the
count of listings, are the rankings of the year's issued circulars (their latest
versions) before the month.  An issued ranking is read from its frozen JSON, never
recomputed, so a draft agrees with what was sent out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from data_access import circulars
from data_access.access import reads
from data_access.circular_figures import circular_figures
from data_access.circulars import Frozen, Issued, Office
from data_access.database import read_rows
from data_access.models import Programme
from data_access.ranking import ranking_inputs
from data_access.ranking_methods import current_method
from data_access.regions import RegionRef
from oversight.access import Scope
from oversight.circular.content import Circular, Issue, build_circular
from oversight.circular.docx import write_docx
from oversight.circular.figures import CircularFigures
from oversight.circular.pdf import docx_to_pdf, pdf_available
from oversight.circular.xlsx import write_xlsx
from oversight.ranking import rank
from oversight.ranking.inputs import RankingInputs
from oversight.ranking.method import RankingMethod
from oversight.ranking.results import Ranking


@dataclass(frozen=True)
class History:
    """The rankings a month's ranking is compared with."""

    previous: Ranking | None
    earlier: tuple[Ranking, ...]


@dataclass(frozen=True)
class Draft:
    """A month's circular computed now, not issued: what issuing would freeze."""

    region: RegionRef
    programme_id: int
    month: dt.date
    method: RankingMethod
    inputs: RankingInputs
    figures: CircularFigures
    circular: Circular

    @property
    def ranking(self) -> Ranking:
        return self.circular.ranking


def programme_start(engine: Engine, programme_id: int) -> dt.date:
    """The first month of the programme (the first month that can be ranked)."""
    rows = read_rows(engine, select(Programme.start_date).where(Programme.id == programme_id))
    if not rows:
        raise ValueError(f"没有编号为 {programme_id} 的创建方案")
    start = rows[0].start_date
    return (start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))).replace(day=1)


def ranking_history(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int, method: RankingMethod
) -> History:
    """``previous`` and ``earlier`` for ranking ``month`` (see the module's docstring)."""
    month = month.replace(day=1)
    prior = (month - dt.timedelta(days=1)).replace(day=1)
    issued_prior = circulars.issued(engine, region, programme_id, prior)
    if issued_prior is not None:
        previous = Ranking.from_json(issued_prior.ranking_json)
    elif prior >= programme_start(engine, programme_id):
        previous = rank(ranking_inputs(engine, region, prior, programme_id), method)
    else:
        previous = None
    earlier = tuple(
        Ranking.from_json(found.ranking_json)
        for found in circulars.issued_in_year(engine, region, programme_id, month.year)
        if found.month < month
    )
    return History(previous, earlier)


@reads("region")
def make_draft(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int, requirements: str | None = None
) -> Draft:
    """The month's circular from the data as they are now, by the programme's current
    method; ``requirements`` None gives the generated first draft of 下步工作要求."""
    month = month.replace(day=1)
    method = current_method(engine, programme_id)
    inputs = ranking_inputs(engine, region, month, programme_id)
    history = ranking_history(engine, region, month, programme_id, method)
    ranking = rank(inputs, method, history.previous, history.earlier)
    figures = circular_figures(engine, region, month, programme_id)
    return Draft(
        region, programme_id, month, method, inputs, figures, build_circular(ranking, figures, requirements)
    )


def documents(circular: Circular) -> dict[str, bytes]:
    """The workbook and the Word document of a circular (the PDF is made from the latter)."""
    return {"xlsx": write_xlsx(circular), "docx": write_docx(circular)}


def issue_draft(
    engine: Engine,
    draft: Draft,
    office: Office,
    issued_on: dt.date,
    scope: Scope,
    supersedes: Issued | None = None,
    reason: str | None = None,
    with_pdf: bool = True,
) -> Issued:
    """Issue ``draft`` under the office's next 文号 as ``scope``'s user
    (:func:`data_access.circulars.issue`, which checks the scope and leaves the audit row).

    The PDF is made after the transaction (LibreOffice takes seconds; the write lock is
    not held that long) when ``with_pdf`` and LibreOffice is there; otherwise on its first
    request (:func:`stored_pdf`).
    """

    def make(number: str) -> Frozen:
        final = build_circular(
            draft.ranking,
            draft.figures,
            draft.circular.requirements,
            Issue(office.name_zh, number, issued_on),
        )
        return Frozen(
            method_version=draft.method.version,
            method_json=draft.method.to_json(),
            inputs_json=inputs_json(draft.inputs),
            ranking_json=draft.ranking.to_json(),
            circular_json=final.to_json(),
            files=documents(final),
        )

    done = circulars.issue(
        engine,
        draft.region,
        draft.programme_id,
        draft.month,
        office,
        issued_on,
        scope,
        make,
        supersedes,
        reason,
    )
    if with_pdf and pdf_available():
        stored_pdf(engine, done)
    return done


def stored_pdf(engine: Engine, issued: Issued) -> bytes:
    """The issued circular's PDF: the stored one, else made from its frozen Word document
    and stored, so every later request gets these bytes.  Raises
    :class:`oversight.circular.pdf.PdfUnavailable` when none is stored and LibreOffice is
    absent."""
    stored = circulars.circular_file(engine, issued.id, "pdf")
    if stored is not None:
        return stored
    docx = circulars.circular_file(engine, issued.id, "docx")
    if docx is None:
        raise ValueError(f"{issued.number} 没有保存 Word 文件，无法生成 PDF")
    return circulars.add_file(engine, issued.id, "pdf", docx_to_pdf(docx))


def file_stem(region_zh: str, month: dt.date, number: str | None) -> str:
    """A circular's file name without extension: 遂宁市2015年9月安全社区建设通报（遂安监通〔2015〕9号）,
    （草稿） for a draft."""
    return f"{region_zh}{month.year}年{month.month}月安全社区建设通报（{number or '草稿'}）"


def issued_circular(issued: Issued) -> Circular:
    """The circular as it was issued, from its frozen JSON."""
    return Circular.from_json(issued.circular_json)


def inputs_json(inputs: RankingInputs) -> str:
    """The ranking's inputs as stored with an issued circular: every frame in pandas'
    "split" form (columns, rows), dates as ISO text; the same inputs, the same text."""
    return json.dumps(_plain(inputs), ensure_ascii=False, sort_keys=True)


def _plain(value: object) -> object:
    if isinstance(value, pd.DataFrame):
        return json.loads(value.to_json(orient="split", date_format="iso", index=False, force_ascii=False))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value
