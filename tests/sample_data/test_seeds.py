"""The seed facts hold in the loaded sample, and the same seed gives the same data."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

import sample_data
from data_access.engine import make_engine
from data_access.models import (
    Programme,
    ProgrammeUnit,
    Region,
    ReportSummary,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.schema import initialise
from tests.conftest import BACKENDS, copy_sample, fresh_database
from tests.sample_data import story

SUINING_CANDIDATES = {
    "船山区": "育才路街道",
    "安居区": "磨溪镇",
    "射洪县": "沱牌镇",
    "蓬溪县": "赤城镇",
    "大英县": "天保镇",
    "河东新区": "灵泉街道",
    "国开区": "嘉禾街道",
}


@pytest.fixture(scope="module", params=BACKENDS)
def sample(request, sample_database, tmp_path_factory):
    """The three seed programmes loaded on each database: on SQLite a copy of the run's
    shared sample (tests/conftest.py), which was loaded the same way."""
    directory = tmp_path_factory.mktemp("sample")
    if request.param == "sqlite":
        engine = make_engine(copy_sample(sample_database, directory))
        yield engine
        engine.dispose()
        return
    with fresh_database(request.param, directory) as url:
        engine = make_engine(url)
        initialise(engine)
        sample_data.load_scenarios(engine, ["dawukou", "shijiazhuang", "suining"])
        yield engine
        engine.dispose()


def _enrolled(connection, programme_code):
    county = Region.__table__.alias("county")
    return connection.execute(
        select(county.c.name_zh, Region.name_zh, ProgrammeUnit.is_pilot)
        .join(ProgrammeUnit, ProgrammeUnit.unit_id == Region.id)
        .join(Programme, Programme.id == ProgrammeUnit.programme_id)
        .join(county, county.c.id == Region.county_id)
        .where(Programme.code == programme_code)
    ).all()


def _allocations(connection, programme_code):
    source = Region.__table__.alias("source")
    recipient = Region.__table__.alias("recipient")
    return connection.execute(
        select(source.c.name_zh, recipient.c.name_zh, SubsidyAllocation.amount)
        .join(Programme, Programme.id == SubsidyAllocation.programme_id)
        .join(source, source.c.id == SubsidyAllocation.source_region_id)
        .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
        .where(Programme.code == programme_code)
    ).all()


def test_suining_seven_counties_one_candidate_each_and_1050000_yuan(sample):
    with sample.connect() as connection:
        enrolled = _enrolled(connection, "SN-2015")
        assert {county: unit for county, unit, _ in enrolled} == SUINING_CANDIDATES
        assert len(enrolled) == 7
        allocations = _allocations(connection, "SN-2015")
        assert {source for source, _, _ in allocations} == {"四川省"}
        assert sum(amount for *_, amount in allocations) == Decimal(1050000)


def test_dawukou_four_pilots_with_30000_from_district_and_20000_from_city(sample):
    with sample.connect() as connection:
        pilots = {unit for _, unit, pilot in _enrolled(connection, "DWK-2011") if pilot}
        assert pilots == {"朝阳街道", "人民路街道", "青山街道", "长城街道"}
        allocations = _allocations(connection, "DWK-2011")
        by_unit: dict[str, dict[str, Decimal]] = {}
        for source, unit, amount in allocations:
            by_unit.setdefault(unit, {})[source] = amount
        assert by_unit == {unit: {"大武口区": Decimal(30000), "石嘴山市": Decimal(20000)} for unit in pilots}


def test_shijiazhuang_five_districts_with_at_least_two_pilots(sample):
    with sample.connect() as connection:
        pilots: dict[str, int] = {}
        for county, _, pilot in _enrolled(connection, "SJZ-2008"):
            pilots[county] = pilots.get(county, 0) + pilot
        assert set(pilots) == {"长安区", "桥东区", "桥西区", "新华区", "裕华区"}
        assert min(pilots.values()) >= 2


def test_disbursements_never_exceed_allocations(sample):
    with sample.connect() as connection:
        over = connection.execute(
            select(SubsidyAllocation.id)
            .join(SubsidyDisbursement, SubsidyDisbursement.allocation_id == SubsidyAllocation.id)
            .group_by(SubsidyAllocation.id, SubsidyAllocation.amount)
            .having(func.sum(SubsidyDisbursement.amount) > SubsidyAllocation.amount)
        ).all()
    assert over == []


def test_loading_twice_is_refused(sample):
    with pytest.raises(sample_data.SampleExists, match="已在数据库中"):
        sample_data.load_scenarios(sample, ["suining"])


def _fingerprint(engine, city_code: str | None = None):
    """Report count, score sum and first submission, of one city's reports or of all."""
    query = select(func.count(), func.sum(ReportSummary.score), func.min(ReportSummary.first_submitted_at))
    if city_code is not None:
        query = query.join(Region, Region.id == ReportSummary.city_id).where(Region.code == city_code)
    with engine.connect() as connection:
        return connection.execute(query).one()


