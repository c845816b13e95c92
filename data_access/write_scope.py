"""Whether the caller may write where a write lands: the regions a write path checks.

Every write path takes the caller's :class:`~oversight.access.Scope` and refuses, whole, a
write that lands in a region the scope does not allow (:class:`~oversight.access.OutOfScope`,
which names nothing).  The regions are looked up by the codes a record or a file gives;
a code the database does not hold is, for a signed-in user, outside the scope as well:
telling "no such unit" from "not yours" would tell a clerk which codes exist elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, select

from data_access.database import reading
from data_access.models import Region
from data_access.regions import REF_COLUMNS, RegionRef
from oversight.access import Scope
from oversight.intake.problems import Problem
from oversight.refusals import Refusal


def places(connection: Connection, codes: Iterable[str], level: str | None = None) -> dict[str, RegionRef]:
    """The stored regions of ``codes`` (of ``level`` only, when given), by code."""
    listed = sorted({code for code in codes if code})
    found: dict[str, RegionRef] = {}
    for start in range(0, len(listed), 500):
        query = select(*REF_COLUMNS).where(Region.code.in_(listed[start : start + 500]))
        if level is not None:
            query = query.where(Region.level == level)
        for row in connection.execute(query):
            found[row.code] = RegionRef(*row)
    return found


def outside(scope: Scope, action: str, codes: Iterable[str], found: dict[str, RegionRef]) -> list[str]:
    """The codes among ``codes`` where ``scope`` may not ``action`` (unknown ones too), in
    their order, each once."""
    if scope.everything:
        return []
    refused: dict[str, None] = {}
    for code in codes:
        if not scope.allows(action, found.get(code)):
            refused.setdefault(code)
    return list(refused)


def require_units(connection: Connection, scope: Scope, action: str, codes: Iterable[str]) -> None:
    """Refuse (OutOfScope) unless ``scope`` may ``action`` on every unit of ``codes``."""
    if scope.everything:
        return
    listed = list(codes)
    found = places(connection, listed, "unit")
    for code in listed:
        scope.require(action, found.get(code))


def outside_problems(
    key: str, column: str | None, refused: Iterable[tuple[str, str | None, int | None, str]]
) -> list[Problem]:
    """One problem per file and sheet naming the rows and the codes refused, as the file
    wrote them (never a name from the database): ``refused`` holds (file, sheet, row, code).
    The sentence says the whole file was not taken."""
    grouped: dict[tuple[str, str | None], tuple[list[int], list[str]]] = {}
    for file, sheet, row, code in refused:
        rows, codes = grouped.setdefault((file, sheet), ([], []))
        if row is not None and row not in rows:
            rows.append(row)
        if code not in codes:
            codes.append(code)
    return [
        Problem(
            file,
            sheet,
            None,
            column,
            None,
            key,
            {"rows": tuple(Refusal("row", {"row": row}) for row in rows), "codes": tuple(codes)},
        )
        for (file, sheet), (rows, codes) in grouped.items()
    ]


def place_by_id(connection: Connection, region_id: int) -> RegionRef | None:
    """The stored region ``region_id``, read in the caller's transaction."""
    row = connection.execute(select(*REF_COLUMNS).where(Region.id == region_id)).first()
    return None if row is None else RegionRef(*row)


def allowed_units(
    engine: Engine, scope: Scope, actions: Iterable[str], codes: Iterable[str]
) -> dict[str, frozenset[str]]:
    """For each action, the units among ``codes`` where ``scope`` may do it: what the data
    entry page's unit choosers list."""
    listed = list(codes)
    with reading(engine) as reader:
        found = places(reader.connection, listed, "unit")
    return {
        action: frozenset(code for code in listed if scope.allows(action, found.get(code)))
        for action in actions
    }
