"""Stage moves, reviews, namings, renewals and revocations appended to the hand-written
programme (tests/fixture_programme.py), and what the overview's targets then count.

U21 (乙区, D2) launched 2020-04-15 and stands there; D2 holds no valid national title
(U22's expired 2019-12-31), so target T2 (1 national per district by 2020-12-31) is
short in D2 and the city, and T5 (5 national in the city by 2021-06-30) counts 4
(U11..U14) on 2020-12-31.  Walking U21 along its path to a national naming on
2020-11-01 makes D2 1 of 1 (met), the city 2 of 2 districts (met) and T5 5 of 5 (met).
"""

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from data_access.attainment import target_progress
from data_access.models import Region, StageEvent, StageReview, Title, TitleRevocation
from data_access.stage_records import (
    record_naming,
    record_renewal,
    record_review,
    record_revocation,
    record_stage_move,
)
from data_access.submissions import SubmissionError
from oversight.access import Scope
from oversight.attainment import assess_targets

D = dt.date
NOW = dt.datetime(2021, 1, 5, 10)
BY = "乙区推进办"


YEAR_END = D(2020, 12, 31)


def _targets(engine, as_of=YEAR_END):
    frame = assess_targets(target_progress(engine, as_of))
    return {(r.target_code, r.region_code): (r.achieved, r.met) for r in frame.itertuples()}


def _events(engine, unit="U21"):
    with engine.connect() as connection:
        return connection.execute(
            select(StageEvent.stage_code, StageEvent.entered_on, StageEvent.note)
            .join(Region, Region.id == StageEvent.unit_id)
            .where(Region.code == unit)
            .order_by(StageEvent.entered_on, StageEvent.id)
        ).all()


def _walk_u21_to_city_review(engine):
    for stage, day in (
        ("implementing", D(2020, 5, 1)),
        ("self_assessed", D(2020, 7, 1)),
        ("applied", D(2020, 8, 1)),
    ):
        record_stage_move(engine, "U21", "PR", stage, day, Scope.command_line(BY), now=NOW)
    record_review(
        engine,
        "U21",
        "PR",
        "county",
        "agree",
        "同意上报",
        D(2020, 8, 20),
        Scope.command_line("乙区安委办"),
        now=NOW,
    )
    record_review(
        engine,
        "U21",
        "PR",
        "city",
        "agree",
        "同意推荐",
        D(2020, 9, 10),
        Scope.command_line("市安委办"),
        now=NOW,
    )


def test_a_review_and_a_naming_are_counted_by_the_targets(programme_engine):
    before = _targets(programme_engine)
    assert (before[("T2", "D2")], before[("T2", "C")], before[("T5", "C")]) == (
        (0, False),
        (1, False),
        (4, False),
    )
    _walk_u21_to_city_review(programme_engine)
    record_stage_move(
        programme_engine, "U21", "PR", "onsite_evaluated", D(2020, 10, 1), Scope.command_line(BY), now=NOW
    )
    title_id = record_naming(
        programme_engine,
        "U21",
        "national",
        D(2020, 11, 1),
        "N-U21",
        D(2025, 10, 31),
        Scope.command_line("市安监局"),
        "PR",
        now=NOW,
    )
    after = _targets(programme_engine)
    assert (after[("T2", "D2")], after[("T2", "C")], after[("T5", "C")]) == ((1, True), (2, True), (5, True))
    assert [(stage, day) for stage, day, _ in _events(programme_engine)][-6:] == [
        ("self_assessed", D(2020, 7, 1)),
        ("applied", D(2020, 8, 1)),
        ("county_reviewed", D(2020, 8, 20)),
        ("city_reviewed", D(2020, 9, 10)),
        ("onsite_evaluated", D(2020, 10, 1)),
        ("named", D(2020, 11, 1)),
    ]
    with programme_engine.connect() as connection:
        reviews = connection.execute(
            select(
                StageReview.level,
                StageReview.decision,
                StageReview.opinion,
                Region.code,
                StageEvent.stage_code,
            )
            .join(Region, Region.id == StageReview.office_region_id)
            .join(StageEvent, StageEvent.id == StageReview.stage_event_id)
            .order_by(StageReview.reviewed_on)
        ).all()
        title = connection.execute(
            select(Title.certificate_no, Title.named_on).where(Title.id == title_id)
        ).one()
    assert reviews == [
        ("county", "agree", "同意上报", "D2", "county_reviewed"),
        ("city", "agree", "同意推荐", "C", "city_reviewed"),
    ]
    assert tuple(title) == ("N-U21", D(2020, 11, 1))


