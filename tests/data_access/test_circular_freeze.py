"""An issued circular never changes, and the ranking's history is read from what was issued.

On tests/fixture_ranking.py's six streets (ranks worked by hand there): February and March
2021 in 测评市 (RC), programme RK.

History (docs/ranking.md, "Listings across months"): March's ``previous`` is February's
issued ranking when February was issued (even after a report of February was corrected),
else February ranked now; ``earlier`` holds only issued circulars.  By hand, from the fixture: with February issued, March's red units A1,
A2 and B1 are listed again for the 2nd time, A3 and B2 black again 2nd, B3 black 1st (red
in February); A2 and B1 gained a place, B3 lost three.  With February not issued the rank
changes and "listed again" are the same (February ranked now is the same ranking) but no
listing is counted from it: each listed unit has 1 listing.

The freeze: February issued; then B3's February report is corrected to give its
satisfaction rate (complete: reporting (1 + 1)/2 = 100, so by the fixture's February
working B3 = stages 100, assessment 100, reporting 100, hazards 100 → 100.00 instead of
95.31), B2's missing February report arrives (too late to count: the ranking stays
judged at 2021-03-10), and a new method version moves 5 points from hazards to reporting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from data_access.circular_drafts import (
    documents,
    inputs_json,
    issue_draft,
    issued_circular,
    make_draft,
    ranking_history,
    stored_pdf,
)
from data_access.circulars import circular_file, issued, store_office, stored_kinds
from data_access.ranking import ranking_inputs
from data_access.ranking_methods import current_method, store_method
from data_access.regions import find_region
from oversight.access import Scope
from oversight.circular.pdf import pdf_available
from oversight.ranking import rank
from oversight.ranking.method import DEFAULT_METHOD
from oversight.ranking.results import Ranking
from tests.data_access.conftest import programme_id
from tests.fixture_ranking import _report, load_ranking
from tests.writing import correct_report, submit_report

FEB, MAR = dt.date(2021, 2, 1), dt.date(2021, 3, 1)
ISSUED_ON = dt.date(2021, 3, 12)


@pytest.fixture
def city(engine):
    load_ranking(engine)
    region = find_region(engine, "RC")
    office = store_office(
        engine,
        region,
        "测评市安全生产监督管理局",
        "测安监通",
        "各县安监局",
        "市政府办公室",
        scope=Scope.command_line(),
    )
    return engine, region, office, programme_id(engine, "RK")


def _issue(city, month, on=ISSUED_ON, **more):
    engine, region, office, programme = city
    draft = make_draft(engine, region, month, programme)
    return issue_draft(engine, draft, office, on, Scope.command_line("张三"), with_pdf=False, **more)


def _by_code(ranking: Ranking) -> dict:
    return {u.unit_code: u for u in ranking.units}


def test_history_reads_the_issued_month_before(city):
    engine, region, _, programme = city
    february = _issue(city, FEB)
    # Corrected after issuing: February ranked now would give B3 100.00; the issued 95.31 stands.
    correct_report(engine, _report("B3", FEB, dt.datetime(2021, 3, 20, 9), inspections=1), "补填满意度")
    history = ranking_history(engine, region, MAR, programme, DEFAULT_METHOD)
    assert history.previous == Ranking.from_json(february.ranking_json)
    assert _by_code(history.previous)["B3"].total == 95.31
    assert history.earlier == (history.previous,)
    march = _by_code(make_draft(engine, region, MAR, programme).ranking)
    listed = {code: (u.listing, u.listed_again, u.times_listed) for code, u in march.items()}
    assert listed == {
        "A1": ("red", True, 2),
        "A2": ("red", True, 2),
        "B1": ("red", True, 2),
        "A3": ("black", True, 2),
        "B2": ("black", True, 2),
        "B3": ("black", False, 1),
    }
    assert {code: u.change for code, u in march.items()} == {
        "A1": 0,
        "A2": 1,
        "B1": 1,
        "A3": 1,
        "B3": -3,
        "B2": 0,
    }


def test_history_ranks_the_month_before_now_when_it_was_not_issued(city):
    engine, region, _, programme = city
    history = ranking_history(engine, region, MAR, programme, DEFAULT_METHOD)
    assert history.previous == rank(ranking_inputs(engine, region, FEB, programme), DEFAULT_METHOD)
    assert history.earlier == ()
    march = _by_code(make_draft(engine, region, MAR, programme).ranking)
    assert {code: (u.listed_again, u.times_listed) for code, u in march.items()} == {
        "A1": (True, 1),
        "A2": (True, 1),
        "B1": (True, 1),
        "A3": (True, 1),
        "B2": (True, 1),
        "B3": (False, 1),
    }
    assert march["B3"].change == -3


def test_history_starts_with_the_programme_and_takes_the_latest_version(city):
    engine, region, _, programme = city
    assert ranking_history(engine, region, dt.date(2021, 1, 1), programme, DEFAULT_METHOD).previous is None
    first = _issue(city, FEB)
    # B3's February report made complete: the correction's ranking is the one March reads.
    correct_report(engine, _report("B3", FEB, dt.datetime(2021, 3, 20, 9), inspections=1), "补填满意度")
    second = _issue(city, FEB, dt.date(2021, 3, 21), supersedes=first, reason="B3 二月月报更正")
    history = ranking_history(engine, region, MAR, programme, DEFAULT_METHOD)
    assert history.previous == Ranking.from_json(second.ranking_json)
    assert _by_code(history.previous)["B3"].total == 100.0
    assert _by_code(Ranking.from_json(first.ranking_json))["B3"].total == 95.31
    assert history.earlier == (history.previous,)


def test_an_issued_circular_never_changes_while_a_draft_does(city):
    engine, region, _, programme = city
    done = _issue(city, FEB)
    files = {kind: circular_file(engine, done.id, kind) for kind in ("xlsx", "docx")}
    assert all(files.values())
    ranking = Ranking.from_json(done.ranking_json)
    assert _by_code(ranking)["B3"].total == 95.31
    assert done.number == "测安监通〔2021〕1号"
    assert issued_circular(done).issue.number == "测安监通〔2021〕1号"

    correct_report(engine, _report("B3", FEB, dt.datetime(2021, 3, 20, 9), inspections=1), "补填满意度")
    submit_report(engine, _report("B2", FEB, dt.datetime(2021, 3, 22, 9)))
    weights = dict(DEFAULT_METHOD.weights) | {"reporting": 20.0, "hazards": 10.0}
    stored = store_method(
        engine,
        programme,
        dataclasses.replace(DEFAULT_METHOD, weights=weights),
        Scope.command_line("测试员"),
        "报送权重加5",
    )
    assert stored.version == 1 and current_method(engine, programme).version == 1

    again = issued(engine, region, programme, FEB)
    assert again == done
    assert {kind: circular_file(engine, done.id, kind) for kind in ("xlsx", "docx")} == files
    assert Ranking.from_json(again.ranking_json) == ranking
    assert again.method_version == 0

    draft = make_draft(engine, region, FEB, programme)
    assert draft.method.version == 1
    b3 = _by_code(draft.ranking)["B3"]
    assert b3.total == 100.0
    assert _by_code(draft.ranking)["B2"].vetoes  # the late report still counts as missing
    assert documents(draft.circular)["xlsx"] != files["xlsx"]


def test_the_inputs_are_stored_as_they_were(city):
    engine, region, _, programme = city
    done = _issue(city, FEB)
    assert done.inputs_json == inputs_json(ranking_inputs(engine, region, FEB, programme))
    assert '"region_code": "RC"' in done.inputs_json


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice is not installed")
def test_the_pdf_is_made_once_from_the_frozen_word_file(city):
    engine, _, _, _ = city
    done = _issue(city, FEB)
    assert "pdf" not in stored_kinds(engine, done.id)
    first = stored_pdf(engine, done)
    assert first.startswith(b"%PDF")
    assert stored_pdf(engine, done) == first
    assert circular_file(engine, done.id, "pdf") == first
