"""Judging the hard rules of the national indicators against what units reported.

The indicators set numbers: participation ≥ 50% (below 30% fails), satisfaction > 80%
(below 60% fails), at least 4 comprehensive inspections a year, resident education at
least once a quarter, a performance review at least once a year.  They speak of
calendar periods, so a rule is judged per calendar month, quarter or year (the method,
with worked examples, is in ``docs/rules.md``):

- a period is judged once it is over (its last month is the month viewed or earlier);
  the period still running is 'in_progress', and 'ok' as soon as its count reaches the
  requirement, which no later month can undo;
- a unit owes a period only the months it was in the programme (from its enrolment month
  to the programme's last month); a period it owed only in part asks the minimum pro
  rata, rounded up: enrolled in May, ⌈4 × 8 / 12⌉ = 3 inspections that year;
- a month without a report adds nothing to a count: an activity the bureau was never
  told of did not happen for it;
- a rate is judged on the month's own value; a month whose rate was not reported is
  'not_judged'.

The heatmap judges each unit's latest complete period per rule (for all units of a
region at once, see :func:`judge_hard_rules`), the community page every period of one
unit (:func:`oversight.community.judge_periods`); both call :func:`judge`.
"""

from __future__ import annotations

import math

import pandas as pd

from oversight.periods import PERIOD_MONTHS, months_owed

VERDICTS = ("ok", "in_progress", "violated", "failed", "not_judged", "not_owed")
"""'ok' met; 'in_progress' the period runs and has not met it yet; 'violated' under the
minimum; 'failed' under the fail line; 'not_judged' no rate reported; 'not_owed' the unit
was not in the programme in that period."""


def required(minimum: float, owed: int, length: int) -> float:
    """What a period of ``length`` months asks of a unit that owed ``owed`` of them: the
    minimum, or for a period owed in part the minimum pro rata, rounded up."""
    if owed >= length:
        return float(minimum)
    return float(math.ceil(minimum * owed / length))


def judge(
    value: float | None,
    minimum: float,
    strict: bool,
    fail_below: float | None,
    owed: int,
    length: int,
    complete: bool,
) -> str:
    """The verdict on one unit, rule and period (see :data:`VERDICTS`).

    ``value`` is the period's count (months not reported add nothing) or the month's
    rate; ``owed`` the months of the period the unit was in the programme, of ``length``;
    ``complete`` whether the period is over by the month viewed.
    """
    if owed <= 0:
        return "not_owed"
    if value is None or pd.isna(value):
        return "not_judged"
    need = required(minimum, owed, length)
    below = value <= need if strict else value < need
    if not below:
        return "ok"
    if not complete:
        return "in_progress"
    if fail_below is not None and not pd.isna(fail_below) and value < fail_below:
        return "failed"
    return "violated"


def judge_hard_rules(measures: pd.DataFrame) -> pd.DataFrame:
    """Add ``months_owed``, ``required`` and ``verdict`` to each unit × rule row of
    :func:`data_access.hard_rules.hard_rule_measures`: every unit's latest complete period
    of every rule, judged."""
    judged = measures.copy()
    lengths = [PERIOD_MONTHS[p] for p in measures["period"]]
    owed = [
        months_owed(first, last, owed_from, owed_to)
        for first, last, owed_from, owed_to in zip(
            measures["first_month"],
            measures["last_month"],
            measures["owed_from"],
            measures["owed_to"],
            strict=True,
        )
    ]
    judged["months_owed"] = owed
    judged["required"] = [
        required(m, o, n) for m, o, n in zip(measures["minimum"], owed, lengths, strict=True)
    ]
    judged["verdict"] = [
        judge(value, minimum, strict, fail_below, o, n, True)
        for value, minimum, strict, fail_below, o, n in zip(
            measures["value"],
            measures["minimum"],
            measures["strict"],
            measures["fail_below"],
            owed,
            lengths,
            strict=True,
        )
    ]
    return judged
