"""The dashboard's heaviest reads go through indexes: a full scan of the grades or the
summaries would cost seconds at province scale (see docs/performance.md)."""

import datetime as dt

import pytest

from data_access import programmes, reports, subsidies
from data_access.attainment import target_progress
from data_access.grades import unit_item_grades
from data_access.hard_rules import hard_rule_measures
from data_access.regions import find_region
from data_access.scores import current_indicator_scores, current_item_scores
from data_access.stages import stage_counts, stage_events
from data_access.subsidies import unit_subsidies
from data_access.target_history import target_history
from data_access.units import unit_history
from tests.fixture_community import D
from tests.query_plans import sqlite_plans

LARGE_TABLES = ("report_grade", "report_summary", "report", "stage_event")


def _as_of_first(query):
    """A target query (engine, as_of, region), called as the others: (engine, region, day)."""

    def call(engine, region, day):
        return query(engine, day, region)

    call.__name__ = query.__name__
    return call


def _one_day(query):
    """A query over several days, called as the others with one."""

    def call(engine, region, day):
        return query(engine, region, (day,))

    call.__name__ = query.__name__
    return call


@pytest.mark.parametrize(
    "query",
    [
        current_item_scores,
        current_indicator_scores,
        hard_rule_measures,
        _one_day(stage_counts),
        _as_of_first(target_progress),
        _as_of_first(target_history),
    ],
    ids=lambda q: q.__name__,
)
def test_no_full_scan_of_large_tables(programme_engine, query):
    city = find_region(programme_engine, "测试市")
    for _, details in sqlite_plans(
        programme_engine, lambda: query(programme_engine, city, dt.date(2020, 2, 1))
    ):
        scans = [d for d in details if any(d.startswith(f"SCAN {table}") for table in LARGE_TABLES)]
        assert not scans, f"full scan in {details}"


def test_one_units_queries_scan_no_report_table(community_engine):
    """On SQLite, every query of a unit reads its own rows through an index."""
    month = D(2021, 12, 1)

    def read() -> None:
        programmes.unit_plan(community_engine, "U12")
        unit_item_grades(community_engine, "U11", month)
        reports.unit_activity_periods(community_engine, "U12", month)
        reports.unit_months(community_engine, "U12", month)
        reports.unit_domain_outcomes(community_engine, "U12", month)
        subsidies.unit_allocations(community_engine, "U12", month)
        unit_history(community_engine, "U11")
        unit_history(community_engine, "U12")

    big = ("report", "report_grade", "report_domain", "report_summary")
    for statement, plan in sqlite_plans(community_engine, read):
        scans = [step for step in plan if step.startswith("SCAN ")]
        assert not [s for s in scans if s.split()[1] in big], (statement, scans)


def test_county_subsidies_and_stage_events_scan_neither_reports_nor_stage_events(district_engine):
    """Report sums and stage events are read per unit through their indexes."""
    d3 = find_region(district_engine, "D3")

    def read() -> None:
        unit_subsidies(district_engine, d3, D(2021, 7, 31))
        stage_events(district_engine, d3, D(2021, 7, 31))

    for _, plan in sqlite_plans(district_engine, read):
        assert not any(step.startswith(("SCAN report", "SCAN stage_event")) for step in plan), plan
