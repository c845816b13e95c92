"""The synthetic province: its shape follows from the parameters, and the seed fixes its data.

Worked out by hand for 60 units × 6 months: 60 / 25 rounds to 2 counties, each its own
city (fewer counties than the 12 cities), so 2 programmes, 4 pilots and at most 360
reports, of which at least 90% arrive (units miss a month with 1.5–5% chance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from data_access.engine import make_engine
from data_access.models import (
    Programme,
    ProgrammeUnit,
    Region,
    Report,
    ReportSummary,
    StageEvent,
    StageReview,
    Target,
    Title,
)
from data_access.schema import initialise
from sample_data import SampleExists
from sample_data.province import load_province
from tests.sample_data import story

UNITS, MONTHS = 60, 6


def _load(directory: Path, seed: int) -> tuple[Engine, dict[str, int], list[str]]:
    engine = make_engine(f"sqlite:///{directory}/p.db")
    initialise(engine)
    lines: list[str] = []
    counts = load_province(engine, UNITS, MONTHS, seed=seed, progress=lines.append)
    return engine, counts, lines


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Iterator[tuple[Engine, dict[str, int], list[str]]]:
    loaded = _load(tmp_path_factory.mktemp("province"), seed=7)
    yield loaded
    loaded[0].dispose()


def _fingerprint(engine: Engine) -> tuple[int, float]:
    """Report count and the sum of composite scores: equal only if the data are."""
    with engine.connect() as connection:
        reports = connection.scalar(select(func.count()).select_from(Report))
        scores = connection.scalar(select(func.sum(ReportSummary.score)))
    return reports, round(scores, 6)


def test_creates_the_requested_units_under_a_city_and_county(province):
    engine, counts, _ = province
    with engine.connect() as connection:
        units = connection.execute(
            select(Region.code, Region.province_id, Region.city_id, Region.county_id, Region.is_sample).where(
                Region.level == "unit"
            )
        ).all()
        counties = dict(
            connection.execute(select(Region.id, Region.parent_id).where(Region.level == "county")).all()
        )
    assert counts["units"] == len(units) == UNITS
    assert all(code.startswith("99") and sample for code, *_, sample in units)
    assert all(None not in (province_id, city, county) for _, province_id, city, county, _ in units)
    assert all(counties[county] == city for _, _, city, county, _ in units)


def test_reports_cover_nearly_every_unit_and_month(province):
    engine, counts, _ = province
    with engine.connect() as connection:
        first = connection.scalar(select(func.count()).select_from(Report).where(Report.revision == 1))
        months = connection.execute(select(func.min(Report.month), func.max(Report.month))).one()
    assert first == counts["reports"]
    assert 0.9 * UNITS * MONTHS <= first <= UNITS * MONTHS
    assert tuple(months) == (dt.date(2025, 7, 1), dt.date(2025, 12, 1))
    assert counts["grades"] % 45 == 0


def test_one_programme_per_city_with_every_target_shape(province):
    engine, _, lines = province
    with engine.connect() as connection:
        programmes = connection.execute(
            select(Programme.id, Programme.start_date, Programme.end_date, Programme.is_sample)
        ).all()
        shapes = connection.execute(select(Target.programme_id, Target.shape)).all()
        pilots = connection.scalar(
            select(func.count()).select_from(ProgrammeUnit).where(ProgrammeUnit.is_pilot)
        )
    assert len(programmes) == 2
    assert all(row[1:] == (dt.date(2025, 7, 1), dt.date(2025, 12, 31), True) for row in programmes)
    for programme_id, *_ in programmes:
        assert sorted(shape for owner, shape in shapes if owner == programme_id) == sorted(
            ["share", "count", "count_per_child", "pilots", "budget"]
        )
    assert pilots == 4
    assert len(lines) == 1 + 2  # the programme data, then one line per city


def test_same_seed_same_data_other_seed_other_data(province, tmp_path):
    engine, _, _ = province
    again, _, _ = _load(tmp_path / "again", seed=7)
    other, _, _ = _load(tmp_path / "other", seed=8)
    assert _fingerprint(again) == _fingerprint(engine)
    assert _fingerprint(other) != _fingerprint(engine)
    again.dispose()
    other.dispose()


def test_every_title_is_named_on_the_units_path(province):
    engine, _, _ = province
    with engine.connect() as connection:
        titles = set(connection.execute(select(Title.unit_id, Title.named_on)).all())
        named = set(
            connection.execute(
                select(StageEvent.unit_id, StageEvent.entered_on).where(StageEvent.stage_code == "named")
            ).all()
        )
    assert titles  # pilots take 60–92 days to be named, well within the six months
    assert titles == named


def test_refuses_a_second_province(province):
    engine, _, _ = province
    with pytest.raises(SampleExists):
        load_province(engine, UNITS, MONTHS)


@pytest.fixture(scope="module")
def decade(tmp_path_factory) -> Iterator[Engine]:
    """30 units over 120 months: one county in one city, long enough for titles to be
    re-evaluated, renewed and (seed 7) twice revoked."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('decade')}/d.db")
    initialise(engine)
    load_province(engine, 30, 120, seed=7)
    yield engine
    engine.dispose()


def test_no_title_named_before_the_self_assessment_reached_the_pass_line(province, decade):
    for engine in (province[0], decade):
        assert story.titles(engine)
        assert story.namings_below_the_pass_line(engine) == []


def test_every_revocation_follows_a_decline(decade):
    assert story.revocations(decade) == 2
    assert story.revocations_without_a_decline(decade) == []


def test_scores_spread_at_the_end(decade):
    # Fewer than a third at 100, at least one under 60%, some in between.
    (scores,) = story.scores_at_the_end(decade).values()
    assert story.spread_faults(scores) == []


def test_stage_moves_reviews_and_titles_agree_for_every_unit(province, decade):
    """The province's paths as the stage forms would have written them: each 县级初审 /
    市级审核 an agreeing review by the unit's county / city, every title and renewal with
    its 命名, every revocation with its move back (story.path_faults)."""
    for engine in (province[0], decade):
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(StageReview)) > 0
        assert story.path_faults(engine) == []
