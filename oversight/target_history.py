"""The history behind a day's target rows, as the forecast reads it.

A plain container: :func:`data_access.target_history.target_history` fills it from the
database and :func:`oversight.forecast.forecast_targets` reads it, so the rules never
import the query layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class TargetHistory:
    """The history behind the rows of :func:`data_access.attainment.target_progress` on one as-of date.

    Attributes
    ----------
    targets
        One row per target: target_id, programme_id, scope_region_id, programme_start.
    events
        One row per target × region × event counting toward that row, dated up to as-of:
        target_id, region_id, unit_id, on, amount.  A title of the target's level named
        for a unit of the region (renewals, 再命名, are not new namings), a pilot unit's
        first launch, or a payment against the programme's allocations to the region.
        ``amount`` is 1 for a title or a launch and yuan for a payment (unit_id empty).
        By target; the scope row's first, then the county rows', each by date.
    untitled
        One row per title target not yet due × region × unit enrolled by as-of without
        the title on as-of: target_id, region_id, unit_id, stage_seq (0 for 未启动), entered_on
        (when it entered that stage; the enrolment date for 未启动).  A per-child target
        has none on its scope row, which is judged from its children.  By target; the
        scope row's first, then the county rows', each by unit id.
    transitions
        One row per stage move observed in the programmes of those targets up to as-of,
        enrolment counting as entering stage 0: programme_id, unit_id and its
        province_id, city_id, county_id (to tell which scope it lies in), from_seq,
        to_seq, entered_on (the stage left), left_on; by programme, unit and date.
    stage_seqs
        Stage code → seq, from the catalogue (命名 is ``stage_seqs["named"]``).
    """

    targets: pd.DataFrame
    events: pd.DataFrame
    untitled: pd.DataFrame
    transitions: pd.DataFrame
    stage_seqs: dict[str, int]
