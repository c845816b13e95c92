"""The overview's counts (SQL, all units) and the community page's report table (one unit)
judge a report's punctuality by the same rule, on its edge cases.

On top of tests/fixture_programme.py (programme PR, 2020, reports due on the 10th), U13
reports, worked by hand against the deadline, the 10th of the next month at 23:59:59:

========  =========================  =======================================
month     first submitted            verdict
========  =========================  =======================================
2020-01   2020-02-10 23:59:59        on time: exactly at the deadline
2020-02   2020-03-11 00:00:00        late: a second after
2020-03   2020-04-09 12:00, corrected 2020-05-20 09:00
                                     on time: the correction's time does not count
2020-04   2020-05-10 23:59:59.5      on time: within the deadline's last second
2020-05   —                          pending on 2020-06-10 23:59:59, missing a second later
========  =========================  =======================================
"""

import datetime as dt

from data_access.programmes import programmes_within, unit_plan
from data_access.progress import reporting_status
from data_access.regions import find_region
from data_access.submissions import MonthlyReport
from data_access.units import unit_history
from oversight.periods import months_between
from tests.writing import correct_report, submit_report
from ui.community_tables import reports_table

D, T = dt.date, dt.datetime
SUBMITTED = {
    D(2020, 1, 1): T(2020, 2, 10, 23, 59, 59),
    D(2020, 2, 1): T(2020, 3, 11, 0, 0, 0),
    D(2020, 3, 1): T(2020, 4, 9, 12, 0),
    D(2020, 4, 1): T(2020, 5, 10, 23, 59, 59, 500000),
}
EXPECTED = {
    D(2020, 1, 1): "on_time",
    D(2020, 2, 1): "late",
    D(2020, 3, 1): "on_time",
    D(2020, 4, 1): "on_time",
}


def _u13(month, at) -> MonthlyReport:
    return MonthlyReport(
        unit_code="U13", month=month, submitted_at=at, submitted_by="街道员", stage_code="launched"
    )


def _load(engine) -> None:
    for month, at in SUBMITTED.items():
        submit_report(engine, _u13(month, at))
    correct_report(engine, _u13(D(2020, 3, 1), T(2020, 5, 20, 9)), "更正")


def _overview(engine, judged_at):
    programme = programmes_within(engine, find_region(engine, "测试市")).iloc[0]
    owed = [(m, judged_at) for m in months_between(D(2020, 1, 1), D(2020, 5, 1))]
    frame = reporting_status(engine, int(programme["id"]), 10, owed, find_region(engine, "U13"))
    return dict(zip(frame["month"], frame["status"], strict=True))


def test_both_paths_agree_on_the_edges(programme_engine):
    _load(programme_engine)
    overview = _overview(programme_engine, T(2020, 6, 10, 23, 59, 59))
    assert overview == {**EXPECTED, D(2020, 5, 1): "pending"}
    assert _overview(programme_engine, T(2020, 6, 11))[D(2020, 5, 1)] == "missing"
    reports = unit_history(programme_engine, "U13").reports
    plan = unit_plan(programme_engine, "U13").drop_duplicates("programme_code")
    table = reports_table(reports, plan, "en", {})
    community = dict(zip(table["Month"], table["On time"], strict=True))
    labels = {"on_time": "On time", "late": "Late"}
    months = {
        "Jan 2020": D(2020, 1, 1),
        "Feb 2020": D(2020, 2, 1),
        "Mar 2020": D(2020, 3, 1),
        "Apr 2020": D(2020, 4, 1),
    }
    assert {months[m]: p for m, p in community.items()} == {m: labels[s] for m, s in EXPECTED.items()}
