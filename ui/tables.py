"""Turning rule outputs into the tables pages show: pure functions, tested without Streamlit."""

from __future__ import annotations

import pandas as pd

from oversight.formatting import format_count, format_money, format_percent
from oversight.i18n import translate
from ui.charts import STATUS_BACKGROUNDS


def target_headlines(assessed: pd.DataFrame) -> pd.DataFrame:
    """One row per target that speaks for it: its scope row, or, when a county is chosen
    and only that county's row of a city-wide target is shown, the county's row."""
    ranked = assessed.assign(_scope_first=(assessed["role"] != "scope").astype(int))
    return (
        ranked.sort_values(["target_id", "_scope_first"], kind="stable")
        .drop_duplicates("target_id")
        .drop(columns="_scope_first")
    )


def target_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One target's assessed rows as shown: each county first, then the total.

    Money targets are shown in 万元; share targets also show the share reached.
    """
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    ordered = pd.concat([rows[rows["role"] == "child"], rows[rows["role"] == "scope"]])
    shape = ordered["shape"].iloc[0]
    number = (lambda v: format_money(v, lang)) if shape == "budget" else format_count
    region = ordered[f"region_{lang}"].fillna(ordered["region_zh"])
    table = pd.DataFrame(
        {
            t("column.region"): [
                f"{name}（{t('role.scope')}）"
                if lang == "zh" and role == "scope" and len(ordered) > 1
                else f"{name} ({t('role.scope')})"
                if role == "scope" and len(ordered) > 1
                else name
                for name, role in zip(region, ordered["role"], strict=True)
            ],
            t("column.required"): [number(v) for v in ordered["required"]],
            t("column.achieved"): [number(v) for v in ordered["achieved"]],
            t("column.gap"): [number(v) for v in ordered["gap"]],
        }
    )
    if shape == "share":
        table[t("column.share")] = [
            format_percent(100 * a / u if u else None)
            for a, u in zip(ordered["achieved"], ordered["units"], strict=True)
        ]
    if shape == "budget":
        table[t("column.allocated")] = [format_money(v, lang) for v in ordered["allocated"]]
    table[t("column.status")] = [t(f"status.{status}") for status in ordered["status"]]
    return table.reset_index(drop=True)


def style_status(table: pd.DataFrame, lang: str):
    """The table with its status cells coloured like the charts' statuses, lightened.

    Colour rather than emoji, because the data grid draws on a canvas whose font may
    lack emoji on an office PC.
    """
    colours = {translate(f"status.{key}", lang): colour for key, colour in STATUS_BACKGROUNDS.items()}
    column = translate("column.status", lang)
    return table.style.map(lambda value: f"background-color: {colours.get(value, '')}", subset=[column])
