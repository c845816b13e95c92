"""View functions read through loaders; here plain functions over the test engine."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from data_access.programmes import programmes_within
from data_access.regions import find_region
from ui.filters import Filters


def loaders(engine: Engine):
    """``fetch`` and ``reference`` as the app's, without Streamlit's cache."""

    def load(query, *args):
        return query(engine, *args)

    return load, load


def filters(
    engine: Engine, month: dt.date, lang: str = "zh", county: str | None = None, programme: str | None = None
) -> Filters:
    """What the sidebar would hold for city C of the hand fixture."""
    city = find_region(engine, "C")
    chosen_programme = None
    if programme is not None:
        chosen_programme = programmes_within(engine, city).set_index("code").loc[programme]
    return Filters(lang, city, month, find_region(engine, county) if county else None, chosen_programme)


def call_view(view, engine: Engine, month: dt.date, **options):
    """``view(filters, fetch, reference)`` for city C of the hand fixture in ``month``;
    ``options`` as :func:`filters` takes them."""
    fetch, reference = loaders(engine)
    return view(filters(engine, month, **options), fetch, reference)
