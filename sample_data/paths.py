"""A sample unit's path as the offices record it through the stage forms.

On the application form (创建安全社区申报表, seed 000 annex 4) the county (区) safety
committee office gives its preliminary review opinion (初审) with a date, then the city's
office its review opinion (审核).  So a sample path's steps 县级初审 and 市级审核 are not
plain moves but those reviews, each agreeing, recorded by the reviewing office on the day
the unit moves on (``data_access.loading.StageReviewSpec``, written as
``data_access.stage_records`` writes a review); every other step is a move recorded by
the unit's county office.
"""

from __future__ import annotations

import datetime as dt

from data_access.loading import StageEventSpec, StageReviewSpec
from oversight.stage_path import REVIEW_STAGES

OPINIONS = {
    "county": "经初步审查，该社区对照创建条件开展了各项工作，自评达到安全社区标准，同意上报。",
    "city": "经审核，申报材料齐全，创建工作成效明显，同意推荐参加现场评定。",
}
"""The agreeing opinion of each review, as an office writes it on the application form."""
RETURNED = "伤害监测资料和自评报告不完整，请补充完善后重新申报。"
"""The opinion of a preliminary review that sends the application back to the unit."""
LEVEL_OF = {stage: level for level, stage in REVIEW_STAGES.items()}


def office(region_name: str) -> str:
    """The safety committee office (安委会办公室) of a county or city, as it signs a review."""
    return f"{region_name}安委会办公室"


def path_specs(
    unit_code: str,
    programme_code: str,
    path: tuple[tuple[dt.date, str], ...],
    recorded_by: str,
    reviewers: dict[str, str],
    notes: dict[tuple[dt.date, str], str] | None = None,
    returned: tuple[dt.date, ...] = (),
) -> tuple[list[StageEventSpec], list[StageReviewSpec]]:
    """The unit's moves and reviews: 县级初审 and 市级审核 as agreeing reviews by
    ``reviewers`` (level → office), the other steps as moves by ``recorded_by`` with their
    ``notes`` (a reason, or a remark); ``returned`` are the days a preliminary review sent
    the application back before the one that agreed."""
    notes = notes or {}
    events, reviews = [], []
    for day in returned:
        reviews.append(
            StageReviewSpec(unit_code, programme_code, "county", "return", RETURNED, day, reviewers["county"])
        )
    for day, code in path:
        level = LEVEL_OF.get(code)
        if level is None:
            events.append(
                StageEventSpec(unit_code, programme_code, code, day, recorded_by, notes.get((day, code), ""))
            )
        else:
            reviews.append(
                StageReviewSpec(
                    unit_code, programme_code, level, "agree", OPINIONS[level], day, reviewers[level]
                )
            )
    return events, reviews
