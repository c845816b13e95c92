"""Who may see and change what: the roles, the actions they grant and the scope a user acts in.

Declared once here and read by the data layer (which refuses a read or write outside the
caller's scope, ``data_access/access.py``), the pages (which offer only what the scope
allows) and the command line (``python -m oversight user``).  A role is granted in a
region; it reaches that region and everything under it (a city grant its counties and
units, a province grant its cities).  docs/access.md lists the roles as the bureau
assigns them.

A refusal never names what it refuses: :class:`OutOfScope` carries the action only, so a
county user who edits a link to reach another county learns nothing of it, not even
whether it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

ACTIONS = (
    "read",
    "submit",
    "correct",
    "move",
    "review_county",
    "review_city",
    "name",
    "setup",
    "issue_circular",
    "read_audit",
    "manage_users",
)
"""Everything a role can grant.  ``move`` records a unit's stage move; ``name`` a naming,
renewal or revocation; ``setup`` regions, programmes, targets and enrolments."""

WRITES = ("submit", "correct", "move", "review_county", "review_city", "name", "setup")
"""The actions of the data entry page (数据填报): a user holding none of them does not see it."""


@dataclass(frozen=True)
class Role:
    """A role: the region levels it may be granted at and the actions it grants there."""

    code: str
    levels: tuple[str, ...]
    actions: frozenset[str]


ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role("leader", ("province", "city"), frozenset({"read"})),
        Role("viewer", ("province", "city"), frozenset({"read"})),
        Role(
            "staff",
            ("city",),
            frozenset({"read", "move", "review_city", "name", "setup", "issue_circular", "read_audit"}),
        ),
        Role("county", ("county",), frozenset({"read", "submit", "correct", "move", "review_county"})),
        Role("clerk", ("unit",), frozenset({"read", "submit", "correct"})),
        Role("admin", ("province", "city"), frozenset({"manage_users", "read_audit"})),
    )
}
"""City leader (领导) and viewer (查看): the whole city or province, read.  Bureau staff
(市局工作人员): the city, set-up, stage moves, the city's reviews, namings, circulars.
County office (区县): its county, read, its units' reports, stage moves and its preliminary
reviews.  Unit clerk (填报员): its own unit, submit and correct.  Administrator: users,
roles and the audit trail.  Each has ``role.<code>`` messages in every language."""


class Place(Protocol):
    """A region as scoping needs it: :class:`data_access.regions.RegionRef` is one."""

    @property
    def id(self) -> int: ...

    @property
    def level(self) -> str: ...

    @property
    def ancestor_ids(self) -> set[int]: ...


@dataclass(frozen=True)
class Grant:
    """One role of a user in one region."""

    role: str
    region: Place

    def reaches(self, place: Place) -> bool:
        """Whether ``place`` is the grant's region or lies under it."""
        return place.id == self.region.id or self.region.id in place.ancestor_ids


class OutOfScope(PermissionError):
    """A read or write the caller's scope does not allow.  Deliberately without the
    region, unit or record refused: the message (``access.refused``) names none of it."""

    def __init__(self, action: str) -> None:
        super().__init__(f"权限不足：{action}")
        self.action = action


@dataclass(frozen=True)
class Scope:
    """Who is acting and where they may act: the signed-in user's grants.

    ``everything`` is the command line's scope (whoever runs it on the server already
    holds the database), never a signed-in user's.
    """

    user: str
    grants: tuple[Grant, ...] = ()
    everything: bool = False

    @classmethod
    def command_line(cls, user: str = "命令行") -> Scope:
        return cls(user, everything=True)

    def allows(self, action: str, place: Place | None) -> bool:
        """Whether the user may do ``action`` in ``place`` (None: everywhere at once, such
        as a query over every region, which only the command line may run)."""
        if self.everything:
            return True
        if place is None:
            return False
        return any(action in ROLES[g.role].actions and g.reaches(place) for g in self.grants)

    def require(self, action: str, place: Place | None) -> None:
        if not self.allows(action, place):
            raise OutOfScope(action)

    def can(self, action: str) -> bool:
        """Whether the user may do ``action`` anywhere (the pages offer it, scoped)."""
        return self.everything or any(action in ROLES[g.role].actions for g in self.grants)

    def places(self, action: str) -> tuple[Place, ...]:
        """The regions where ``action`` is granted, each once."""
        found: dict[int, Place] = {}
        for grant in self.grants:
            if action in ROLES[grant.role].actions:
                found.setdefault(grant.region.id, grant.region)
        return tuple(found.values())

    def leads_to(self, place: Place) -> bool:
        """Whether ``place`` is readable or holds a readable region (a county user's city):
        the sidebar offers it to reach what lies below, the data layer reads nothing of it."""
        return self.allows("read", place) or any(place.id in p.ancestor_ids for p in self.places("read"))

    def outside(self, action: str, places: Iterable[Place]) -> list[Place]:
        """The places among ``places`` where ``action`` is not allowed, in their order."""
        return [place for place in places if not self.allows(action, place)]
