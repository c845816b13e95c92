"""A programme's ranking methods, stored as versions that are never altered.

A city adopts its own method by storing a new version; the latest is the one in force,
every earlier one stays readable (an issued circular names the version it used), and
the database refuses to update or delete any (migration 0004's triggers).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math

from sqlalchemy import Engine, insert, select

from data_access.audit import Event, record
from data_access.database import read_rows
from data_access.models import Programme, StoredRankingMethod
from data_access.submissions import bump_data_version
from data_access.write_scope import place_by_id
from oversight.access import Scope
from oversight.ranking.method import BANDS, COMPONENTS, COUNTY_PARTS, DEFAULT_METHOD, VETOES, RankingMethod

LINED_VETOES = ("participation", "satisfaction")
"""Vetoes that need a line (a rate, 0–100); the others have none."""


class MethodError(ValueError):
    """A ranking method that cannot be stored; the message says what is wrong, in Chinese."""


def current_method(engine: Engine, programme_id: int) -> RankingMethod:
    """The programme's latest stored method, else :data:`DEFAULT_METHOD`."""
    rows = read_rows(
        engine,
        select(StoredRankingMethod.method_json)
        .where(StoredRankingMethod.programme_id == programme_id)
        .order_by(StoredRankingMethod.version.desc())
        .limit(1),
    )
    return RankingMethod.from_json(rows[0][0]) if rows else DEFAULT_METHOD


def method_versions(engine: Engine, programme_id: int) -> list[RankingMethod]:
    """Every stored version of the programme's method, oldest first."""
    rows = read_rows(
        engine,
        select(StoredRankingMethod.method_json)
        .where(StoredRankingMethod.programme_id == programme_id)
        .order_by(StoredRankingMethod.version),
    )
    return [RankingMethod.from_json(text) for (text,) in rows]


def method_version(engine: Engine, programme_id: int, version: int) -> RankingMethod:
    """Version ``version`` of the programme's method; 0 is :data:`DEFAULT_METHOD`."""
    if version == 0:
        return DEFAULT_METHOD
    rows = read_rows(
        engine,
        select(StoredRankingMethod.method_json).where(
            StoredRankingMethod.programme_id == programme_id, StoredRankingMethod.version == version
        ),
    )
    if not rows:
        raise MethodError(f"方案 {programme_id} 没有第 {version} 版排名办法")
    return RankingMethod.from_json(rows[0][0])


def store_method(
    engine: Engine, programme_id: int, method: RankingMethod, scope: Scope, note: str
) -> RankingMethod:
    """Check ``method`` (:func:`check_method`) and store it as the programme's next
    version in ``scope``'s name, who must hold ``setup`` on the programme's region (a
    method is part of how a programme is set up); returns it with that version, and leaves
    a ``method_stored`` audit row (before: the version in force).  Two writers at once:
    the unique (programme, version) key refuses the second, which may try again."""
    check_method(method)
    with engine.begin() as connection:
        programme = connection.execute(
            select(Programme.code, Programme.region_id).where(Programme.id == programme_id)
        ).first()
        if not scope.everything:
            scope.require(
                "setup", None if programme is None else place_by_id(connection, programme.region_id)
            )
        if programme is None:
            raise MethodError(f"没有编号为 {programme_id} 的方案")
        previous = connection.execute(
            select(StoredRankingMethod.version, StoredRankingMethod.method_json)
            .where(StoredRankingMethod.programme_id == programme_id)
            .order_by(StoredRankingMethod.version.desc())
            .limit(1)
        ).first()
        latest = None if previous is None else previous.version
        stored = RankingMethod(
            version=(latest or 0) + 1,
            weights=dict(method.weights),
            bands=method.bands,
            vetoes=method.vetoes,
            lists=method.lists,
            county_weights=dict(method.county_weights),
        )
        connection.execute(
            insert(StoredRankingMethod).values(
                programme_id=programme_id,
                version=stored.version,
                method_json=stored.to_json(),
                created_at=dt.datetime.now().replace(microsecond=0),
                created_by=scope.user,
                note=note,
            )
        )
        before = json.loads(previous.method_json if previous else DEFAULT_METHOD.to_json())
        after = json.loads(stored.to_json()) | {"note": note}
        subject = f"{programme.code} 第{stored.version}版"
        record(connection, scope.user, Event("method_stored", subject, programme.region_id, before, after))
        bump_data_version(connection)
    return stored


def check_method(method: RankingMethod) -> None:
    """Raise :class:`MethodError` naming the first thing wrong with ``method``: weights
    ≥ 0 over exactly the components, adding to 100; bands known, floors descending, the
    last at 0; vetoes known, once each, a line 0–100 where the veto has one; list sizes
    ≥ 0; county weights ≥ 0 over exactly its parts, adding to 100."""
    _check_weights(method.weights, COMPONENTS, "指标权重")
    _check_weights(method.county_weights, COUNTY_PARTS, "县（区）得分权重")
    codes = [band.code for band in method.bands]
    unknown = [code for code in codes if code not in BANDS]
    if unknown or not codes:
        raise MethodError(f"分档：未知的档次 {'、'.join(unknown) or '（空）'}，可用 {'、'.join(BANDS)}")
    floors = [band.floor for band in method.bands]
    if any(a <= b for a, b in itertools.pairwise(floors)):
        raise MethodError(f"分档：下限须从高到低排列，现为 {'、'.join(_number(f) for f in floors)}")
    if floors[-1] != 0:
        raise MethodError(f"分档：最后一档（{codes[-1]}）的下限须为 0，现为 {_number(floors[-1])}")
    if floors[0] > 100:
        raise MethodError(f"分档：最高档（{codes[0]}）的下限 {_number(floors[0])} 超过 100")
    seen = set()
    for veto in method.vetoes:
        if veto.code not in VETOES:
            raise MethodError(f"一票否决：未知的否决项 {veto.code}，可用 {'、'.join(VETOES)}")
        if veto.code in seen:
            raise MethodError(f"一票否决：否决项 {veto.code} 重复")
        seen.add(veto.code)
        if veto.code in LINED_VETOES and (veto.line is None or not 0 <= veto.line <= 100):
            raise MethodError(f"一票否决：{veto.code} 的否决线须为 0 至 100 之间的百分数，现为 {veto.line}")
        if veto.code not in LINED_VETOES and veto.line is not None:
            raise MethodError(f"一票否决：{veto.code} 没有否决线，不应填写（现为 {veto.line}）")
    lists = method.lists
    for name, value in (("红榜名额", lists.red_top), ("黑榜末位数", lists.black_bottom)):
        if value < 0:
            raise MethodError(f"红黑榜：{name}不能为负数，现为 {value}")


def _check_weights(weights, parts: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(weights) - set(parts))
    missing = [part for part in parts if part not in weights]
    if unknown or missing:
        detail = "；".join(
            text
            for text in (
                f"未知的项 {'、'.join(unknown)}" if unknown else "",
                f"缺少 {'、'.join(missing)}" if missing else "",
            )
            if text
        )
        raise MethodError(f"{what}：{detail}（应为 {'、'.join(parts)}）")
    negative = [part for part in parts if weights[part] < 0]
    if negative:
        raise MethodError(f"{what}：{'、'.join(negative)} 的权重为负数")
    total = sum(weights[part] for part in parts)
    if not math.isclose(total, 100, abs_tol=1e-9):
        raise MethodError(f"{what}：合计须为 100，现为 {_number(total)}")


def _number(value: float) -> str:
    return f"{value:g}"
