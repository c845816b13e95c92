"""The sample's issued monthly circulars: 遂宁市 issues one for each month of its 2015
programme, on the 8th of the month after, and one correction.

They are issued as the story unfolds: the month's circular on the 8th of the next month
from the data as they stood then, the units' report corrections (``simulate_stories``)
each written when it was made.  A correction made after its month's circular was issued
and that changes the ranking is what a bureau corrects a circular for; the first such
one is issued as a new version of that month's circular, the day after the report was
corrected, with the report correction as its reason (docs/sample.md, "Issued circulars").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from data_access.circular_drafts import issue_draft, issued_circular, make_draft
from data_access.circulars import Issued, issued, store_office
from data_access.regions import find_region
from data_access.submissions import MonthlyReport, write_corrections
from oversight.access import Scope
from oversight.circular_changes import circular_changes
from oversight.periods import months_between, next_month


@dataclass(frozen=True)
class SampleOffice:
    """The issuing office of a sample city and the programme it circulates."""

    region_code: str
    programme_code: str
    name_zh: str
    abbreviation: str
    addressees: str
    copy_to: str
    issued_by: str


OFFICES = {
    "suining": SampleOffice(
        "510900",
        "SN-2015",
        "遂宁市安全生产监督管理局",
        "遂安监通",
        "各县（区）、园区安监局",
        "市人民政府办公室，省安全生产监督管理局",
        "市安监局办公室",
    )
}
"""Scenarios whose city issues circulars, by scenario name."""

ISSUE_DAY = 8
"""The day of the next month a month's circular is issued on."""


def issue_sample_circulars(
    engine: Engine,
    sample: SampleOffice,
    programme_id: int,
    months: tuple[dt.date, dt.date],
    corrections: Sequence[tuple[MonthlyReport, str]],
) -> list[Issued]:
    """Issue the months' circulars and write ``corrections``, in the order they happened
    (a correction at the same moment as an issue goes first); return what was issued."""
    region = find_region(engine, sample.region_code)
    issuer = Scope.command_line(sample.issued_by)
    office = store_office(
        engine, region, sample.name_zh, sample.abbreviation, sample.addressees, sample.copy_to, scope=issuer
    )
    events: list[tuple[dt.datetime, int, object]] = [
        (dt.datetime.combine(next_month(month).replace(day=ISSUE_DAY), dt.time(9)), 1, month)
        for month in months_between(*months)
    ]
    events += [(report.submitted_at, 0, (report, reason)) for report, reason in corrections]
    done: list[Issued] = []
    corrected = False
    for _, kind, what in sorted(events, key=lambda event: (event[0], event[1])):
        if kind == 1:
            draft = make_draft(engine, region, what, programme_id)
            done.append(issue_draft(engine, draft, office, _issue_date(what), issuer, with_pdf=False))
            continue
        report, reason = what
        with engine.begin() as connection:
            write_corrections(connection, [(report, reason)])
        current = issued(engine, region, programme_id, report.month)
        if corrected or current is None:
            continue
        before = issued_circular(current)
        draft = make_draft(engine, region, report.month, programme_id, before.requirements)
        if not circular_changes(before, draft.circular):
            continue
        unit = find_region(engine, report.unit_code)
        why = f"{unit.name_zh}{report.month.month}月月报更正（{reason}），据更正后的月报重新计算排名"
        on = report.submitted_at.date() + dt.timedelta(days=1)
        done.append(issue_draft(engine, draft, office, on, issuer, current, why, with_pdf=False))
        corrected = True
    return done


def _issue_date(month: dt.date) -> dt.date:
    return next_month(month).replace(day=ISSUE_DAY)
