"""The district page's display transforms: pure functions from query and rule outputs to
the frames its charts draw and the tables it shows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data_access.subsidies import MONEY
from oversight.formatting import format_count, format_date, format_money, format_percent
from oversight.i18n import translate
from oversight.money import disbursement_rate, receipt_rate, total_receipt_rate
from oversight.periods import next_month
from oversight.schedule import VERDICTS
from ui.tables import needed_texts

ONE_DAY = dt.timedelta(days=1)
LABEL_PX_PER_CHAR = 13
"""Width of one CJK character at the charts' 12 px font, with a little room."""


def _t(lang: str):
    return lambda key, **values: translate(key, lang, **values)


def stage_names(stages: pd.DataFrame, lang: str) -> dict[str, str]:
    """Stage code → its name in ``lang``, in path order."""
    return dict(zip(stages["code"], stages[f"name_{lang}"], strict=True))


def unit_names(enrolments: pd.DataFrame, lang: str) -> dict[int, str]:
    """Unit id → its name in ``lang`` (Chinese when it has no English name)."""
    names = enrolments[f"unit_{lang}"].fillna(enrolments["unit_zh"])
    return dict(zip(enrolments["unit_id"], names, strict=True))


def pipeline_frame(counts: pd.DataFrame, stages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per stage of the path, in order, with the units standing there now and the
    units that have reached it or gone further (the funnel).

    ``counts`` are :func:`data_access.stages.stage_counts` rows (any number of
    counties; they are added up).  ``label`` reads "now (reached)".  Columns: stage_code,
    stage, stage_seq, units, reached, label.
    """
    now = counts.groupby("stage_code")["units"].sum()
    frame = pd.DataFrame(
        {
            "stage_code": stages["code"].to_numpy(),
            "stage": stages[f"name_{lang}"].to_numpy(),
            "stage_seq": stages["seq"].to_numpy(),
            "units": [int(now.get(code, 0)) for code in stages["code"]],
        }
    )
    frame["reached"] = frame["units"][::-1].cumsum()[::-1]
    t = _t(lang)
    frame["label"] = [
        t("district.pipeline_label", now=now, reached=reached)
        for now, reached in zip(frame["units"], frame["reached"], strict=True)
    ]
    return frame


def stage_spans(
    enrolments: pd.DataFrame,
    events: pd.DataFrame,
    stages: pd.DataFrame,
    as_of: dt.date,
    lang: str,
) -> pd.DataFrame:
    """One row per unit × stretch of time spent in one stage, up to ``as_of``.

    A unit stands in 未启动 from its enrolment to its first stage event, then in each
    stage until the next event; the last stretch ends with the as-of day.  ``end`` is
    exclusive (the day after the last day), so stretches join without gaps.  Units
    enrolled after ``as_of`` have none.  ``enrolments`` and ``events`` are one
    programme's.  Columns: unit_id, unit, stage_code, stage, start, end, start_text,
    end_text.
    """
    names = stage_names(stages, lang)
    units = unit_names(enrolments, lang)
    rows = []
    for unit in enrolments.itertuples(index=False):
        if unit.enrolled_on > as_of:
            continue
        own = events[(events["unit_id"] == unit.unit_id) & (events["entered_on"] <= as_of)]
        steps = list(zip(own["stage_code"], own["entered_on"], strict=True))
        # A unit that had started before it was enrolled never stood in 未启动.
        if not steps or steps[0][1] > unit.enrolled_on:
            steps.insert(0, ("not_started", unit.enrolled_on))
        for index, (code, start) in enumerate(steps):
            end = steps[index + 1][1] if index + 1 < len(steps) else as_of + ONE_DAY
            if end <= start:
                continue
            rows.append(
                {
                    "unit_id": unit.unit_id,
                    "unit": units[unit.unit_id],
                    "stage_code": code,
                    "stage": names[code],
                    "start": start,
                    "end": end,
                    "start_text": format_date(start, lang),
                    "end_text": format_date(end - ONE_DAY, lang),
                }
            )
    return pd.DataFrame(
        rows, columns=["unit_id", "unit", "stage_code", "stage", "start", "end", "start_text", "end_text"]
    )


HORIZON_MONTHS = 6
"""How far past the as-of month the timeline looks ahead into the plan."""


def timeline_domain(
    programme_start: dt.date, programme_end: dt.date, spans: pd.DataFrame, as_of: dt.date
) -> tuple[dt.date, dt.date]:
    """The timeline's time axis: from the programme's start (or an earlier stage event,
    or the as-of day before the start) to the programme's end, but no further than
    :data:`HORIZON_MONTHS` past the as-of day, so the stretches already lived stay
    readable in a programme of several years.  The end is exclusive."""
    first = min([programme_start, as_of, *spans["start"]])
    horizon = (as_of + ONE_DAY).replace(day=1)
    for _ in range(HORIZON_MONTHS):
        horizon = next_month(horizon)
    return first, max(min(programme_end + ONE_DAY, horizon), as_of + ONE_DAY)


def window_frame(
    planned: pd.DataFrame,
    stages: pd.DataFrame,
    milestones: dict[int, str | None],
    domain: tuple[dt.date, dt.date],
    width_px: int,
    lang: str,
) -> pd.DataFrame:
    """One row per planned stage of one programme as the timeline draws it.

    ``label`` is the stage's name when it fits the visible part of the window on a
    chart ``width_px`` wide over ``domain`` (start, exclusive end), else its number (the
    plan table names them all); ``mid`` is the middle of the visible part, where the
    label goes.  ``end`` is exclusive; ``band`` alternates 0/1 for the background
    shading.  ``milestones`` maps the stage's seq to the step it expects (None: none).
    Columns: seq, name, label, start, end, mid, band, expects, period.
    """
    t = _t(lang)
    names = stage_names(stages, lang)
    days = max((domain[1] - domain[0]).days, 1)
    rows = []
    for band, stage in enumerate(planned.itertuples(index=False)):
        name = getattr(stage, f"name_{lang}")
        end = stage.planned_end + ONE_DAY
        shown_start, shown_end = max(stage.planned_start, domain[0]), min(end, domain[1])
        width = max((shown_end - shown_start).days, 0) / days * width_px
        milestone = milestones.get(stage.seq)
        rows.append(
            {
                "seq": stage.seq,
                "name": name,
                "label": name
                if len(name) * LABEL_PX_PER_CHAR * (1 if lang == "zh" else 0.6) <= width
                else str(stage.seq),
                "start": stage.planned_start,
                "end": end,
                "mid": shown_start + (shown_end - shown_start) / 2,
                "band": band % 2,
                "expects": names[milestone] if milestone else t("district.no_milestone"),
                "period": t(
                    "district.period",
                    start=format_date(stage.planned_start, lang),
                    end=format_date(stage.planned_end, lang),
                ),
            }
        )
    return pd.DataFrame(
        rows, columns=["seq", "name", "label", "start", "end", "mid", "band", "expects", "period"]
    )


def overdue_frame(
    overdue: pd.DataFrame, enrolments: pd.DataFrame, stages: pd.DataFrame, as_of: dt.date, lang: str
) -> pd.DataFrame:
    """The overdue units of one programme as the timeline flags them: a red stretch from
    the first missed planned end to the as-of day.  Columns: unit_id, unit, since, until,
    expected, days."""
    names = stage_names(stages, lang)
    units = unit_names(enrolments, lang)
    return pd.DataFrame(
        {
            "unit_id": overdue["unit_id"].to_numpy(),
            "unit": [units[u] for u in overdue["unit_id"]],
            "since": [day + ONE_DAY for day in overdue["overdue_since"]],
            "until": [as_of + ONE_DAY] * len(overdue),
            "expected": [names[code] for code in overdue["expected"]],
            "days": overdue["days_overdue"].astype(int).to_numpy(),
        }
    )


def current_stages(spans: pd.DataFrame) -> dict[int, str]:
    """Unit id → the stage code it stands in on the as-of day (its last stretch)."""
    return dict(zip(spans["unit_id"], spans["stage_code"], strict=True)) if not spans.empty else {}


def overdue_table(
    overdue: pd.DataFrame,
    enrolments: pd.DataFrame,
    stages: pd.DataFrame,
    current: dict[int, str],
    lang: str,
) -> pd.DataFrame:
    """The overdue units as a table: unit, stage now, stage expected, since, days.

    A unit whose stage ended on the as-of day is overdue at that day's end (docs/rules.md
    §3) with 0 days past it: the table says the stage was due that day, not a bare 0."""
    t = _t(lang)
    names = stage_names(stages, lang)
    units = unit_names(enrolments, lang)
    return pd.DataFrame(
        {
            t("district.col_unit"): [units[u] for u in overdue["unit_id"]],
            t("district.col_stage_now"): [names[current.get(u, "not_started")] for u in overdue["unit_id"]],
            t("district.col_expected"): [names[code] for code in overdue["expected"]],
            t("district.col_overdue_since"): [format_date(d, lang) for d in overdue["overdue_since"]],
            t("district.col_days_overdue"): [
                format_count(d) if d else t("district.overdue_that_day") for d in overdue["days_overdue"]
            ],
        }
    )


def plan_table(windows: pd.DataFrame, judged: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per planned stage: its dates, the step it expects, and how many units
    reached it on time, late, are overdue or still have time."""
    t = _t(lang)
    counts = {seq: group["verdict"].value_counts() for seq, group in judged.groupby("stage_seq", sort=False)}
    table = pd.DataFrame(
        {
            t("district.col_planned_stage"): [
                f"{seq}. {name}" for seq, name in zip(windows["seq"], windows["name"], strict=True)
            ],
            t("district.col_period"): windows["period"].to_numpy(),
            t("district.col_expects"): windows["expects"].to_numpy(),
        }
    )
    for verdict in VERDICTS:
        table[t(f"district.verdict_{verdict}")] = [
            format_count(counts[seq].get(verdict, 0)) if seq in counts else "—" for seq in windows["seq"]
        ]
    return table


