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


def test_a_table_breaks_only_its_long_texts():
    # 应达 of 1 or 2; a date 4 digits + 年 2 + 2 digits + 月 2 + 2 digits + 日 2 = 14 <= 20;
    # a document number 遂安监通 8 + 〔 2 + 2015 4 + 〕 2 + 10 2 + 号 2 = 20 <= 20 (the archive
    # broke it after 遂安监通); the target text, 23 Chinese characters and a digit (47), and
    # a unit with its county, 11 Chinese characters (22), wrap.
    frame = pd.DataFrame(
        {
            "目标": ["各区县和园区各完成1个乡镇或街道省级安全社区建设", "短"],
            "到期日": ["2015年12月31日", "2016年1月1日"],
            "应达": [1, 12],
            "文号": ["遂安监通〔2015〕10号", "遂安监通〔2016〕1号"],
            "单位": ["嘉禾街道（遂宁经济技术开发区）", "短"],
        }
    )
    rules = draw.unbroken(frame).table_styles
    assert rules == [
        {"selector": "th *", "props": [("word-break", "keep-all")]},
        {"selector": "td.col1 *", "props": [("white-space", "nowrap")]},
        {"selector": "td.col2 *", "props": [("white-space", "nowrap")]},
        {"selector": "td.col3 *", "props": [("white-space", "nowrap")]},
    ]


def test_a_styled_table_keeps_its_styles():
    frame = pd.DataFrame({"状态": ["逾期未完成"]})
    styled = draw.unbroken(frame.style.map(lambda value: "background-color: #fdd"))
    assert "background-color: #fdd" in styled.to_html()
    assert {"selector": "td.col0 *", "props": [("white-space", "nowrap")]} in styled.table_styles


def test_a_table_shows_its_texts_as_written():
    frame = pd.DataFrame({"计划阶段": ["1. 启动阶段", "*x* [a](b) :red[y]"], "按期": [4, 0]})
    styled = draw.literal(draw.unbroken(frame))
    drawn = styled.to_html()
    assert ">1\\. 启动阶段<" in drawn
    assert ">\\*x\\* \\[a\\]\\(b\\) \\:red\\[y\\]<" in drawn
    assert ">计划阶段<" in drawn and ">4<" in drawn
    assert styled.data.equals(frame)  # the data keep their values