def test_a_returned_application_is_recorded_without_a_move(programme_engine):
    _walk_u21_to_city_review(programme_engine)
    count = len(_events(programme_engine))
    record_review(
        programme_engine,
        "U21",
        "PR",
        "city",
        "return",
        "材料不全，退回补充",
        D(2020, 9, 20),
        Scope.command_line("市安委办"),
        now=NOW,
    )
    assert len(_events(programme_engine)) == count
    with programme_engine.connect() as connection:
        row = connection.execute(
            select(StageReview.decision, StageReview.stage_event_id).where(
                StageReview.reviewed_on == D(2020, 9, 20)
            )
        ).one()
    assert tuple(row) == ("return", None)


def test_a_skipped_stage_needs_a_reason_which_is_stored(programme_engine):
    with pytest.raises(SubmissionError, match="从备案启动到申报跳过了推进实施、自评，须填写原因"):
        record_stage_move(
            programme_engine, "U21", "PR", "applied", D(2020, 6, 1), Scope.command_line(BY), now=NOW
        )
    assert [stage for stage, _, _ in _events(programme_engine)] == ["launched"]
    record_stage_move(
        programme_engine,
        "U21",
        "PR",
        "applied",
        D(2020, 6, 1),
        Scope.command_line(BY),
        "已按省里要求合并自评",
        now=NOW,
    )
    assert _events(programme_engine)[-1] == ("applied", D(2020, 6, 1), "已按省里要求合并自评")


def test_a_reversed_stage_needs_a_reason(programme_engine):
    with pytest.raises(SubmissionError, match="从推进实施到备案启动退回到之前的阶段，须填写原因"):
        record_stage_move(
            programme_engine, "U11", "PR", "launched", D(2020, 4, 1), Scope.command_line(BY), now=NOW
        )
    record_stage_move(
        programme_engine,
        "U11",
        "PR",
        "launched",
        D(2020, 4, 1),
        Scope.command_line(BY),
        "组织机构调整，重新备案",
        now=NOW,
    )
    assert _events(programme_engine, "U11")[-1][0] == "launched"


def test_a_county_review_before_the_application_is_refused(programme_engine):
    with pytest.raises(SubmissionError, match="尚未申报（当前阶段：备案启动），不能县级初审"):
        record_review(
            programme_engine,
            "U21",
            "PR",
            "county",
            "agree",
            "同意",
            D(2020, 6, 1),
            Scope.command_line(BY),
            now=NOW,
        )


def test_a_naming_that_skips_the_reviews_needs_a_reason(programme_engine):
    with pytest.raises(SubmissionError, match="须填写原因"):
        record_naming(
            programme_engine,
            "U21",
            "national",
            D(2020, 11, 1),
            "N-U21",
            None,
            Scope.command_line(BY),
            "PR",
            now=NOW,
        )
    assert _targets(programme_engine)[("T2", "D2")] == (0, False)
    record_naming(
        programme_engine,
        "U21",
        "national",
        D(2020, 11, 1),
        "N-U21",
        None,
        Scope.command_line(BY),
        "PR",
        "直接命名",
        now=NOW,
    )
    assert _targets(programme_engine)[("T2", "D2")] == (1, True)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda e: record_stage_move(
                e, "U99", "PR", "implementing", D(2020, 5, 1), Scope.command_line(BY), now=NOW
            ),
            "单位编码 U99 不存在",
        ),
        (
            lambda e: record_stage_move(
                e, "U21", "XX", "implementing", D(2020, 5, 1), Scope.command_line(BY), now=NOW
            ),
            "创建方案编码 XX 不存在",
        ),
        (
            lambda e: record_stage_move(
                e, "U21", "PR", "flying", D(2020, 5, 1), Scope.command_line(BY), now=NOW
            ),
            "未知的创建阶段 flying",
        ),
        (
            lambda e: record_stage_move(
                e, "U21", "PR", "implementing", D(2021, 2, 1), Scope.command_line(BY), now=NOW
            ),
            "晚于今天",
        ),
        (
            lambda e: record_stage_move(
                e, "U21", "PR", "implementing", D(2020, 4, 1), Scope.command_line(BY), now=NOW
            ),
            "只能按时间顺序追加",
        ),
        (
            lambda e: record_stage_move(
                e, "U21", "PR", "launched", D(2020, 5, 1), Scope.command_line(BY), now=NOW
            ),
            "已处于备案启动阶段",
        ),
        (
            lambda e: record_review(
                e, "U21", "PR", "county", "agree", " ", D(2020, 5, 1), Scope.command_line(BY), now=NOW
            ),
            "须填写县级初审意见",
        ),
        (
            lambda e: record_naming(
                e, "U21", "gold", D(2020, 5, 1), "X", None, Scope.command_line(BY), now=NOW
            ),
            "未知的命名级别 gold",
        ),
        (
            lambda e: record_naming(
                e, "U21", "national", D(2020, 5, 1), "N-U11", None, Scope.command_line(BY), now=NOW
            ),
            "N-U11 已被另一项命名使用",
        ),
        (
            lambda e: record_naming(
                e, "U21", "national", D(2020, 5, 1), "N", D(2020, 4, 1), Scope.command_line(BY), now=NOW
            ),
            "有效期至 2020-04-01 早于命名日期",
        ),
        (
            lambda e: record_renewal(
                e, "N-U15", D(2020, 12, 1), "N-U15R", None, Scope.command_line(BY), now=NOW
            ),
            "已于 2020-10-01 撤销，不能续期",
        ),
        (
            lambda e: record_renewal(
                e, "N-XX", D(2020, 12, 1), "N-U15R", None, Scope.command_line(BY), now=NOW
            ),
            "没有证书编号为 N-XX 的命名",
        ),
        (
            lambda e: record_revocation(e, "N-U11", D(2020, 12, 1), "", Scope.command_line(BY), now=NOW),
            "撤销命名须填写原因",
        ),
        (
            lambda e: record_revocation(e, "N-U15", D(2020, 12, 1), "又撤", Scope.command_line(BY), now=NOW),
            "已于 2020-10-01 撤销",
        ),
        (
            lambda e: record_revocation(e, "N-U11", D(2020, 8, 1), "未通过", Scope.command_line(BY), now=NOW),
            "撤销日期早于命名日期",
        ),
    ],
    ids=[
        "unknown unit",
        "unknown programme",
        "unknown stage",
        "future date",
        "before the latest move",
        "same stage again",
        "empty opinion",
        "unknown level",
        "certificate taken",
        "validity before naming",
        "renewing a revoked title",
        "renewing an unknown title",
        "revocation without reason",
        "revoked twice",
        "revoked before named",
    ],
)
def test_bad_records_are_refused_in_chinese_and_write_nothing(programme_engine, call, message):
    before = _table_counts(programme_engine)
    with pytest.raises(SubmissionError, match=message):
        call(programme_engine)
    assert _table_counts(programme_engine) == before


