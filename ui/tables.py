"""Turning rule outputs into the tables pages show: pure functions, tested without Streamlit."""

from __future__ import annotations

import pandas as pd

from oversight.formatting import format_count, format_money, format_percent
from oversight.i18n import translate
from oversight.statuses import STATUSES
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
    table[t("column.needed")] = needed_texts(ordered, lang)
    return table.reset_index(drop=True)


def needed_text(needed_per_month: float | None, months_left: float | None, budget: bool, lang: str) -> str:
    """What a target still needs before its due date, in words a person reads at a glance.

    One unit needed over 30 months is 0.03 a month, which one decimal shows as "0.0": a
    rate under one unit a month is said as the units over the months left instead ("30个月
    内1个", "1 in 30 months"); one unit a month or more, and money, as a rate ("每月2个",
    "¥2,481 a month").  A dash when nothing is needed (met, or past due).
    """
    if needed_per_month is None or pd.isna(needed_per_month) or months_left is None or pd.isna(months_left):
        return "—"
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    if budget:
        return t("need.per_month", amount=format_money(needed_per_month, lang))
    if needed_per_month >= 1:
        return t("need.per_month", amount=t("need.units", count=format_count(round(needed_per_month, 1))))
    total = round(needed_per_month * months_left, 6)
    return t(
        "need.over_months",
        amount=t("need.units", count=format_count(total)),
        months=format_count(max(round(months_left), 1)),
    )


def needed_texts(rows: pd.DataFrame, lang: str) -> list[str]:
    """:func:`needed_text` for every forecast row (a dash for rows without a forecast)."""
    if "needed_per_month" not in rows:
        return ["—"] * len(rows)
    return [
        needed_text(needed, months, shape == "budget", lang)
        for needed, months, shape in zip(
            rows["needed_per_month"], rows["months_left"], rows["shape"], strict=True
        )
    ]


def status_summary(statuses: pd.Series, lang: str) -> str:
    """The headline over every target: how many in each status, in the declared order,
    final verdicts (met first, missed last) apart from those not yet due, zero counts
    left out: "共 5 项目标：已完成 1 项；未到期 4 项（按进度 2 项，未开始 2 项）".
    """
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    counts = statuses.value_counts()
    by_code = {status.code: status for status in STATUSES}

    def part(code: str) -> list[str]:
        count = int(counts.get(code, 0))
        return [t("summary.part", status=t(by_code[code].key), count=count)] if count else []

    pending = [text for status in STATUSES if not status.final for text in part(status.code)]
    group = []
    if pending:
        not_due = int(sum(counts.get(status.code, 0) for status in STATUSES if not status.final))
        group = [t("summary.not_due", count=not_due, parts=t("summary.join").join(pending))]
    sentences = [*part("met"), *group, *part("missed")]
    return t("summary.total", total=len(statuses), parts=t("summary.join_outer").join(sentences))


def style_status(table: pd.DataFrame, lang: str):
    """The table with its status cells coloured like the charts' statuses, lightened.

    Colour rather than emoji, because the data grid draws on a canvas whose font may
    lack emoji on an office PC.
    """
    colours = {translate(f"status.{key}", lang): colour for key, colour in STATUS_BACKGROUNDS.items()}
    column = translate("column.status", lang)
    return table.style.map(lambda value: f"background-color: {colours.get(value, '')}", subset=[column])