def test_same_seed_same_data_other_seed_other_data(sample_database, tmp_path):
    """Suining alone with the default seed is Suining of the run's shared sample, where it
    was loaded third, after the other two scenarios: each scenario draws from its own
    generator.  Another seed gives other data."""
    engines = [make_engine(copy_sample(sample_database, tmp_path))]
    for name, seed in (("same", sample_data.DEFAULT_SEED), ("other", sample_data.DEFAULT_SEED + 1)):
        engine = make_engine(f"sqlite:///{tmp_path}/{name}.db")
        initialise(engine)
        sample_data.load_scenarios(engine, ["suining"], seed=seed)
        engines.append(engine)
    first, same, other = (_fingerprint(e, "510900") for e in engines)
    for engine in engines:
        engine.dispose()
    assert first[0] == 7 * 12  # Suining's seven candidates, every month of 2015
    assert first == same
    assert first != other


def test_ensure_sample_fills_an_empty_database_once(sample_database, tmp_path):
    """The run's shared sample was filled by ``ensure_sample`` on an empty database (the
    fixture fails if it was not); a second call leaves it as it is."""
    engine = make_engine(copy_sample(sample_database, tmp_path))
    before = _fingerprint(engine)
    with engine.connect() as connection:
        programmes = connection.scalars(select(Programme.code)).all()
    assert sorted(programmes) == ["DWK-2011", "SJZ-2008", "SN-2015"]
    assert sample_data.ensure_sample(engine) is False
    assert _fingerprint(engine) == before


# The story (docs/sample.md).  Bounds chosen for the end of each programme: fewer than a
# third of the units at 100, at least one under 60% where the programme enrolled more
# than its candidates (Suining enrolled only its 7 candidates, all named in 2015, so its
# lowest is the pass line's neighbourhood: at least one under 90%), and some in between.
END_BOUNDS = {"DWK-2011": 60.0, "SJZ-2008": 60.0, "SN-2015": 90.0}


def test_no_title_named_before_the_self_assessment_reached_the_pass_line(sample):
    assert story.titles(sample)
    assert story.namings_below_the_pass_line(sample) == []


def test_every_revocation_follows_a_decline(sample):
    # 青山街道 (Dawukou) is the sample's one revocation: it slipped during 2015.
    assert story.revocations(sample) == 1
    assert story.revocations_without_a_decline(sample) == []


def test_scores_spread_at_the_end_of_every_programme(sample):
    scores = story.scores_at_the_end(sample)
    assert set(scores) == set(END_BOUNDS)
    for code, weak_below in END_BOUNDS.items():
        assert story.spread_faults(scores[code], weak_below) == [], code


def test_suining_records_one_death_in_guokaiqus_august_2015_report_and_is_vetoed_for_it(sample):
    """The one story event written after the simulation (docs/sample.md): 510991001's
    August 2015 report records a road-traffic death; no other report records one, and
    the August circular's ranking vetoes that unit and no other for it."""
    import datetime as dt

    from data_access.models import Report, ReportDomain
    from data_access.ranking import ranking_inputs
    from data_access.regions import find_region
    from oversight.ranking import rank
    from oversight.ranking.method import DEFAULT_METHOD

    with sample.connect() as connection:
        deaths = connection.execute(
            select(
                Region.code,
                Report.month,
                ReportDomain.domain_code,
                ReportDomain.accidents,
                ReportDomain.deaths,
            )
            .join(Report, Report.id == ReportDomain.report_id)
            .join(Region, Region.id == Report.unit_id)
            .where(ReportDomain.deaths > 0)
        ).all()
        programme = connection.scalar(select(Programme.id).where(Programme.code == "SN-2015"))
    assert [(code, month, domain, deaths) for code, month, domain, _, deaths in deaths] == [
        ("510991001", dt.date(2015, 8, 1), "traffic", 1)
    ]
    assert deaths[0].accidents >= 1
    august = rank(
        ranking_inputs(sample, find_region(sample, "510900"), dt.date(2015, 8, 1), programme), DEFAULT_METHOD
    )
    fatal = [
        unit.unit_code for unit in august.units if any(v.key == "veto.fatal_accident" for v in unit.vetoes)
    ]
    assert fatal == ["510991001"]


