"""Python's cyclic garbage collector paused while a ranking is read and built.

A city's ranking makes some 60,000 small objects (rows read, facts and their values,
scores) that all live on until the ranking is shown and hold no reference cycles.  With
the collector running, every few hundred of them set off a collection, and each time
enough had piled up it walked every object of the process (pandas, SQLAlchemy, the data
already read): a third of the time of a province's ranking (docs/performance.md).
Reference counting still frees everything as usual; the collector resumes afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block, and on again after it if it was on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
