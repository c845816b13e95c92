"""The sidebar filters every page honours, kept in the URL so a view can be sent as a link.

Streamlit's own ``bind="query-params"`` writes the option's displayed text to the URL,
which would change with the language; these filters keep codes in the URL instead
(``?city=130100&month=2011-12&lang=en``) and say so when a link names something unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from data_access import regions
from data_access.programmes import programmes_within
from data_access.regions import RegionRef
from oversight.access import OutOfScope, Scope
from oversight.formatting import format_month, text_width
from oversight.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from oversight.periods import month_end, months_between
from ui import data


@dataclass(frozen=True)
class Filters:
    """What the sidebar chose.

    ``region`` is the chosen unit (a user who reads units only), else the chosen
    county-level unit, or the city when none is chosen;
    ``programme`` is one row of ``programmes_within`` or None for all of them;
    ``as_of`` is the last day of the chosen month.
    """

    lang: str
    city: RegionRef | None
    month: dt.date | None
    county: RegionRef | None = None
    programme: pd.Series | None = None
    notices: list[str] = field(default_factory=list)
    widest_choice: int = 0
    """The :func:`~oversight.formatting.text_width` of the longest name the sidebar's
    choosers offer: the frame widens the sidebar so that no chosen name is cut."""
    unit: RegionRef | None = None

    @property
    def region(self) -> RegionRef | None:
        return self.unit or self.county or self.city

    @property
    def programme_id(self) -> int | None:
        return None if self.programme is None else int(self.programme["id"])

    @property
    def as_of(self) -> dt.date | None:
        return month_end(self.month) if self.month else None

    def t(self, key: str, **values: object) -> str:
        return translate(key, self.lang, **values)

    def name(self, region: RegionRef) -> str:
        """A region's name in the chosen language (Chinese when it has no English name)."""
        return region.name_en if self.lang == "en" and region.name_en else region.name_zh


def url_choice(
    key: str,
    label: str,
    options: Sequence[str],
    default: str,
    format_func: Callable[[str], str] = str,
    locked: bool = False,
) -> tuple[str, str | None]:
    """A sidebar selectbox whose value lives in the URL under ``key`` (``locked``: shown,
    not changeable, such as a county user's own county).

    Returns the value and, when the URL named an option that does not exist, that
    rejected value (the caller tells the user what was shown instead).
    """
    rejected = None
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        if wanted is not None and wanted not in options:
            rejected = wanted
        st.session_state[key] = wanted if wanted in options else default
    else:
        # Assigned even when unchanged: Streamlit derives a widget's id partly from the
        # running page, which can differ between the first runs of a fresh server, and a
        # value assigned here reaches the widget whatever its id (else the choice is lost).
        current = st.session_state[key]
        st.session_state[key] = current if current in options else default
    # No typing in the sidebar's short lists: a search without a match says "No results",
    # in English whatever the language (docs/i18n.md).
    value = st.sidebar.selectbox(
        label, options, key=key, format_func=format_func, filter_mode=None, disabled=locked
    )
    if value == ALL:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    return value, rejected


ALL = ""
SIDEBAR_PARAMS = ("lang", "city", "county", "place", "programme", "month")
"""The URL parameters :func:`sidebar_filters` keeps its choices in (``place``: the unit
of a user who reads units only, a unit clerk)."""


@dataclass(frozen=True)
class _City:
    """A city as :meth:`~oversight.access.Scope.leads_to` needs it, from
    ``cities_with_programmes``'s row (before the user may look it up)."""

    id: int
    province_id: int | None
    level: str = "city"

    @property
    def ancestor_ids(self) -> set[int]:
        return set() if self.province_id is None else {self.province_id}


