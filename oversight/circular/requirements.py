"""下步工作要求: the first draft of a circular's requirements, written from its problems.

A draft the office edits before issuing, in Chinese (the circular's language): one
numbered requirement （一）（二）… per kind of problem, naming who must do what by when,
then one for every county.  "By when" is the end of the month the circular goes out in
(the month after the report month ranked), the time a bureau gives for putting right what
a circular names; the next report is due on the programme's deadline day.
"""

from __future__ import annotations

import datetime as dt

from oversight.circular.addressees import county_kinds
from oversight.circular.problems import period_text
from oversight.formatting import format_date, format_month
from oversight.i18n import translate
from oversight.periods import month_end, next_month
from oversight.ranking.results import Fact, Ranking

NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二: the numbering of （一） headings."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def draft_requirements(ranking: Ranking, problems: tuple[Fact, ...]) -> str:
    """The requirements' first draft: numbered paragraphs, one a line."""
    due = format_date(month_end(next_month(ranking.month)), "zh")
    kinds = {p.key: p.values for p in problems}
    paragraphs = []
    for kind, values in kinds.items():
        if kind == "missing_reports":
            months = sorted({m for item in values["items"] for m in item["months"]})
            shown = "、".join(format_month(dt.date.fromisoformat(m), "zh") for m in months)
            paragraphs.append(
                _text(kind, units=_units(values), due=due, months=shown, day=values["deadline_day"])
            )
        elif kind == "late_reports":
            paragraphs.append(_text(kind, units=_units(values), day=values["deadline_day"]))
        elif kind == "rules_not_met":
            items = [_rule(item, ranking.month) for item in values["items"]]
            paragraphs.append(_text(kind, items="；".join(items)))
        elif kind == "subsidy_undisbursed":
            counties = "、".join(item["county_zh"] for item in values["items"])
            paragraphs.append(_text(kind, counties=counties, due=due))
        else:
            paragraphs.append(_text(kind, units=_units(values), due=due))
    paragraphs.append(_text("general", counties=county_kinds(ranking, "zh")))
    return "\n".join(f"（{chinese_number(i)}）{text}" for i, text in enumerate(paragraphs, 1))


def _text(key: str, **values: object) -> str:
    return translate(f"circular.requirements.{key}", "zh", **values)


def _rule(item: dict, month: dt.date) -> str:
    """A minimum still to be met in its period, or one whose period is over (it can no
    longer be met, only kept from now on)."""
    period_end = dt.date.fromisoformat(item["period_end"])
    if period_end < month:
        return _text("rule_past", unit=item["unit_zh"], name=item["name_zh"], period=period_text(item, "zh"))
    return _text(
        "rule_item",
        unit=item["unit_zh"],
        name=item["name_zh"],
        due=format_date(month_end(period_end), "zh"),
        more=_more(item["required"], item["value"]),
    )


def _units(values: dict) -> str:
    names: list[str] = []
    for item in values["items"]:
        if item["unit_zh"] not in names:
            names.append(item["unit_zh"])
    return "、".join(names)


def _more(required: float, value: float) -> str:
    return f"{max(float(required) - float(value), 0.0):g}"
