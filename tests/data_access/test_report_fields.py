"""The report fields are named once (oversight/report_fields.py): the schema and the write
path are held to that list."""

import dataclasses

from sqlalchemy import CheckConstraint

from data_access.models import Report, ReportDomain
from data_access.submissions import MonthlyReport
from oversight.report_fields import DOMAIN_FIELDS, REPORT_COUNTS, REPORT_FIELDS, REPORT_MONEY, REPORT_RATES

REPORT_BOOKKEEPING = [
    "id",
    "unit_id",
    "month",
    "revision",
    "is_current",
    "supersedes_id",
    "scheme_id",
    "submitted_at",
    "submitted_by",
    "correction_reason",
]
"""The columns of a report revision that say whose, when and which, not what was reported."""


def test_the_report_table_has_the_bookkeeping_then_every_report_field_in_order():
    assert [c.name for c in Report.__table__.columns] == [*REPORT_BOOKKEEPING, *REPORT_FIELDS]


def test_the_domain_table_has_the_key_then_every_domain_field():
    assert [c.name for c in ReportDomain.__table__.columns] == ["report_id", "domain_code", *DOMAIN_FIELDS]


def _checks(table) -> dict[str, str]:
    return {
        str(c.name).removeprefix(f"ck_{table.name}_"): str(c.sqltext)
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    }


def test_every_count_and_money_field_is_checked_non_negative_and_every_rate_as_a_percentage():
    checks = _checks(Report.__table__)
    for name in (*REPORT_COUNTS, *REPORT_MONEY):
        assert checks[name] == f"{name} >= 0"
    for name in REPORT_RATES:
        assert checks[name] == f"{name} BETWEEN 0 AND 100"
    domain_checks = _checks(ReportDomain.__table__)
    assert {name: domain_checks[name] for name in DOMAIN_FIELDS} == {
        "projects_running": "projects_running >= 0",
        "accidents": "accidents >= 0",
        "injuries": "injuries >= 0",
        "deaths": "deaths >= 0",
    }


def test_a_monthly_report_carries_every_report_field_after_who_and_when():
    names = [f.name for f in dataclasses.fields(MonthlyReport)]
    assert names == [
        "unit_code",
        "month",
        "submitted_at",
        "submitted_by",
        *REPORT_FIELDS,
        "domains",
        "grades",
    ]
    blank = MonthlyReport("U1", None, None, "测试员", "launched")
    assert (blank.inspections, blank.participation_rate, blank.funds_spent, blank.problems_text) == (
        0,
        None,
        0,
        "",
    )
