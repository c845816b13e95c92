"""The migrations build the schema the models describe, and the database itself refuses bad rows."""

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select
from sqlalchemy.exc import IntegrityError

from data_access.models import Base, GradingScheme, IndicatorItem, Region, Report, ReportGrade, ReportSummary
from data_access.schema import is_current


def test_migrations_build_every_table_and_match_the_models(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert is_current(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_reference_catalogue_has_45_items_in_12_indicators(engine):
    with engine.connect() as connection:
        codes = connection.scalars(select(IndicatorItem.code)).all()
    assert len(codes) == 45
    assert len({code.split(".")[0] for code in codes}) == 12


def _report(connection, **overrides):
    unit = connection.scalar(select(Region.id).where(Region.code == "U12"))
    scheme = connection.scalar(select(GradingScheme.id).where(GradingScheme.code == "abc"))
    row = {
        "unit_id": unit,
        "month": dt.date(2020, 5, 1),
        "revision": 1,
        "is_current": True,
        "scheme_id": scheme,
        "submitted_at": dt.datetime(2020, 6, 1),
        "submitted_by": "test",
        "stage_code": "launched",
    } | overrides
    return connection.execute(insert(Report).returning(Report.id), row).scalar_one()


def test_second_current_report_for_a_unit_and_month_is_refused(programme_engine):
    with programme_engine.connect() as connection:
        _report(connection)
        with pytest.raises(IntegrityError):
            _report(connection, revision=2)


def test_an_old_revision_beside_the_current_one_is_allowed(programme_engine):
    with programme_engine.begin() as connection:
        _report(connection, is_current=False)
        _report(connection, revision=2)


@pytest.mark.parametrize(
    "overrides",
    [{"participation_rate": 120.0}, {"satisfaction_rate": -1.0}, {"inspections": -1}, {"funds_spent": -5}],
    ids=["participation 120%", "satisfaction -1%", "negative count", "negative money"],
)
def test_out_of_range_values_are_refused(programme_engine, overrides):
    with programme_engine.connect() as connection, pytest.raises(IntegrityError):
        _report(connection, **overrides)


def test_grade_outside_the_reports_scheme_is_refused(programme_engine):
    with programme_engine.connect() as connection:
        report = _report(connection)
        scheme = connection.scalar(select(Report.scheme_id).where(Report.id == report))
        item = connection.scalar(select(IndicatorItem.id).where(IndicatorItem.code == "1.1"))
        row = {"report_id": report, "item_id": item, "part_code": "overall", "scheme_id": scheme}
        connection.execute(insert(ReportGrade), row | {"grade": "A"})
        with pytest.raises(IntegrityError):
            connection.execute(insert(ReportGrade), row | {"item_id": item + 1, "grade": "D"})


def test_grade_part_the_scheme_lacks_is_refused(programme_engine):
    with programme_engine.connect() as connection:
        report = _report(connection)
        scheme = connection.scalar(select(Report.scheme_id).where(Report.id == report))
        item = connection.scalar(select(IndicatorItem.id).where(IndicatorItem.code == "1.1"))
        with pytest.raises(IntegrityError):
            connection.execute(
                insert(ReportGrade),
                {
                    "report_id": report,
                    "item_id": item,
                    "part_code": "effect",
                    "scheme_id": scheme,
                    "grade": "A",
                },
            )


def test_upgrading_a_database_of_revision_0001_fills_the_running_money_totals(programme_engine):
    """tests/fixture_district.py's money: U31 reports 2021-01 spent 5,000, 2021-03 spent 8,000 and
    received 20,000, corrected to 9,000; U32 2021-02 spent 1,000."""
    from alembic import command

    from data_access.schema import alembic_config
    from tests.fixture_district import add_district_data

    add_district_data(programme_engine)
    config = alembic_config(programme_engine)
    with programme_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert "spent_to_date" not in {c["name"] for c in inspect(programme_engine).get_columns("report_summary")}
    with programme_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with programme_engine.connect() as connection:
        rows = connection.execute(
            select(
                Region.code, ReportSummary.month, ReportSummary.received_to_date, ReportSummary.spent_to_date
            )
            .join(Region, Region.id == ReportSummary.unit_id)
            .where(Region.code.in_(["U31", "U32"]))
            .order_by(Region.code, ReportSummary.month)
        ).all()
    assert [(code, month, float(received), float(spent)) for code, month, received, spent in rows] == [
        ("U31", dt.date(2021, 1, 1), 0, 5000),
        ("U31", dt.date(2021, 3, 1), 20000, 14000),
        ("U32", dt.date(2021, 2, 1), 0, 1000),
    ]