def sidebar_filters(scope: Scope) -> Filters:
    """Draw the language, city, county, programme and month filters; return what they hold.

    The choosers offer only what ``scope`` may see: the cities that lead to a readable
    region, the counties (or, for a clerk, the units) it reads, and the programmes within.
    A link naming anything else is told apart from nothing: its notice says the code does
    not exist or lies outside the user's view."""
    # Labelled in every language: one who cannot read the current one still finds it.
    label = " / ".join(translate("filter.language", code) for code in LANGUAGES)
    lang, rejected = url_choice("lang", label, list(LANGUAGES), DEFAULT_LANGUAGE, LANGUAGES.__getitem__)
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    notices = [] if rejected is None else [language_notice(rejected, lang)]
    cities = data.reference(regions.cities_with_programmes)
    cities = cities[[scope.leads_to(_City(int(r.id), _id(r.province_id))) for r in cities.itertuples()]]
    if cities.empty:
        # A user who reads no region (an administrator) has nothing to choose.
        missing = [t("filter.no_cities")] if scope.can("read") or scope.everything else []
        return Filters(lang, None, None, notices=[*notices, *missing])
    names = _names(cities, lang)
    code, rejected = url_choice(
        "city", t("filter.city"), list(names), cities["code"].iloc[0], names.__getitem__
    )
    if rejected is not None:
        notices.append(city_notice(rejected, _region_coded(rejected), names[code], lang))
    city = data.reference(regions.region_by_id, int(cities.loc[cities["code"] == code, "id"].iloc[0]))

    county, unit, place_names = _county_or_unit(scope, city, lang, notices)
    around = city if scope.allows("read", city) else unit or county
    programmes = data.reference(programmes_within, around)
    programme_names = {ALL: t("filter.all_programmes")} | {
        row.code: programme_label(row, lang) for row in programmes.itertuples()
    }
    programme_code, rejected = url_choice(
        "programme", t("filter.programme"), list(programme_names), ALL, programme_names.__getitem__
    )
    if rejected is not None:
        elsewhere = _programme_elsewhere(rejected, cities, scope, lang)
        notices.append(programme_notice(rejected, elsewhere, city, lang))
    programme = None if programme_code == ALL else programmes.set_index("code").loc[programme_code]
    if programme is not None:
        programme = programme.copy()
        programme["code"] = programme_code

    months, default = _months(
        programmes if programme is None else programmes[programmes["code"] == programme_code]
    )
    labels = {m.strftime("%Y-%m"): m for m in months}
    chosen, rejected = url_choice(
        "month",
        t("filter.month"),
        sorted(labels, reverse=True),
        default.strftime("%Y-%m"),
        lambda key: format_month(labels[key], lang),
    )
    if rejected is not None:
        notices.append(month_notice(rejected, format_month(labels[chosen], lang), lang))
    if programme is not None:
        # The chooser names it short; its full name, an official title, goes under it.
        st.sidebar.caption(programme[f"name_{lang}"])
    offered = [*names.values(), *place_names, *programme_names.values()]
    widest = max(text_width(name) for name in offered)
    return Filters(lang, city, labels[chosen], county, programme, notices, widest, unit)