def _table_counts(engine):
    with engine.connect() as connection:
        return {
            table: connection.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("stage_event", "stage_review", "title", "title_revocation", "data_version")
        } | {"version": connection.scalar(text("SELECT version FROM data_version"))}


def test_the_same_record_twice_writes_it_once(programme_engine):
    first = record_stage_move(
        programme_engine, "U21", "PR", "implementing", D(2020, 5, 1), Scope.command_line(BY), now=NOW
    )
    counts = _table_counts(programme_engine)
    assert (
        record_stage_move(
            programme_engine, "U21", "PR", "implementing", D(2020, 5, 1), Scope.command_line(BY), now=NOW
        )
        == first
    )
    assert _table_counts(programme_engine) == counts


def test_a_renewal_appends_a_title_and_keeps_the_old_one(programme_engine):
    new_id = record_renewal(
        programme_engine, "N-U11", D(2020, 12, 1), "N-U11-R", D(2025, 11, 30), Scope.command_line(BY), now=NOW
    )
    with programme_engine.connect() as connection:
        rows = connection.execute(
            select(Title.certificate_no, Title.named_on, Title.renews_id, Title.id)
            .where(Title.certificate_no.in_(["N-U11", "N-U11-R"]))
            .order_by(Title.id)
        ).all()
    assert [(r.certificate_no, r.named_on) for r in rows] == [
        ("N-U11", D(2020, 9, 1)),
        ("N-U11-R", D(2020, 12, 1)),
    ]
    assert (rows[1].id, rows[1].renews_id) == (new_id, rows[0].id)
    with pytest.raises(SubmissionError, match="已由证书 N-U11-R 续期"):
        record_renewal(
            programme_engine, "N-U11", D(2020, 12, 2), "N-U11-R2", None, Scope.command_line(BY), now=NOW
        )


def test_a_revocation_is_a_record_the_title_and_the_targets_follow(programme_engine):
    """U11 revoked 2020-11-01: D1 holds 3 national titles on 2020-12-31 (U12..U14) against
    the 4 that T1 needs; U11's path (launched, implementing) has no 命名 to undo."""
    record_revocation(
        programme_engine, "N-U11", D(2020, 11, 1), "复评未通过", Scope.command_line(BY), now=NOW
    )
    assert _targets(programme_engine)[("T1", "D1")] == (3, False)
    with programme_engine.connect() as connection:
        title = connection.execute(
            select(Title.revoked_on, Title.revocation_reason).where(Title.certificate_no == "N-U11")
        ).one()
        record = connection.execute(select(TitleRevocation.recorded_by, TitleRevocation.reason)).all()
    assert tuple(title) == (D(2020, 11, 1), "复评未通过")
    assert ("乙区推进办", "复评未通过") in [tuple(r) for r in record]


