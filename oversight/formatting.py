"""Numbers, money and dates the way officials write them: 万元, 2015年12月."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal


def format_money(yuan: float | Decimal | None, lang: str) -> str:
    """Money in 万元 with up to two decimals (Chinese), or yuan with separators (English)."""
    if yuan is None:
        return "—"
    if lang == "zh":
        return format_wan(yuan) + "万元"
    return f"¥{float(yuan):,.0f}"


def format_wan(yuan: float | Decimal) -> str:
    """Yuan as a bare number of 万元 (10,000 yuan), up to two decimals, for a place whose
    label carries the unit: a headline tile has no room for "¥6,686,000"."""
    return f"{float(yuan) / 10000:,.2f}".rstrip("0").rstrip(".")


def format_month_compact(month: dt.date) -> str:
    """ "2011.12", in either language, for a grid cell too narrow for "2011年12月"."""
    return f"{month.year}.{month.month:02d}"


def format_month(month: dt.date, lang: str) -> str:
    return f"{month.year}年{month.month}月" if lang == "zh" else month.strftime("%b %Y")


def format_date(day: dt.date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def format_moment(at: dt.datetime, lang: str, year: bool = True) -> str:
    """A moment to the minute: 2026年12月5日 17:42 / 5 Dec 2026 17:42; without the year
    (12月5日 17:42 / 5 Dec 17:42) for one in the next hours, such as when a lock lifts."""
    if lang == "zh":
        day = f"{at.year}年{at.month}月{at.day}日" if year else f"{at.month}月{at.day}日"
    else:
        day = f"{at.day} {at:%b} {at.year}" if year else f"{at.day} {at:%b}"
    return f"{day} {at:%H:%M}"


def format_percent(share: float | None) -> str:
    """A share in per cent; one that cannot be computed (None, or NaN where a float
    column of pandas holds the None) as a dash."""
    return "—" if share is None or math.isnan(share) else f"{share:.1f}%"


def format_count(value: float | None) -> str:
    """Whole counts without a trailing .0; a missing count as a dash."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def text_width(text: str) -> int:
    """Width of ``text`` in Latin letters, a Chinese character counting two: how the
    pages size what must fit (a chart's panel title, the sidebar's choosers).  Counted by
    a regular expression: a city's circular measures some 400,000 characters."""
    return len(text) + len(_WIDE.findall(text))


_WIDE = re.compile("[\u2e81-\U0010ffff]")
"""A character drawn two Latin letters wide: CJK and everything above U+2E80."""
