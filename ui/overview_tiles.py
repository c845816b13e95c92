"""The overview's headline figures for a month and their change from the month before."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from oversight.formatting import format_percent
from oversight.i18n import translate
from oversight.money import disbursement_rate


@dataclass(frozen=True)
class Tile:
    """One headline figure: a message key for its label, the value, the change, and a note."""

    key: str
    value: float
    delta: float | None
    money: bool = False
    fewer_is_better: bool = False


def stage_tiles(now: pd.DataFrame, before: pd.DataFrame) -> list[Tile]:
    """Units enrolled and units launched (any stage past 未启动), from two ``stage_counts``."""

    def totals(frame: pd.DataFrame) -> tuple[int, int]:
        enrolled = int(frame["units"].sum())
        launched = int(frame.loc[frame["stage_code"] != "not_started", "units"].sum())
        return enrolled, launched

    (enrolled, launched), (enrolled_before, launched_before) = totals(now), totals(before)
    return [
        Tile("overview.tile.enrolled", enrolled, enrolled - enrolled_before),
        Tile("overview.tile.launched", launched, launched - launched_before),
    ]


def title_tiles(now: pd.DataFrame, before: pd.DataFrame, lang: str) -> list[tuple[str, Tile]]:
    """One tile per title level held now or a month ago, labelled with the level's name."""
    levels = pd.concat([now, before]).drop_duplicates("level_code").sort_values("level_rank")
    held_now = now.set_index("level_code")["units"]
    held_before = before.set_index("level_code")["units"]
    return [
        (
            level[f"level_{lang}"],
            Tile(
                "overview.tile.titles",
                int(held_now.get(level["level_code"], 0)),
                int(held_now.get(level["level_code"], 0)) - int(held_before.get(level["level_code"], 0)),
            ),
        )
        for _, level in levels.iterrows()
    ]


def reporting_tiles(now: pd.DataFrame, before: pd.DataFrame) -> list[Tile]:
    """Reports owed for a month: received (on time + late), late, missing; from ``reporting_status``."""

    def counts(frame: pd.DataFrame) -> tuple[int, int, int]:
        status = frame["status"].value_counts()
        on_time, late, missing = (int(status.get(s, 0)) for s in ("on_time", "late", "missing"))
        return on_time + late, late, missing

    now_counts, before_counts = counts(now), counts(before)
    keys = ("overview.tile.received", "overview.tile.late", "overview.tile.missing")
    return [
        Tile(key, n, n - b, fewer_is_better=key != "overview.tile.received")
        for key, n, b in zip(keys, now_counts, before_counts, strict=True)
    ]


def money_tiles(now: pd.Series, before: pd.Series) -> list[Tile]:
    """Subsidy allocated, disbursed, and funds spent, in yuan; from ``subsidy_totals``."""
    return [
        Tile(f"overview.tile.{name}", float(now[name]), float(now[name] - before[name]), money=True)
        for name in ("allocated", "disbursed", "spent")
    ]


def money_note(now: pd.Series, lang: str) -> str:
    """What the money tiles mean, with the one rate their totals allow: disbursed ÷
    allocated (docs/money.md).  Funds spent include the units' own money, so no rate of
    spending against the subsidy is given."""
    rate = disbursement_rate(float(now["allocated"]), float(now["disbursed"]))
    return translate("overview.tiles.money", lang, rate=format_percent(rate))


BEHIND = ("missing", "late")
"""The report statuses a leader follows up, in the order the list shows them."""


def units_behind(reports: pd.DataFrame, units: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The units behind the 缺报 and 其中迟报 tiles: those whose report ``reporting_status``
    judged missing or late, with their county: missing first, then by code (which keeps a
    county's units together).

    ``units`` is ``community_choices`` (code, names, county names); a name missing in
    English falls back to Chinese.  Columns: status, county, unit, code.
    """
    behind = reports[reports["status"].isin(BEHIND)][["unit_code", "status"]].drop_duplicates()
    named = behind.merge(units, left_on="unit_code", right_on="code", how="left")
    frame = pd.DataFrame(
        {
            "status": named["status"],
            "county": named[f"county_{lang}"].fillna(named["county_zh"]),
            "unit": named[f"name_{lang}"].fillna(named["name_zh"]),
            "code": named["unit_code"],
            "rank": named["status"].map(BEHIND.index),
        }
    )
    return frame.sort_values(["rank", "code"]).drop(columns="rank").reset_index(drop=True)