def test_a_revoked_named_unit_goes_back_to_implementing(programme_engine):
    record_naming(
        programme_engine,
        "U21",
        "national",
        D(2020, 11, 1),
        "N-U21",
        None,
        Scope.command_line(BY),
        "PR",
        "直接命名",
        now=NOW,
    )
    record_revocation(
        programme_engine, "N-U21", D(2020, 12, 1), "抽查不合格", Scope.command_line(BY), now=NOW
    )
    assert _events(programme_engine)[-1] == ("implementing", D(2020, 12, 1), "抽查不合格")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE stage_event SET note = '改过'",
        "DELETE FROM stage_event",
        "UPDATE title SET certificate_no = 'X' WHERE certificate_no = 'N-U11'",
        "UPDATE title SET revoked_on = named_on WHERE certificate_no = 'N-U11'",
        "DELETE FROM title WHERE certificate_no = 'N-U11'",
        "UPDATE title_revocation SET reason = '改过'",
        "DELETE FROM title_revocation",
        "UPDATE stage_review SET opinion = '改过'",
    ],
)
def test_the_database_refuses_to_rewrite_a_units_path(programme_engine, statement):
    _walk_u21_to_city_review(programme_engine)
    before = _table_counts(programme_engine)
    with pytest.raises(DBAPIError, match="不可修改或删除"), programme_engine.begin() as connection:
        connection.execute(text(statement))
    assert _table_counts(programme_engine) == before
    with programme_engine.connect() as connection:
        assert connection.scalar(select(Title.revoked_on).where(Title.certificate_no == "N-U11")) is None


def test_a_title_cannot_be_inserted_already_revoked(programme_engine):
    with programme_engine.connect() as connection:
        row = dict(
            connection.execute(select(Title.__table__).where(Title.certificate_no == "N-U12"))
            .mappings()
            .one()
        )
    row = {k: v for k, v in row.items() if k != "id"} | {"certificate_no": "X", "revoked_on": D(2020, 10, 1)}
    with pytest.raises(DBAPIError, match="不可修改或删除"), programme_engine.begin() as connection:
        connection.execute(Title.__table__.insert().values(**row))


def test_titles_revoked_before_migration_0006_get_their_revocation_record(database_url):
    """A database at 0005 with one revoked and one valid title: after the upgrade the
    revoked one has its record (day and reason as they were), the valid one none."""
    from alembic import command

    from data_access.engine import make_engine
    from data_access.schema import alembic_config, upgrade

    engine = make_engine(database_url)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO title_level (id, code, rank, name_zh, name_en) VALUES (1, 'n', 4, '全国', 'N')")
        )
        for id_, code, level, parent in ((1, "P", "province", None), (2, "U", "unit", 1)):
            connection.execute(
                text(
                    "INSERT INTO region (id, code, name_zh, level, kind, parent_id, is_sample) "
                    "VALUES (:id, :code, :code, :level, 'street', :parent, false)"
                ),
                {"id": id_, "code": code, "level": level, "parent": parent},
            )
        connection.execute(
            text(
                "INSERT INTO title (unit_id, level_id, named_on, certificate_no, revoked_on, revocation_reason) "
                "VALUES (2, 1, '2015-01-01', 'A', '2016-01-01', '摘牌'), (2, 1, '2017-01-01', 'B', NULL, NULL)"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Title.certificate_no, TitleRevocation.revoked_on, TitleRevocation.reason, Title.revoked_on
            ).join(Title, Title.id == TitleRevocation.title_id)
        ).all()
    assert [tuple(r) for r in rows] == [("A", D(2016, 1, 1), "摘牌", D(2016, 1, 1))]
    engine.dispose()


def test_two_offices_recording_the_same_move_at_once_append_it_once(programme_engine):
    """Both calls wait at a barrier, then record U21's move into 推进实施 on 2020-05-01: the
    unit's row is locked while its path is checked (PostgreSQL) or the writes take turns
    (SQLite), so the second finds the move recorded and returns its id."""
    import threading

    barrier = threading.Barrier(2)
    ids, errors = [], []

    def record():
        barrier.wait()
        try:
            ids.append(
                record_stage_move(
                    programme_engine,
                    "U21",
                    "PR",
                    "implementing",
                    D(2020, 5, 1),
                    Scope.command_line(BY),
                    now=NOW,
                )
            )
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(ids) == 2 and ids[0] == ids[1]
    assert [stage for stage, _, _ in _events(programme_engine)] == ["launched", "implementing"]
