"""The sidebar filters every page honours, kept in the URL so a view can be sent as a link.

Streamlit's own ``bind="query-params"`` writes the option's displayed text to the URL,
which would change with the language; these filters keep codes in the URL instead
(``?city=130100&month=2011-12&lang=en``) and say so when a link names something unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from data_access import regions
from data_access.programmes import programmes_within
from data_access.regions import RegionRef
from oversight.formatting import format_month
from oversight.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from oversight.periods import month_end, months_between
from ui import data


@dataclass(frozen=True)
class Filters:
    """What the sidebar chose; ``as_of`` is the last day of the chosen month."""

    lang: str
    city: RegionRef | None
    month: dt.date | None
    notices: list[str] = field(default_factory=list)

    @property
    def as_of(self) -> dt.date | None:
        return month_end(self.month) if self.month else None

    def t(self, key: str, **values: object) -> str:
        return translate(key, self.lang, **values)


def url_choice(
    key: str,
    label: str,
    options: Sequence[str],
    default: str,
    format_func: Callable[[str], str] = str,
) -> tuple[str, str | None]:
    """A sidebar selectbox whose value lives in the URL under ``key``.

    Returns the value and, when the URL named an option that does not exist, that
    rejected value (the caller tells the user what was shown instead).
    """
    rejected = None
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        if wanted is not None and wanted not in options:
            rejected = wanted
        st.session_state[key] = wanted if wanted in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = st.sidebar.selectbox(label, options, key=key, format_func=format_func)
    st.query_params[key] = value
    return value, rejected


def sidebar_filters() -> Filters:
    """Draw the language, city and month filters and return what they hold."""
    lang, _ = url_choice("lang", "语言 / Language", list(LANGUAGES), DEFAULT_LANGUAGE, LANGUAGES.__getitem__)
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    cities = data.fetch(regions.cities_with_programmes)
    if cities.empty:
        return Filters(lang, None, None, [t("filter.no_cities")])
    names = dict(zip(cities["code"], cities[f"name_{lang}"].fillna(cities["name_zh"]), strict=True))
    code, rejected_city = url_choice(
        "city", t("filter.city"), list(names), cities["code"].iloc[0], names.__getitem__
    )
    notices = []
    if rejected_city is not None:
        notices.append(t("url.unknown_city", code=rejected_city, name=names[code]))
    city = data.fetch(regions.region_by_id, int(cities.loc[cities["code"] == code, "id"].iloc[0]))
    months = _months(city)
    labels = {m.strftime("%Y-%m"): m for m in months}
    default = max(labels)
    chosen, rejected_month = url_choice(
        "month",
        t("filter.month"),
        sorted(labels, reverse=True),
        default,
        lambda key: format_month(labels[key], lang),
    )
    if rejected_month is not None:
        notices.append(t("url.unknown_month", month=rejected_month, shown=format_month(labels[chosen], lang)))
    return Filters(lang, city, labels[chosen], notices)


def _months(city: RegionRef) -> list[dt.date]:
    """The months the city's programmes run, up to the current month."""
    programmes = data.fetch(programmes_within, city)
    today = dt.date.today()
    if programmes.empty:
        return [today.replace(day=1)]
    last = min(max(programmes["end_date"]), today)
    return months_between(min(programmes["start_date"]), last)


def current() -> Filters:
    """The filters the entry script drew in this run."""
    return st.session_state["filters"]
