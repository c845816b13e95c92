"""The circular's chart keeps its legend within its width in either language."""

from oversight.circular.chart import legend_columns, stage_chart
from oversight.circular.figures import StageCount
from tests.fixture_circular import FIGURES

STAGES = [
    StageCount("implementing", "推进实施", "Implementing", 1),
    StageCount("applied", "申报", "Applied", 1),
    StageCount("county_reviewed", "县级初审", "County review passed", 5),
]


def test_the_legend_has_as_many_columns_as_fit_the_chart():
    # English: "County review passed" is 20 letters × 7 px + 28 px of symbol = 168 px, and
    # 520 // 168 = 3 columns (4 ran past the chart's 520 px and cut it to "County review passe").
    assert legend_columns(STAGES, "en") == 3
    # Chinese: 县级初审 is 8 letters wide, 8 × 7 + 28 = 84 px: 6 would fit, 4 at most.
    assert legend_columns(STAGES, "zh") == 4


def test_the_chart_uses_them():
    # The fixture's stages: 未启动, 备案启动, 推进实施; in English the widest is
    # "Registered, launched", 20 letters: 168 px, 3 columns; in Chinese 备案启动, 4.
    for lang, columns in (("en", 3), ("zh", 4)):
        legend = stage_chart(FIGURES, lang).to_dict()["encoding"]["color"]["legend"]
        assert legend["columns"] == columns


def test_the_bars_keep_their_height_whatever_draws_them():
    # Streamlit sizes a chart that names no autosize to fit its height, legend and axis
    # included: five counties and a two-row legend left the bars 20 px.  28 px a county,
    # 60 at least: the fixture's two counties get 60 (not 56).
    spec = stage_chart(FIGURES, "zh").to_dict()
    assert spec["autosize"] == {"type": "pad", "contains": "padding"}
    assert spec["height"] == 60
