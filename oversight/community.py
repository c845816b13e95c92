"""Rules for one community's drill-down: where it stands on a day, what its titles are
worth then, whether it met the indicators' minimums in each quarter and year, and what
each correction of its monthly reports changed.

Plain functions over small frames; no Streamlit, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from oversight.hard_rules import judge, required
from oversight.periods import PERIOD_MONTHS, as_date, months_between, months_owed
from oversight.report_fields import DOMAIN_FIELDS, REPORT_FIELDS

TITLE_STATUSES = ("valid", "renewed", "expired", "revoked", "not_yet")


def title_status(named_on, valid_until, revoked_on, renewed: bool, day: dt.date) -> str:
    """What a title is worth on ``day``.

    'not_yet' before it was named; 'revoked' from its revocation day; 'renewed' once a
    renewal naming it has itself been named; 'expired' after its last valid day;
    otherwise 'valid' (a title without an end date stays valid until revoked).
    """
    if as_date(named_on) > day:
        return "not_yet"
    revoked = as_date(revoked_on)
    if revoked is not None and revoked <= day:
        return "revoked"
    if renewed:
        return "renewed"
    until = as_date(valid_until)
    if until is not None and until < day:
        return "expired"
    return "valid"


def title_statuses(titles: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """A copy of the unit's titles (id, named_on, valid_until, revoked_on, renews_id) with
    ``status`` on ``day`` and ``renewed_by`` (the id of the renewal named by then, or NA)."""
    result = titles.copy()
    named = result[[as_date(d) <= day for d in result["named_on"]]] if len(result) else result
    renewals = {
        int(old): int(new)
        for old, new in zip(named["renews_id"], named["id"], strict=True)
        if old is not None and not pd.isna(old)
    }
    result["renewed_by"] = pd.array([renewals.get(int(i)) for i in result["id"]], dtype="Int64")
    result["status"] = [
        title_status(named_on, until, revoked, int(i) in renewals, day)
        for named_on, until, revoked, i in zip(
            result["named_on"], result["valid_until"], result["revoked_on"], result["id"], strict=True
        )
    ]
    return result


def stage_on(events: pd.DataFrame, day: dt.date) -> pd.Series | None:
    """The stage event in force on ``day`` (the last one entered by then), or None."""
    if events.empty:
        return None
    entered = [as_date(d) for d in events["entered_on"]]
    before = events[[d <= day for d in entered]]
    return None if before.empty else before.iloc[-1]


def period_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last month of a calendar quarter (1–4), or of the year when ``quarter`` is 0."""
    if quarter == 0:
        return dt.date(year, 1, 1), dt.date(year, 12, 1)
    first = dt.date(year, 3 * quarter - 2, 1)
    return first, dt.date(year, 3 * quarter, 1)


def reports_owed(
    months_reported: Sequence[dt.date], owed_from: dt.date, owed_to: dt.date, month: dt.date
) -> tuple[int, int]:
    """How many monthly reports were submitted, and how many were owed, up to ``month``.

    Reports are owed for every month from ``owed_from`` to ``owed_to``; a report for a
    month outside that span (before enrolment, after the programme) does not count.
    """
    if month < owed_from:
        return 0, 0
    last = min(month, owed_to)
    reported = sum(1 for m in set(months_reported) if owed_from <= as_date(m) <= last)
    return reported, months_owed(owed_from, last, owed_from, owed_to)


