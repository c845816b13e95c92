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

from data_access.regions import RegionRef, find_region
from oversight.access import OutOfScope, Scope

Result = TypeVar("Result")

_DECLARED = "__reads__"


def reads(parameter: str | None, resolve: Callable[[Engine, Any], RegionRef | None] | None = None):
    """Declare the parameter whose region a query reads (None: no region's data).

    ``resolve`` turns the parameter's value into its region when it is neither a
    ``RegionRef`` nor a unit code (a circular's id, say).
    """

    def declare(query: Callable[..., Result]) -> Callable[..., Result]:
        setattr(query, _DECLARED, (parameter, resolve))
        return query

    return declare


def read(engine: Engine, scope: Scope, query: Callable[..., Result], *args: Any) -> Result:
    """``query(engine, *args)`` if ``scope`` may read what it reads; else OutOfScope."""
    check(engine, scope, query, *args)
    return query(engine, *args)


def check(engine: Engine, scope: Scope, query: Callable[..., Any], *args: Any) -> None:
    """Refuse (OutOfScope) unless ``scope`` may read what ``query(engine, *args)`` reads.

    Apart from :func:`read` for a cache: the check runs on every call, the query only on a
    miss, so a result cached for one user is never handed to another without it.
    """
    declared = getattr(query, _DECLARED, None)
    if declared is None:
        raise OutOfScope("read")
    parameter, resolve = declared
    if parameter is None or scope.everything:
        return
    value = inspect.signature(query).bind(engine, *args).arguments.get(parameter)
    scope.require("read", region_of(engine, value, resolve))


def region_of(engine: Engine, value: Any, resolve: Callable[[Engine, Any], RegionRef | None] | None = None):
    """The region a query's argument names: itself, a unit's by code, or ``resolve``'s;
    None when the argument names every region (only the command line may read those)."""
    if value is None or isinstance(value, RegionRef):
        return value
    if resolve is not None:
        region = resolve(engine, value)
    else:
        region = find_region(engine, str(value))
        region = region if region is not None and region.code == str(value) else None
    if region is None:
        raise OutOfScope("read")
    return region
