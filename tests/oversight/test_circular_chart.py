"""The circular's chart keeps its legend within its width and its bars their height,
in either language, in the Word file and on the page."""

from oversight.circular.chart import fitted_height, legend_columns, stage_chart
from oversight.circular.figures import StageCount
from tests.fixture_circular import FIGURES

STAGES = [
    StageCount("implementing", "推进实施", "Implementing", 1),
    StageCount("applied", "申报", "Applied", 1),
    StageCount("county_reviewed", "县级初审", "County review passed", 5),
]


def test_the_legend_has_as_many_columns_as_fit_beside_the_county_names():
    # English: "County review passed" is 20 letters × 7 px + 28 px of symbol = 168 px.
    # Beside "Hedong New Area" (15 letters, 105 px): (520 − 105) // 168 = 2 columns;
    # beside "Suining Economic Development Zone" (32 letters, 224 px): 296 // 168 = 1.
    assert legend_columns(STAGES, ["Hedong New Area"], "en") == 2
    assert legend_columns(STAGES, ["Suining Economic Development Zone"], "en") == 1
    # Chinese: 县级初审 is 8 letters wide, 8 × 7 + 28 = 84 px; beside 河东新区 (8 letters,
    # 56 px): 464 // 84 = 5, 4 at most.
    assert legend_columns(STAGES, ["河东新区"], "zh") == 4


def test_the_chart_uses_them():
    # The fixture: counties 甲县 and 乙区 (4 letters, 28 px); stages 未启动, 备案启动,
    # 推进实施.  Chinese: widest 备案启动 8 letters, 84 px, (520 − 28) // 84 = 5 → 4 columns.
    legend = stage_chart(FIGURES, "zh").to_dict()["encoding"]["color"]["legend"]
    assert legend["columns"] == 4


def test_the_bars_keep_their_height_where_the_chart_is_fitted():
    # Streamlit fits a chart's whole height, title, axis and legend included: five counties
    # and a two-row legend left the bars 20 px.  The fixture: 2 counties → bars 60 px (at
    # least 60, not 56); 3 stages in 4 columns → 1 legend row: 60 + 64 + 18 = 142.
    assert stage_chart(FIGURES, "zh").to_dict()["height"] == 60
    assert fitted_height(FIGURES, "zh") == 142