def test_stage_moves_reviews_and_titles_agree_for_every_unit(sample):
    """Every move follows the path or says why, every 县级初审 / 市级审核 is an agreeing
    review by the right office, every title (renewals too) has its 命名, and no unit stands
    at 命名 without a valid title (story.path_faults, the rules of data_access/stage_records.py)."""
    assert story.path_faults(sample) == []


def _path(connection, unit_code):
    from data_access.models import StageEvent

    return connection.execute(
        select(StageEvent.stage_code, StageEvent.entered_on, StageEvent.note)
        .join(Region, Region.id == StageEvent.unit_id)
        .where(Region.code == unit_code)
        .order_by(StageEvent.entered_on, StageEvent.id)
    ).all()


def _reviews(connection, unit_code):
    from data_access.models import StageReview

    office = Region.__table__.alias("office")
    return connection.execute(
        select(StageReview.level, StageReview.decision, office.c.name_zh, StageReview.recorded_by)
        .join(Region, Region.id == StageReview.unit_id)
        .join(office, office.c.id == StageReview.office_region_id)
        .where(Region.code == unit_code)
        .order_by(StageReview.reviewed_on)
    ).all()


def test_guokaiqu_is_reviewed_and_named_in_2016_on_its_path(sample):
    """510991001 (国开区's 嘉禾街道) applied on 2015-12-09 and is named on 2016-04-15
    (seeds.SUINING_NAMED): named_path puts its reviews at 76% and 82% of the way from its
    launch, after its application at 70%, so its path goes on past the programme's end
    through 初审 by 国开区 and 审核 by 遂宁市 to 命名 on the day of its title."""
    import datetime as dt

    with sample.connect() as connection:
        path = _path(connection, "510991001")
        reviews = _reviews(connection, "510991001")
    assert [code for code, *_ in path] == [
        "launched",
        "implementing",
        "self_assessed",
        "applied",
        "county_reviewed",
        "city_reviewed",
        "onsite_evaluated",
        "named",
    ]
    assert path[3].entered_on == dt.date(2015, 12, 9)
    assert path[-1].entered_on == dt.date(2016, 4, 15)
    assert reviews == [
        ("county", "agree", "国开区", "国开区安委会办公室"),
        ("city", "agree", "遂宁市", "遂宁市安委会办公室"),
    ]


def test_renewed_titles_are_re_evaluated_then_named_again(sample):
    """The three renewals of the seeds (朝阳街道 2016-12-20; 育才路街道 and 沱牌镇
    2018-12-05) end their units' paths with 复评 then 命名 on the renewal day; 青山街道's
    failed re-evaluation ends with the revocation's move back to 推进实施."""
    import datetime as dt

    reason = "复评未通过，撤销命名（示例数据）"
    with sample.connect() as connection:
        tails = {
            code: _path(connection, code)[-2:]
            for code in ("640202001", "510903001", "510922001", "640202003")
        }
        dawukou = _reviews(connection, "640202004")
    assert [tuple(row) for row in tails["640202001"]] == [
        ("re_evaluation", dt.date(2016, 10, 20), ""),
        ("named", dt.date(2016, 12, 20), ""),
    ]
    for code in ("510903001", "510922001"):
        assert [tuple(row) for row in tails[code]] == [
            ("re_evaluation", dt.date(2018, 10, 16), ""),
            ("named", dt.date(2018, 12, 5), ""),
        ]
    assert [tuple(row) for row in tails["640202003"]] == [
        ("re_evaluation", dt.date(2017, 5, 16), ""),
        ("implementing", dt.date(2017, 6, 30), reason),
    ]
    # 长城街道's application is returned once by the district before it agrees.
    assert [(level, decision) for level, decision, *_ in dawukou] == [
        ("county", "return"),
        ("county", "agree"),
        ("city", "agree"),
    ]
