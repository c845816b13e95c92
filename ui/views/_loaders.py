"""How a view reads: through two loaders, ``fetch`` and ``reference``.

In the app they are ``ui.data.fetch`` (cached until any report is written) and
``ui.data.reference`` (cached until regions, programmes or the catalogue are loaded);
a test passes plain functions over its engine instead.  The app's are looked up when a
view is called, never bound when a view module is imported, so a benchmark or test that
wraps ``ui.data``'s functions sees every read a view makes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui import data

Loader = Callable[..., Any]
"""``ui.data.fetch`` or ``ui.data.reference``: ``loader(query, *args)``."""


def loaders(fetch: Loader | None = None, reference: Loader | None = None) -> tuple[Loader, Loader]:
    """The loaders given, or ``ui.data``'s as they are now."""
    return fetch or data.fetch, reference or data.reference
