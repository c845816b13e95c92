"""The data layer's gate: every read a page makes passes the caller's scope through here.

A query declares what it reads with :func:`reads`: the parameter that holds the region
(a :class:`~data_access.regions.RegionRef`) or the unit (a unit code) whose data it
returns, or that it reads nothing of any region (the catalogue, the grading schemes).
:func:`read` binds the call's arguments, finds that region and refuses the call with
:class:`~oversight.access.OutOfScope` unless the scope may read it.  A query that declares
nothing is refused too: a new query is closed until someone says what it reads.

The scope comes from the signed-in user (``ui/auth.py``), never from the URL: a county
user who edits ``?county=`` reaches this gate with the other county and is refused.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine

from data_access import regions
from data_access.regions import RegionRef, region_by_code
from oversight.access import OutOfScope, Scope

Result = TypeVar("Result")

Resolve = Callable[[Engine, Any], RegionRef | None]
"""A data_access function (module level, so a cache can key on it) from a query's
argument to the region it names."""

Lookup = Callable[[Resolve, Any], RegionRef | None]
"""How :func:`check` calls a :data:`Resolve`: ``lookup(resolve, value)``; the app's
caches it (``ui/data.py``), so the gate costs no query while the data stand still."""

_DECLARED = "__reads__"


def reads(parameter: str | None, resolve: Resolve | None = None, *, leads: bool = False):
    """Declare the parameter whose region a query reads (None: no region's data).

    ``resolve`` turns the parameter's value into its region when it is neither a
    ``RegionRef`` nor a region's code (a circular's id, say).  ``leads``: the query returns
    only what names the region (its code, names, level), which the choosers offer where
    the region leads to a readable one (a county user's city,
    :meth:`~oversight.access.Scope.leads_to`); nothing read of it.
    """

    def declare(query: Callable[..., Result]) -> Callable[..., Result]:
        setattr(query, _DECLARED, (parameter, resolve, leads))
        return query

    return declare


def declared(query: Callable[..., Any]) -> bool:
    """Whether ``query`` says what it reads (the gate refuses every query that does not)."""
    return hasattr(query, _DECLARED)


def read(engine: Engine, scope: Scope, query: Callable[..., Result], *args: Any) -> Result:
    """``query(engine, *args)`` if ``scope`` may read what it reads; else OutOfScope."""
    check(engine, scope, query, *args)
    return query(engine, *args)


def check(
    engine: Engine, scope: Scope, query: Callable[..., Any], *args: Any, lookup: Lookup | None = None
) -> None:
    """Refuse (OutOfScope) unless ``scope`` may read what ``query(engine, *args)`` reads.

    Apart from :func:`read` for a cache: the check runs on every call, the query only on a
    miss, so a result cached for one user is never handed to another without it.
    ``lookup`` calls the region's resolver (by default directly, on ``engine``).
    """
    found = getattr(query, _DECLARED, None)
    if found is None:
        raise OutOfScope("read")
    parameter, resolve, leads = found
    if parameter is None or scope.everything:
        return
    value = inspect.signature(query).bind(engine, *args).arguments.get(parameter)
    region = region_of(engine, value, resolve, lookup)
    if leads and region is not None and scope.leads_to(region):
        return
    scope.require("read", region)


def region_of(engine: Engine, value: Any, resolve: Resolve | None = None, lookup: Lookup | None = None):
    """The region a query's argument names: itself, a region's by code, or ``resolve``'s;
    None when the argument names every region (only the command line may read those).
    A value that names no region is refused as one outside the scope would be: the
    refusal does not say whether it exists."""
    if value is None or isinstance(value, RegionRef):
        return value
    lookup = lookup or (lambda resolver, argument: resolver(engine, argument))
    region = lookup(resolve or region_by_code, value if resolve else str(value))
    if region is None:
        raise OutOfScope("read")
    return region


# The region lookups, declared here rather than in regions.py (which this module imports):
# the choosers name a region that leads to a readable one, the gate itself finds regions.
reads("region_id", resolve=regions.region_by_id, leads=True)(regions.region_by_id)
reads("code", resolve=regions.region_by_code, leads=True)(regions.region_by_code)
reads("name_or_code", resolve=regions.find_region, leads=True)(regions.find_region)
reads(None)(regions.cities_with_programmes)
reads("region")(regions.county_units)
