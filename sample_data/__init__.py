"""Sample programmes: the three of the seed documents with their demo accounts, and a synthetic
province for benchmarks."""

from __future__ import annotations

import os
import random
from collections.abc import Mapping

from sqlalchemy import Engine, func, select

from data_access.loading import write_programme_data
from data_access.models import Programme
from data_access.submissions import write_corrections, write_reports
from data_access.users import ADMIN_USER, has_users
from sample_data.accounts import add_demo_accounts
from sample_data.circulars import OFFICES, issue_sample_circulars
from sample_data.seeds import SCENARIOS
from sample_data.simulation import simulate_stories

DEFAULT_SEED = 2015


class SampleExists(ValueError):
    """The scenario's programme is already in the database."""


def load_scenarios(engine: Engine, names: list[str], seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Load the named seed programmes, each in one transaction; return reports written per name.

    The same seed gives the same data: each scenario draws from its own generator, so
    loading one scenario alone gives it the same data as loading all three.  A scenario
    whose city issues monthly circulars (:data:`sample_data.circulars.OFFICES`) has its
    report corrections written after that transaction, in turn with the circulars, as
    they happened (:func:`sample_data.circulars.issue_sample_circulars`).
    """
    written = {}
    for name in names:
        rng = random.Random(seed * 100 + list(SCENARIOS).index(name))
        scenario = SCENARIOS[name](rng)
        codes = [p.code for p in scenario.data.programmes]
        with engine.begin() as connection:
            if connection.scalar(
                select(func.count()).select_from(Programme).where(Programme.code.in_(codes))
            ):
                raise SampleExists(f"示例方案 {', '.join(codes)} 已在数据库中，未重复加载")
            write_programme_data(connection, scenario.data)
            reports, corrections = simulate_stories(scenario.stories, rng)
            write_reports(connection, [scenario.amend(report) for report in reports])
            corrections = [(scenario.amend(report), reason) for report, reason in corrections]
            if name not in OFFICES:
                write_corrections(connection, corrections)
        if name in OFFICES:
            programme = next(p for p in scenario.data.programmes if p.code == OFFICES[name].programme_code)
            issue_sample_circulars(
                engine,
                OFFICES[name],
                _programme_id(engine, programme.code),
                (programme.start_date, programme.end_date),
                corrections,
            )
        written[name] = len(reports)
    return written


def _programme_id(engine: Engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(Programme.id).where(Programme.code == code))


def ensure_sample(engine: Engine, environ: Mapping[str, str] = os.environ) -> bool:
    """Fill an empty database with the three seed programmes and their demo accounts;
    leave any other untouched.

    Empty means no programme and no user, and a first administrator not named in the
    environment (``OVERSIGHT_ADMIN_USER``): a real deployment, which starts with an
    administrator, never gets the sample or its demo accounts (docs/access.md).
    """
    if environ.get(ADMIN_USER, "").strip() or has_users(engine):
        return False
    with engine.connect() as connection:
        if connection.scalar(select(func.count()).select_from(Programme)):
            return False
    load_scenarios(engine, list(SCENARIOS))
    add_demo_accounts(engine)
    return True
