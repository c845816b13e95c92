"""Writing the declared catalogue into the database, and reading it back for writers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from data_access.models import (
    GradeValue,
    GradingScheme,
    HardRule,
    Indicator,
    IndicatorItem,
    SafetyDomain,
    SchemeItemPoints,
    SchemePart,
    Stage,
    TitleLevel,
)
from oversight import catalogue
from oversight.scoring import Scheme


class SchemeChanged(ValueError):
    """A declared scheme differs from the stored version of the same code and version."""


def sync_reference(engine: Engine) -> None:
    """Insert what the catalogue declares and the database lacks; refresh names.

    Grading schemes are versioned: a stored (code, version) is never altered, because
    scores already written depend on it.  Changing one means declaring a new version.
    """
    reference = catalogue.load("reference")
    with Session(engine) as session, session.begin():
        _upsert(session, TitleLevel, "code", reference["title_levels"])
        _upsert(session, Stage, "code", reference["stages"])
        _upsert(session, SafetyDomain, "code", reference["safety_domains"])
        indicators = catalogue.load("indicators")["indicators"]
        _upsert(
            session,
            Indicator,
            "code",
            [
                {"code": i["code"], "seq": seq, "name_zh": i["name_zh"], "name_en": i["name_en"]}
                for seq, i in enumerate(indicators, start=1)
            ],
        )
        session.flush()
        indicator_ids = dict(session.execute(select(Indicator.code, Indicator.id)).all())
        _upsert(
            session,
            IndicatorItem,
            "code",
            [
                {
                    "code": item["code"],
                    "indicator_id": indicator_ids[indicator["code"]],
                    "seq": seq,
                    "text_zh": item["text_zh"],
                    "label_en": item["label_en"],
                }
                for indicator in indicators
                for seq, item in enumerate(indicator["items"], start=1)
            ],
        )
        session.flush()
        item_ids = dict(session.execute(select(IndicatorItem.code, IndicatorItem.id)).all())
        _upsert(
            session,
            HardRule,
            "code",
            [
                {**{k: v for k, v in r.items() if k != "item"}, "item_id": item_ids[r["item"]]}
                for r in reference["hard_rules"]
            ],
        )
        for scheme in catalogue.load("schemes")["schemes"]:
            _add_scheme(session, scheme, item_ids)


def _upsert(session: Session, model: type, key: str, rows: list[dict]) -> None:
    stored = {getattr(obj, key): obj for obj in session.scalars(select(model))}
    for row in rows:
        obj = stored.get(row[key])
        if obj is None:
            session.add(model(**row))
        else:
            for name, value in row.items():
                setattr(obj, name, value)


def _add_scheme(session: Session, declared: dict, item_ids: dict[str, int]) -> None:
    points = {
        (item_ids[item], part): value for (item, part), value in catalogue.scheme_points(declared).items()
    }
    grades = {g["code"]: float(g["fraction"]) for g in declared["grades"]}
    stored = session.scalar(
        select(GradingScheme).filter_by(code=declared["code"], version=declared["version"])
    )
    if stored is not None:
        existing = load_scheme(session.connection(), stored.id)
        if dict(existing.points) != points or dict(existing.fractions) != grades:
            raise SchemeChanged(
                f"评分方案 {declared['code']} 第 {declared['version']} 版已有数据，不能修改；"
                "请在 schemes.json 中新增一个版本号"
            )
        return
    scheme = GradingScheme(
        code=declared["code"],
        version=declared["version"],
        name_zh=declared["name_zh"],
        name_en=declared["name_en"],
        effective_from=dt.date.fromisoformat(declared["effective_from"]),
        pass_mark=declared["pass_mark"],
        conditional_pass_mark=declared["conditional_pass_mark"],
    )
    session.add(scheme)
    session.flush()
    for grade in declared["grades"]:
        session.add(GradeValue(scheme_id=scheme.id, **grade))
    for seq, part in enumerate(declared["parts"], start=1):
        session.add(SchemePart(scheme_id=scheme.id, seq=seq, **part))
    session.flush()
    for (item_id, part), value in points.items():
        session.add(SchemeItemPoints(scheme_id=scheme.id, item_id=item_id, part_code=part, max_points=value))


def load_scheme(connection: Connection, scheme_id: int) -> Scheme:
    """The stored scheme, reduced to what :func:`oversight.scoring.score_assessment` needs."""
    fractions = dict(
        connection.execute(
            select(GradeValue.code, GradeValue.fraction).where(GradeValue.scheme_id == scheme_id)
        ).all()
    )
    rows = connection.execute(
        select(
            SchemeItemPoints.item_id, SchemeItemPoints.part_code, SchemeItemPoints.max_points, Indicator.seq
        )
        .join(IndicatorItem, IndicatorItem.id == SchemeItemPoints.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .where(SchemeItemPoints.scheme_id == scheme_id)
    ).all()
    return Scheme(
        id=scheme_id,
        fractions=fractions,
        points={(item, part): points for item, part, points, _ in rows},
        indicator_of={item: seq for item, _, _, seq in rows},
    )


@dataclass(frozen=True)
class Codes:
    """Lookups from the codes writers use to the ids the tables store."""

    items: dict[str, int]
    levels: dict[str, int]
    schemes: dict[tuple[str, int], int]
    stages: frozenset[str]
    domains: frozenset[str]


def codes(connection: Connection) -> Codes:
    return Codes(
        items=dict(connection.execute(select(IndicatorItem.code, IndicatorItem.id)).all()),
        levels=dict(connection.execute(select(TitleLevel.code, TitleLevel.id)).all()),
        schemes={
            (code, version): id_
            for id_, code, version in connection.execute(
                select(GradingScheme.id, GradingScheme.code, GradingScheme.version)
            )
        },
        stages=frozenset(connection.scalars(select(Stage.code))),
        domains=frozenset(connection.scalars(select(SafetyDomain.code))),
    )