def _county_or_unit(
    scope: Scope, city: RegionRef, lang: str, notices: list[str]
) -> tuple[RegionRef | None, RegionRef | None, list[str]]:
    """The county chooser (with "all counties" only for a user who reads the city), or,
    for a user who reads no county of the city, the unit chooser; locked when it holds
    one choice.  Returns the chosen county and unit (None: the whole city) and the names
    the chooser offers."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    whole = scope.allows("read", city)
    readable = [p for p in scope.places("read") if p.id != city.id and city.id in p.ancestor_ids]
    counties = [p for p in readable if p.level == "county"]
    if whole:
        frame = data.reference(regions.county_units, city)
        refs = {c: None for c in frame["code"]}
        county_names = {ALL: t("filter.all_counties")} | _names(frame, lang)
    elif counties or not readable:
        refs = {p.code: p for p in sorted(counties, key=lambda p: p.code)}
        county_names = {code: _region_name(p, lang) for code, p in refs.items()}
    else:
        refs = {p.code: p for p in sorted(readable, key=lambda p: p.code) if p.level == "unit"}
        names = {code: _region_name(p, lang) for code, p in refs.items()}
        code, rejected = url_choice(
            "place", t("filter.unit"), list(names), next(iter(names)), names.__getitem__, len(names) == 1
        )
        if rejected is not None:
            notices.append(t("url.unknown_unit", code=echo(rejected), shown=names[code]))
        return None, refs[code], list(names.values())
    default = ALL if whole else next(iter(county_names))
    county_code, rejected = url_choice(
        "county",
        t("filter.county"),
        list(county_names),
        default,
        county_names.__getitem__,
        len(county_names) == 1,
    )
    if rejected is not None:
        found = _region_coded(rejected)
        home = data.reference(regions.region_by_id, found.city_id) if found and found.city_id else None
        shown = None if county_code == ALL else county_names[county_code]
        notices.append(county_notice(rejected, found, home, city, lang, shown))
    offered = list(county_names.values())
    if county_code == ALL:
        return None, None, offered
    county = refs[county_code] or data.reference(
        regions.region_by_id, int(frame.loc[frame["code"] == county_code, "id"].iloc[0])
    )
    return county, None, offered


def _id(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def programme_label(programme: Any, lang: str) -> str:
    """A programme as its chooser names it: its title level and years ("全国安全社区 ·
    2008–2011年"); its full name is an official document's title, too long for a chooser."""
    start, end = programme.start_date.year, programme.end_date.year
    years = str(start) if start == end else f"{start}–{end}"
    level = getattr(programme, f"level_{lang}")
    return f"{level} · {years}年" if lang == "zh" else f"{level} · {years}"


MAX_ECHO = 20
"""Characters of a URL value a notice quotes; a longer one is cut with an ellipsis."""


def echo(value: str) -> str:
    """A URL value as a notice quotes it: a 5,000-character parameter would fill the page."""
    return value if len(value) <= MAX_ECHO else value[:MAX_ECHO] + "…"


def _empty(value: str) -> bool:
    return not value.strip()


def language_notice(wanted: str, lang: str) -> str:
    """A language the app does not speak: say which it speaks and which it shows."""
    if _empty(wanted):
        return translate("url.empty", lang, param="lang", shown=LANGUAGES[lang])
    choices = ("、" if lang == "zh" else ", ").join(f"{name} {code}" for code, name in LANGUAGES.items())
    return translate("url.unknown_language", lang, code=echo(wanted), choices=choices, shown=LANGUAGES[lang])


def city_notice(wanted: str, found: RegionRef | None, shown: str, lang: str) -> str:
    """A city code not among the cities with a programme: empty, unknown, not a city, or a
    real city that has no programme; ``found`` is the region of that code, if any."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    if _empty(wanted):
        return t("url.empty", param="city", shown=shown)
    if found is None:
        return t("url.unknown_city", code=echo(wanted), name=shown)
    name = _region_name(found, lang)
    if found.level != "city":
        return t("url.not_a_city", code=echo(wanted), name=name, shown=shown)
    return t("url.city_without_programme", code=echo(wanted), name=name, shown=shown)


def county_notice(
    wanted: str,
    found: RegionRef | None,
    home: RegionRef | None,
    city: RegionRef,
    lang: str,
    shown: str | None = None,
) -> str:
    """A county code not among the chosen city's: unknown or outside the user's view
    (``found`` None: the notice does not say which), not a county, or a county of another
    city (``home``); ``shown`` is the county shown instead (None: all counties)."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    shown = shown or t("url.all_counties")
    if found is None:
        return t("url.unknown_county", code=echo(wanted), shown=shown)
    name = _region_name(found, lang)
    if found.level != "county":
        return t("url.not_a_county", code=echo(wanted), name=name, shown=shown)
    other = _region_name(home, lang) if home is not None else t("url.another_city")
    return t(
        "url.county_elsewhere",
        code=echo(wanted),
        name=name,
        other=other,
        city=_region_name(city, lang),
        shown=shown,
    )


def programme_notice(wanted: str, elsewhere: tuple[str, str] | None, city: RegionRef, lang: str) -> str:
    """A programme code not among the chosen city's: unknown, or (``elsewhere``: its name
    and its city) a programme of another city."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    if elsewhere is None:
        return t("url.unknown_programme", code=echo(wanted))
    name, other = elsewhere
    return t(
        "url.programme_elsewhere", code=echo(wanted), name=name, other=other, city=_region_name(city, lang)
    )


def month_notice(wanted: str, shown: str, lang: str) -> str:
    """A month outside the months one can look at, or none at all."""
    if _empty(wanted):
        return translate("url.empty", lang, param="month", shown=shown)
    return translate("url.unknown_month", lang, month=echo(wanted), shown=shown)


def unit_notice(unit: RegionRef, region: RegionRef, programme: str | None, lang: str) -> str:
    """Why a unit a link names is not in the chooser: it lies outside the sidebar's region,
    or it lies inside but is not enrolled (in the chosen ``programme``, or in any)."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    name = _region_name(unit, lang)
    if not regions.is_inside(unit, region):
        return t("community.outside_region", unit=name, region=_region_name(region, lang))
    return t(
        "community.unit_not_enrolled",
        unit=name,
        region=_region_name(region, lang),
        programme=programme or t("community.any_programme"),
    )


def _region_name(region: RegionRef, lang: str) -> str:
    return region.name_en if lang == "en" and region.name_en else region.name_zh


def _region_coded(code: str) -> RegionRef | None:
    """The region whose code (not name) is ``code``, if the user may be told of it (it
    leads to a region the user reads); None for one that does not exist or lies outside."""
    if _empty(code):
        return None
    try:
        return data.reference(regions.region_by_code, code)
    except OutOfScope:
        return None


def _programme_elsewhere(code: str, cities: pd.DataFrame, scope: Scope, lang: str) -> tuple[str, str] | None:
    """The name and city of the programme with this code in another city the user reads,
    if there is one (one outside the user's view is told as unknown)."""
    for city_id in cities["id"]:
        city = data.reference(regions.region_by_id, int(city_id))
        if not scope.allows("read", city):
            continue
        programmes = data.reference(programmes_within, city)
        match = programmes[programmes["code"] == code]
        if not match.empty:
            return str(match[f"name_{lang}"].iloc[0]), _region_name(city, lang)
    return None


def _names(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(frame["code"], frame[f"name_{lang}"].fillna(frame["name_zh"]), strict=True))


def _months(programmes: pd.DataFrame) -> tuple[list[dt.date], dt.date]:
    """The months one can look at, and the default.

    From half a year before the first programme starts to the current month, so a
    leader can also look before a start or after an end (titles expire, are renewed);
    the default is the last month of the latest programme, or the current month.
    """
    this_month = dt.date.today().replace(day=1)
    if programmes.empty:
        return [this_month], this_month
    first = min(programmes["start_date"]).replace(day=1)
    first = dt.date(first.year - (first.month <= 6), (first.month - 7) % 12 + 1, 1)
    default = min(max(programmes["end_date"]).replace(day=1), this_month)
    return months_between(first, this_month), default


def sidebar_params(params: Mapping[str, str]) -> dict[str, str]:
    """The sidebar's choices among a page's query parameters, for a link to another page
    that keeps them (the link adds its own, such as ``unit``)."""
    return {key: str(params[key]) for key in SIDEBAR_PARAMS if params.get(key) not in (None, "")}
