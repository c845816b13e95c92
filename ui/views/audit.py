"""What the audit page (审计日志) draws: the search's choices, the events found (newest
first, at most :data:`SHOWN`), each change as its changed fields before → after, and the
CSV of what is shown.  ``pages/audit.py`` draws; the scope decides what is found
(``data_access.audit.search``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data_access import audit
from data_access.regions import RegionRef, county_units, find_region
from oversight.access import Scope
from oversight.audit import KINDS
from oversight.formatting import format_date, format_moment
from oversight.i18n import translate
from oversight.spreadsheet_text import csv_bytes

SHOWN = 500
"""The most events the page shows at once (newest first); a note says when there are more."""


@dataclass(frozen=True)
class AuditSearch:
    """What the user searches for; empty fields match everything."""

    user: str = ""
    kinds: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    region: str = ""
    """A region's code, one of :func:`audit_regions`'s; "" for all the scope's."""


@dataclass(frozen=True)
class AuditView:
    """The events found as the page shows them (``table`` None with ``problem`` when the
    search itself is wrong), how many, and the CSV of the table."""

    problem: str | None
    table: pd.DataFrame | None
    summary: str
    capped: str | None
    csv: bytes | None


def kind_names(lang: str) -> dict[str, str]:
    """Every event kind by its name, for the chooser, in the order they are declared."""
    return {kind: translate(f"audit.kind.{kind}", lang) for kind in KINDS}


def audit_regions(engine: Engine, scope: Scope, lang: str) -> dict[str, str]:
    """The regions the search may be narrowed to: "" (all the scope may read), each region
    where the scope holds ``read_audit`` and the county-level units in it, by name."""
    options = {"": translate("audit.all_regions", lang)}
    for place in scope.places("read_audit"):
        options[place.code] = _name(place.name_zh, place.name_en, lang)
        for county in county_units(engine, place).itertuples():
            if county.code != place.code:
                options[county.code] = _name(county.name_zh, county.name_en, lang)
    return options


def audit_view(engine: Engine, scope: Scope, search: AuditSearch, lang: str) -> AuditView:
    """The events ``search`` finds within ``scope``."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    if search.since and search.until and search.until < search.since:
        problem = t(
            "audit.until_before_since",
            since=format_date(search.since, lang),
            until=format_date(search.until, lang),
        )
        return AuditView(problem, None, "", None, None)
    region = _region(engine, scope, search.region)
    found = audit.search(
        engine,
        scope,
        user=search.user.strip() or None,
        since=search.since,
        until=search.until,
        kinds=search.kinds,
        region=region,
        limit=SHOWN + 1,
    )
    if found.empty:
        return AuditView(None, None, t("audit.empty"), None, None)
    shown = found.head(SHOWN)
    table = pd.DataFrame(
        {
            t("audit.col_at"): [format_moment(at, lang) for at in shown["at"]],
            t("audit.col_user"): shown["username"],
            t("audit.col_kind"): [t(f"audit.kind.{kind}") for kind in shown["kind"]],
            t("audit.col_subject"): shown["subject"],
            t("audit.col_region"): [
                _name(zh, en, lang) if isinstance(zh, str) else ""
                for zh, en in zip(shown["region_zh"], shown["region_en"], strict=True)
            ],
            t("audit.col_change"): [
                change_text(before, after, lang)
                for before, after in zip(shown["before"], shown["after"], strict=True)
            ],
        }
    )
    capped = t("audit.capped", count=SHOWN) if len(found) > SHOWN else None
    return AuditView(None, table, t("audit.count", count=len(shown)), capped, csv_bytes(table))


def _region(engine: Engine, scope: Scope, code: str) -> RegionRef | None:
    """The chosen region (None: all the scope's); one outside the scope is refused by the
    search, whatever the page offered."""
    return find_region(engine, code) if code else None


def change_text(before: str | None, after: str | None, lang: str) -> str:
    """A record's change, its changed fields only: ``stage: launched → named``; a new
    record's fields as they were written, a removed one's as they were."""
    old, new = _loaded(before), _loaded(after)
    if not isinstance(old, dict) and not isinstance(new, dict):
        if old is None and new is None:
            return ""
        return f"{_value(old)} → {_value(new)}"
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    parts = []
    for field in dict.fromkeys([*old, *new]):
        if field in old and field in new:
            if old[field] != new[field]:
                parts.append(f"{field}: {_value(old[field])} → {_value(new[field])}")
        elif field in new:
            parts.append(f"{field}: {_value(new[field])}")
        else:
            parts.append(f"{field}: {_value(old[field])} → —")
    return ("；" if lang == "zh" else "; ").join(parts)


def _loaded(text: str | None) -> Any:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    return json.loads(text)


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _name(name_zh: str, name_en: str | None, lang: str) -> str:
    return name_en if lang == "en" and isinstance(name_en, str) and name_en else name_zh
