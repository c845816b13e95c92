"""Drawing a chart or a table: the one way every page puts an Altair chart, or a table a
leader reads whole, on the screen.

``st.altair_chart`` validates each spec against Vega-Lite's JSON schema on every rerun,
and Altair (in its debug mode, on by default) validates every part of a chart as it is
built; at province scale (a heatmap of 441 units × 14 columns) the two were over half of
a warm rerun.  The builders of :mod:`ui.charts` are tested as validated dicts, so the app
turns Altair's debug mode off when it imports this module, converts the spec here without
validation and draws it with ``st.vega_lite_chart``.  The data frames travel
as Arrow datasets named by a hash of their bytes, as Streamlit does, never as JSON rows
inside the spec.  The charts use this package's theme, not Streamlit's.
"""

from __future__ import annotations

import hashlib
import re
import threading
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from oversight.formatting import text_width

TRANSFORMER = "oversight-arrow"
_lock = threading.Lock()
"""Altair's data transformer is global: one conversion at a time."""


def _to_named_arrow(data: Any, datasets: dict[str, bytes]) -> dict[str, str]:
    payload = convert_anything_to_arrow_bytes(data)
    name = hashlib.md5(payload, usedforsecurity=False).hexdigest()
    datasets[name] = payload
    return {"name": name}


alt.data_transformers.register(TRANSFORMER, _to_named_arrow)
alt.utils.schemapi.disable_debug_mode()


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec of ``chart``, unvalidated, its frames as Arrow bytes under
    ``datasets``."""
    datasets: dict[str, bytes] = {}
    with _lock, alt.data_transformers.enable(TRANSFORMER, datasets=datasets):
        spec = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def draw_chart(chart: alt.TopLevelMixin, theme: str | None = None, where: Any = st, **options: Any):
    """Draw ``chart`` as ``where.altair_chart(chart, theme=theme, **options)`` would (``where``
    a container such as a column), without schema validation; returns what Streamlit
    returns (the selection event with ``on_select``).  ``theme`` None keeps this package's
    theme."""
    return where.vega_lite_chart(spec=chart_spec(chart), theme=theme, **options)


def draw_table(data: Any, *, key: str, **options: Any) -> None:
    """Draw a table a leader reads whole (every row, texts wrapped) as a plain HTML table
    in a container keyed ``key``; ``options`` as for ``st.table`` (``hide_index``, ``height``).

    ``st.dataframe`` draws an interactive grid on a canvas: its script loads, measures its
    columns and paints in a second pass, so every grid on a page adds to the time before a
    leader sees it whole (at province scale five grids were most of the overview's lead over
    the bare page).  A table read whole, never sorted, selected or scrolled, needs none of
    that; the grid is kept where rows are chosen (the heatmap's unit list).
    """
    with st.container(key=key):
        st.table(literal(unbroken(data)), border="horizontal", **options)


SHORT_CELL = 20
"""A column whose every value is at most this wide (:func:`text_width`; 2015年12月31日 is
14, a document number 遂安监通〔2015〕10号 20) is kept on one line."""


def unbroken(data: pd.DataFrame | Styler) -> Styler:
    """``data`` styled so that the browser breaks only the long texts of a table.

    A browser may break Chinese between any two characters, and sizes an HTML table's
    columns to their narrowest: beside a long target text, the headers 应达 and 已达 and
    the date 2015年12月31日 broke a character to a line.  Headers keep their words
    whole, and the columns of short values stay on one line; the long texts wrap.
    """
    styler = data if isinstance(data, Styler) else data.style
    frame = styler.data
    short = [
        index
        for index, column in enumerate(frame.columns)
        if all(text_width(str(value)) <= SHORT_CELL for value in frame[column])
    ]
    # Streamlit draws each cell's text in a box of its own: the rules reach into it.
    rules = [{"selector": "th *", "props": "word-break: keep-all"}]
    rules += [{"selector": f"td.col{index} *", "props": "white-space: nowrap"} for index in short]
    return styler.set_table_styles(rules, overwrite=False)


MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$])")
"""The characters Markdown (and Streamlit's directives, :material/…: and :red[…]) read as
syntax; a backslash before each makes it a plain character."""


def literal(styler: Styler) -> Styler:
    """``styler`` with its texts and headers shown as written.

    ``st.table`` reads every text cell as Markdown: the plan's stage "1. 启动阶段" was drawn
    as a numbered list, shifted off its row, and a text with ``*`` or ``[`` would be
    reformatted.  The data keep their values; only what is drawn is escaped."""
    frame = styler.data
    texts = [column for column in frame.columns if pd.api.types.is_string_dtype(frame[column])]
    return styler.format(_escaped, subset=texts).format_index(_escaped, axis=1)


def _escaped(value: Any) -> Any:
    return MARKDOWN.sub(r"\\\1", value) if isinstance(value, str) else value
