"""The fields of a monthly report, named once.

The schema's checks, the write path, the correction diff and the report tables all go
through these lists; here, in the rules layer, so that ``data_access`` and ``ui`` can
both import them (``oversight`` imports neither).
"""

REPORT_COUNTS = (
    "education_events",
    "trainings",
    "drills",
    "inspections",
    "hazards_found",
    "hazards_rectified",
    "volunteers",
    "reviews_held",
)
"""Activity counts: never negative, summed per quarter and year against the hard rules."""

REPORT_RATES = ("participation_rate", "satisfaction_rate")
"""Percentages, 0–100, judged month by month."""

REPORT_MONEY = ("funds_spent", "subsidy_received")
"""Yuan received and spent in the month."""

REPORT_TEXTS = ("progress_text", "problems_text", "next_steps_text")

REPORT_FIELDS = ("stage_code", *REPORT_COUNTS, *REPORT_RATES, *REPORT_MONEY, *REPORT_TEXTS)
"""Every field a correction can change, in the order a correction's changes are listed."""

DOMAIN_FIELDS = ("projects_running", "accidents", "injuries", "deaths")
"""The counts a report gives per safety domain; ``deaths`` (死亡人数) are those of the
month's accidents, what the ranking's fatal-accident veto reads (docs/ranking.md)."""
