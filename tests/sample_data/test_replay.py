"""The seeds' paths are what the stage forms would have written: replayed record by record
through ``data_access/stage_records.py`` (moves, reviews, namings, renewals, revocations,
in the order they happened) into a database holding only the programmes, they give the
same stage events, reviews, titles and revocations as the sample loader writes."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from sqlalchemy import Engine, select

import sample_data
from data_access.engine import make_engine
from data_access.loading import ProgrammeData, load_programme_data
from data_access.models import (
    Programme,
    Region,
    StageEvent,
    StageReview,
    Title,
    TitleLevel,
    TitleRevocation,
)
from data_access.schema import initialise
from data_access.stage_records import Naming, Renewal, Review, Revocation, StageMove, write_records
from oversight.access import Scope
from sample_data.seeds import SCENARIOS
from tests.conftest import BACKENDS, fresh_database


def _records(data: ProgrammeData) -> list[tuple[object, str]]:
    """The data's path as the records a clerk would enter, in the order they happened: a
    naming or renewal brings its move to 命名 and a revocation its move back, so those
    moves are not entered themselves."""
    revoked = {(t.unit_code, t.revoked_on) for t in data.titles if t.revoked_on is not None}
    entries = [
        (
            e.entered_on,
            0,
            StageMove(e.unit_code, e.programme_code, e.stage_code, e.entered_on, e.note),
            e.recorded_by,
        )
        for e in data.stage_events
        if e.stage_code != "named" and (e.unit_code, e.entered_on) not in revoked
    ]
    entries += [
        (
            r.reviewed_on,
            0,
            Review(r.unit_code, r.programme_code, r.level, r.decision, r.opinion, r.reviewed_on),
            r.recorded_by,
        )
        for r in data.stage_reviews
    ]
    for t in data.titles:
        if t.renews_certificate_no:
            record = Renewal(t.renews_certificate_no, t.named_on, t.certificate_no, t.valid_until)
        else:
            record = Naming(
                t.unit_code, t.level_code, t.named_on, t.certificate_no, t.valid_until, t.programme_code
            )
        entries.append((t.named_on, 1, record, "命名机关"))
        if t.revoked_on is not None:
            entries.append(
                (t.revoked_on, 2, Revocation(t.certificate_no, t.revoked_on, t.revocation_reason), "命名机关")
            )
    return [(record, who) for _, _, record, who in sorted(entries, key=lambda entry: entry[:2])]


def _paths(engine: Engine) -> dict[str, list[tuple]]:
    """Every stage row as the clerk sees it, by codes, without who recorded it and when."""
    unit, office = Region.__table__.alias("unit"), Region.__table__.alias("office")
    renewed = Title.__table__.alias("renewed")
    with engine.connect() as connection:
        return {
            "events": sorted(
                connection.execute(
                    select(
                        unit.c.code,
                        Programme.code,
                        StageEvent.stage_code,
                        StageEvent.entered_on,
                        StageEvent.note,
                    )
                    .join(unit, unit.c.id == StageEvent.unit_id)
                    .join(Programme, Programme.id == StageEvent.programme_id)
                ).all()
            ),
            "reviews": sorted(
                connection.execute(
                    select(
                        unit.c.code,
                        Programme.code,
                        StageReview.level,
                        office.c.code,
                        StageReview.decision,
                        StageReview.opinion,
                        StageReview.reviewed_on,
                        StageEvent.stage_code,
                        StageEvent.entered_on,
                        StageReview.recorded_by,
                        StageEvent.recorded_by,
                    )
                    .join(unit, unit.c.id == StageReview.unit_id)
                    .join(office, office.c.id == StageReview.office_region_id)
                    .join(Programme, Programme.id == StageReview.programme_id)
                    .outerjoin(StageEvent, StageEvent.id == StageReview.stage_event_id)
                ).all(),
                key=repr,
            ),
            "titles": sorted(
                connection.execute(
                    select(
                        unit.c.code,
                        TitleLevel.code,
                        Programme.code,
                        Title.named_on,
                        Title.certificate_no,
                        Title.valid_until,
                        renewed.c.certificate_no,
                        Title.revoked_on,
                        Title.revocation_reason,
                        TitleRevocation.revoked_on,
                        TitleRevocation.reason,
                    )
                    .join(unit, unit.c.id == Title.unit_id)
                    .join(TitleLevel, TitleLevel.id == Title.level_id)
                    .outerjoin(Programme, Programme.id == Title.programme_id)
                    .outerjoin(renewed, renewed.c.id == Title.renews_id)
                    .outerjoin(TitleRevocation, TitleRevocation.title_id == Title.id)
                ).all(),
                key=repr,
            ),
        }


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_seeds_paths_are_what_the_stage_forms_write(name, backend, tmp_path):
    data = SCENARIOS[name](random.Random(sample_data.DEFAULT_SEED)).data
    with (
        fresh_database(backend, tmp_path / "loaded") as loaded_url,
        fresh_database(backend, tmp_path / "replayed") as replayed_url,
    ):
        loaded, replayed = make_engine(loaded_url), make_engine(replayed_url)
        for engine in (loaded, replayed):
            initialise(engine)
        load_programme_data(loaded, data)
        load_programme_data(replayed, replace(data, stage_events=[], stage_reviews=[], titles=[]))
        now = dt.datetime.combine(dt.date.today(), dt.time(9))
        with replayed.begin() as connection:
            for record, who in _records(data):
                write_records(connection, [record], Scope.command_line(who), now)
        expected, got = _paths(loaded), _paths(replayed)
        loaded.dispose()
        replayed.dispose()
    assert expected["reviews"], "the sample has reviews"
    assert got == expected