def target_rows(assessed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per target that concerns the county: its row of a city target (the
    county's part) or the county's own target.  Money in 万元 (yuan in English).

    ``assessed`` carries ``status`` (:mod:`oversight.statuses`) and what is still needed
    (:func:`ui.tables.needed_text`) when forecast, else ``met`` only.
    """
    t = _t(lang)
    table = pd.DataFrame(
        {
            t("district.col_target"): [
                f"{programme} {code}　{description}"
                if lang == "zh"
                else f"{programme} {code} · {description}"
                for programme, code, description in zip(
                    assessed["programme_code"],
                    assessed["target_code"],
                    assessed[f"description_{lang}"],
                    strict=True,
                )
            ],
            t("district.col_due"): [format_date(d, lang) for d in assessed["due_date"]],
        }
    )
    for column in ("required", "achieved", "gap"):
        table[t(f"column.{column}")] = [
            format_money(v, lang) if shape == "budget" else format_count(v)
            for v, shape in zip(assessed[column], assessed["shape"], strict=True)
        ]
    table[t("column.share")] = [
        format_percent(100 * a / u) if shape == "share" and u else "—"
        for a, u, shape in zip(assessed["achieved"], assessed["units"], assessed["shape"], strict=True)
    ]
    statuses = (
        assessed["status"] if "status" in assessed else assessed["met"].map({True: "met", False: "not_met"})
    )
    table[t("column.status")] = [t(f"status.{s}") for s in statuses]
    if "needed_per_month" in assessed:
        table[t("column.needed")] = needed_texts(assessed, lang)
    return table.reset_index(drop=True)


def subsidy_table(subsidies: pd.DataFrame, county_name: str, lang: str) -> pd.DataFrame:
    """One row per recipient (the county's own row marked as such) and a total row;
    money in 万元, with 拨付率 and 到位率 as :mod:`oversight.money` defines them.  Funds
    spent include the units' own money, so they are an amount, never a rate."""
    t = _t(lang)
    names = subsidies["region_en" if lang == "en" else "region_zh"].fillna(subsidies["region_zh"])
    labels = [
        t("district.county_itself", county=county_name) if level == "county" else name
        for name, level in zip(names, subsidies["level"], strict=True)
    ]
    totals = subsidies[MONEY].sum(min_count=1)
    frame = pd.concat([subsidies[MONEY], totals.to_frame().T], ignore_index=True)
    labels.append(t("role.scope"))
    table = pd.DataFrame({t("district.col_recipient"): labels})
    for column in MONEY:
        table[t(f"district.col_{column}")] = [
            format_money(None if pd.isna(v) else v, lang) for v in frame[column]
        ]
    table[t("district.col_paid_share")] = [
        format_percent(disbursement_rate(a, d))
        for a, d in zip(frame["allocated"], frame["disbursed"], strict=True)
    ]
    table[t("district.col_received_share")] = [
        *(
            format_percent(receipt_rate(a, r))
            for a, r in zip(subsidies["allocated"], subsidies["received"], strict=True)
        ),
        format_percent(total_receipt_rate(subsidies)),
    ]
    return table


def subsidy_chart_frame(subsidies: pd.DataFrame, county_name: str, lang: str) -> pd.DataFrame:
    """The recipients' money in long form for the grouped bar chart: in 万元 in Chinese,
    in yuan in English (as :func:`oversight.formatting.format_money` writes them).

    Columns: recipient, measure (translated), measure_seq, amount.
    """
    t = _t(lang)
    names = subsidies["region_en" if lang == "en" else "region_zh"].fillna(subsidies["region_zh"])
    rows = []
    for name, level, *amounts in zip(names, subsidies["level"], *(subsidies[m] for m in MONEY), strict=True):
        recipient = t("district.county_itself", county=county_name) if level == "county" else name
        for seq, (measure, amount) in enumerate(zip(MONEY, amounts, strict=True)):
            if not pd.isna(amount):
                rows.append(
                    {
                        "recipient": recipient,
                        "measure": t(f"district.col_{measure}"),
                        "measure_seq": seq,
                        "amount": float(amount) / (10000 if lang == "zh" else 1),
                    }
                )
    return pd.DataFrame(rows, columns=["recipient", "measure", "measure_seq", "amount"])


def county_choices(counties: pd.DataFrame, enrolled: pd.Series, lang: str) -> list[tuple[str, str]]:
    """(code, button label) for each county-level unit of the city, with its enrolled units.

    ``enrolled`` maps county code → number of enrolled units.
    """
    t = _t(lang)
    names = counties[f"name_{lang}"].fillna(counties["name_zh"])
    return [
        (code, t("district.choose_label", county=name, units=int(enrolled.get(code, 0))))
        for code, name in zip(counties["code"], names, strict=True)
    ]
