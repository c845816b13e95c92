"""The one chart-drawing helper: a spec without schema validation, data as Arrow datasets."""

import io

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest

from ui.charts import draw
from ui.charts.draw import chart_spec


def _chart() -> alt.LayerChart:
    frame = pd.DataFrame({"a": ["x", "y"], "b": [3, 4]})
    base = alt.Chart(frame).encode(x="a:N", y="b:Q")
    return alt.layer(base.mark_bar(), base.mark_text().encode(text="b:Q"))


def test_the_spec_carries_its_frame_once_as_arrow():
    spec = chart_spec(_chart())
    ((name, payload),) = spec["datasets"].items()
    assert spec["data"] == {"name": name}
    frame = pa.ipc.open_stream(io.BytesIO(payload)).read_pandas()
    assert frame.to_dict("list") == {"a": ["x", "y"], "b": [3, 4]}
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "text"]
    assert spec["config"]["font"].startswith("Noto Sans CJK SC")  # the package's theme


def test_the_spec_is_not_validated(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("validated")

    monkeypatch.setattr(alt.LayerChart, "validate", refuse, raising=False)
    monkeypatch.setattr(alt.utils.schemapi.SchemaBase, "validate", classmethod(refuse))
    chart_spec(_chart())
    with pytest.raises(AssertionError, match="validated"):
        _chart().to_dict()


def test_the_data_transformer_is_restored():
    active = alt.data_transformers.active
    chart_spec(_chart())
    assert alt.data_transformers.active == active != draw.TRANSFORMER


def test_charts_are_not_validated_as_they_are_built():
    # Altair's debug mode validates every part of a chart as it is built; the app
    # turns it off once it draws through this module (the tests validate the dicts).
    assert alt.utils.schemapi.DEBUG_MODE is False
