import datetime as dt

import pandas as pd

from oversight.reporting import months_judged, owed_by_programme, owed_span

D = dt.date
END_OF_DAY = dt.time.max


def test_reports_are_owed_from_enrolment_to_the_last_programmes_end():
    plan = pd.DataFrame(
        {
            "programme_code": ["A", "A", "B"],
            "start_date": [D(2011, 5, 1), D(2011, 5, 1), D(2016, 1, 1)],
            "end_date": [D(2015, 12, 31), D(2015, 12, 31), D(2017, 6, 30)],
            "enrolled_on": [D(2012, 1, 15), D(2012, 1, 15), D(2016, 1, 1)],
        }
    )
    assert owed_span(plan) == (D(2012, 1, 1), D(2017, 6, 1))
    assert owed_span(plan.iloc[0:0]) is None


def test_enrolled_before_the_programme_starts_owes_from_the_start():
    plan = pd.DataFrame(
        {"start_date": [D(2011, 5, 20)], "end_date": [D(2011, 9, 10)], "enrolled_on": [D(2011, 3, 1)]}
    )
    assert owed_span(plan) == (D(2011, 5, 1), D(2011, 9, 1))


def test_in_january_the_overview_judges_december_and_compares_with_november():
    judged = months_judged(D(2016, 1, 1))
    assert list(judged.items()) == [
        (D(2015, 12, 1), dt.datetime.combine(D(2016, 1, 31), END_OF_DAY)),
        (D(2015, 11, 1), dt.datetime.combine(D(2015, 12, 31), END_OF_DAY)),
    ]


def test_a_programme_owes_the_months_from_its_start_month_to_its_end_month():
    judged = months_judged(D(2011, 12, 1))  # November, against October
    november, october = D(2011, 11, 1), D(2011, 10, 1)
    assert [m for m, _ in owed_by_programme(judged, D(2011, 5, 20), D(2011, 11, 15))] == [november, october]
    assert [m for m, _ in owed_by_programme(judged, D(2011, 11, 3), D(2012, 6, 30))] == [november]
    assert [m for m, _ in owed_by_programme(judged, D(2011, 1, 1), D(2011, 10, 31))] == [october]
    assert owed_by_programme(judged, D(2012, 1, 1), D(2012, 12, 31)) == ()