def judge_periods(
    sums: pd.DataFrame,
    rules: pd.DataFrame,
    period: str,
    measures: Sequence[str],
    owed_from: dt.date,
    owed_to: dt.date,
    month: dt.date,
) -> pd.DataFrame:
    """One row per calendar period (quarter or year) the unit owed reports in, up to
    ``month``, × measure: the period's sum against the hard rule, if any, judged by
    :func:`oversight.hard_rules.judge` (the method: ``docs/rules.md``).

    ``sums`` is one row per period reported (year, quarter — 0 for a year —,
    months_reported and a sum per measure); months not reported add nothing, a period
    owed but never reported counts as zero.  Reports are owed from ``owed_from`` to
    ``owed_to`` (enrolment to programme end); a period owed only in part asks the
    minimum pro rata (``required``).  A period is complete once its last month is
    ``month`` or earlier; the one still running is 'in_progress' until it meets the
    requirement.  A measure without a rule for this period gets the verdict 'no_rule'.

    Columns: year, quarter, first_month, last_month, measure, value, minimum, required,
    strict, rule_code, months_owed, months_reported, complete, verdict.
    """
    last_owed = min(owed_to, month)
    if last_owed < owed_from:
        return pd.DataFrame(columns=[*_PERIOD_COLUMNS])
    periods = sorted(
        {
            (m.year, 0 if period == "year" else (m.month + 2) // 3)
            for m in months_between(owed_from, last_owed)
        }
    )
    rule_for = {rule.measure: rule for rule in rules[rules["period"] == period].itertuples()}
    # A dictionary, not an index: looking cells up in a frame one by one is slow.
    by_period = {(int(row["year"]), int(row["quarter"])): row for row in sums.to_dict("records")}
    length = PERIOD_MONTHS[period]
    rows = []
    for year, quarter in periods:
        first, last = period_bounds(year, quarter)
        # The requirement counts every month of the period the unit is in the programme;
        # the months owed so far say how complete its reporting is.
        owed = months_owed(first, last, owed_from, owed_to)
        found = by_period.get((year, quarter))
        reported = 0 if found is None else int(found["months_reported"])
        complete = last <= month
        for measure in measures:
            value = 0.0 if found is None else float(found[measure])
            rule = rule_for.get(measure)
            rows.append(
                {
                    "year": year,
                    "quarter": quarter,
                    "first_month": first,
                    "last_month": last,
                    "measure": measure,
                    "value": value,
                    "minimum": None if rule is None else float(rule.minimum),
                    "required": None if rule is None else required(rule.minimum, owed, length),
                    "strict": None if rule is None else bool(rule.strict),
                    "rule_code": None if rule is None else rule.code,
                    "months_owed": months_owed(first, last, owed_from, last_owed),
                    "months_reported": reported,
                    "complete": complete,
                    "verdict": "no_rule"
                    if rule is None
                    else judge(value, rule.minimum, bool(rule.strict), None, owed, length, complete),
                }
            )
    return pd.DataFrame(rows, columns=[*_PERIOD_COLUMNS])


_PERIOD_COLUMNS = (
    "year",
    "quarter",
    "first_month",
    "last_month",
    "measure",
    "value",
    "minimum",
    "required",
    "strict",
    "rule_code",
    "months_owed",
    "months_reported",
    "complete",
    "verdict",
)


def judge_months(months: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """One row per reported month × monthly rule (participation, satisfaction): the rate
    and its verdict by :func:`oversight.hard_rules.judge` — 'ok', 'violated' under the
    minimum, 'failed' under the fail line, 'not_judged' when the month's report left the
    rate empty.

    Columns: month, rule_code, measure, value, minimum, fail_below, strict, verdict.
    """
    rows = []
    for rule in rules[rules["period"] == "month"].itertuples():
        for month, value in zip(months["month"], months[rule.measure], strict=True):
            value = None if value is None or pd.isna(value) else float(value)
            rows.append(
                {
                    "month": month,
                    "rule_code": rule.code,
                    "measure": rule.measure,
                    "value": value,
                    "minimum": float(rule.minimum),
                    "fail_below": rule.fail_below,
                    "strict": bool(rule.strict),
                    "verdict": judge(value, rule.minimum, bool(rule.strict), rule.fail_below, 1, 1, True),
                }
            )
    columns = ["month", "rule_code", "measure", "value", "minimum", "fail_below", "strict", "verdict"]
    return pd.DataFrame(rows, columns=columns)


_KINDS = ("field", "grade", "domain")  # the order a revision's changes are listed in

_Place = tuple[int, ...]  # where a value is listed among a revision's changes


def _days(frame: pd.DataFrame) -> list[dt.date]:
    """The frame's months as dates, each distinct month converted once."""
    months = frame["month"].tolist()
    days = {month: as_date(month) for month in set(months)}
    return [days[month] for month in months]


def _revision_values(
    reports: pd.DataFrame, grades: pd.DataFrame | None, domains: pd.DataFrame | None, months: set[dt.date]
) -> tuple[dict[tuple, dict[int, object]], dict[tuple[str, str, str], _Place]]:
    """Every value the revisions of ``months`` hold, as (month, kind, field, part) →
    {revision: value}, and where each (kind, field, part) is listed: by kind, then report
    fields in :data:`REPORT_FIELDS` order, grades as they first come, domain counts by
    count and then by domain as they first come.

    Plain lists and dictionaries: a unit has few corrections, and pandas' overhead per
    group or per filtered frame would dwarf the work.
    """
    values: dict[tuple, dict[int, object]] = {}
    places: dict[tuple[str, str, str], _Place] = {}

    def add(kind: str, field: str, part: str, rows, place: _Place) -> None:
        for month, revision, value in rows:
            if month in months:
                places.setdefault((kind, field, part), (_KINDS.index(kind), *place))
                values.setdefault((month, kind, field, part), {})[int(revision)] = value

    days, revisions = _days(reports), reports["revision"].tolist()
    for index, field in enumerate(f for f in REPORT_FIELDS if f in reports.columns):
        add("field", field, "", zip(days, revisions, reports[field].tolist(), strict=True), (index,))
    if grades is not None and not grades.empty:
        rows = zip(
            _days(grades),
            grades["revision"].tolist(),
            grades["item_code"].tolist(),
            grades["part_code"].tolist(),
            grades["grade"].tolist(),
            strict=True,
        )
        for index, (month, revision, item, part, grade) in enumerate(rows):
            add("grade", item, part, [(month, revision, grade)], (index,))
    if domains is not None and not domains.empty:
        keys = list(
            zip(_days(domains), domains["revision"].tolist(), domains["domain_code"].tolist(), strict=True)
        )
        for count_index, count in enumerate(DOMAIN_FIELDS):
            for index, ((month, revision, code), value) in enumerate(
                zip(keys, domains[count].tolist(), strict=True)
            ):
                add("domain", code, count, [(month, revision, value)], (count_index, index))
    return values, places


def _same(a, b) -> bool:
    missing_a, missing_b = a is None or pd.isna(a), b is None or pd.isna(b)
    if missing_a or missing_b:
        return missing_a and missing_b
    return a == b


def diff_revisions(
    reports: pd.DataFrame, grades: pd.DataFrame | None = None, domains: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per correction × value it changed: what was first reported, what the
    revision before it said, and what the correction says, with when, by whom and why.

    ``reports`` is one row per revision (month, revision, submitted_at, submitted_by,
    correction_reason and the :data:`REPORT_FIELDS`); ``grades`` one row per revision ×
    item × part (month, revision, item_code, part_code, grade) and ``domains`` one row per
    revision × safety domain (month, revision, domain_code and the :data:`DOMAIN_FIELDS`),
    both optional.  A value a revision lacks (no grade given) counts as missing, so a
    grade added or dropped by a correction shows too.

    Columns: month, revision, changed_at, changed_by, reason, kind ('field', 'grade' or
    'domain'), field (a report column, an item code or a domain code), part (the item's
    part or the domain's count; '' for fields), first_value, previous_value, new_value;
    ordered by month, revision, then fields, grades and domains in their given order.
    """
    columns = [
        "month",
        "revision",
        "changed_at",
        "changed_by",
        "reason",
        "kind",
        "field",
        "part",
        "first_value",
        "previous_value",
        "new_value",
    ]
    days, revisions = _days(reports), [int(r) for r in reports["revision"].tolist()]
    corrections = {
        (month, revision): (at, by, reason)
        for month, revision, at, by, reason in zip(
            days,
            revisions,
            reports["submitted_at"].tolist(),
            reports["submitted_by"].tolist(),
            reports["correction_reason"].tolist(),
            strict=True,
        )
        if revision > 1
    }
    if not corrections:
        return pd.DataFrame(columns=columns)
    values, places = _revision_values(reports, grades, domains, {month for month, _ in corrections})
    changes = []
    for (month, kind, field, part), by_revision in values.items():
        first = by_revision.get(1)
        for revision in sorted(r for m, r in corrections if m == month):
            before, after = by_revision.get(revision - 1), by_revision.get(revision)
            if not _same(before, after):
                at, by, reason = corrections[(month, revision)]
                row = [month, revision, at, by, reason, kind, field, part, first, before, after]
                changes.append(((month, revision, places[(kind, field, part)]), row))
    if not changes:
        return pd.DataFrame(columns=columns)
    changes.sort(key=lambda change: change[0])
    return pd.DataFrame([row for _, row in changes], columns=columns)
