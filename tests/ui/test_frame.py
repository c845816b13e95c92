"""The frame's sidebar is as wide as its longest chooser option needs, within bounds."""

from oversight.formatting import text_width
from ui.frame import sidebar_width


def test_the_sidebar_widens_for_a_long_name_within_bounds():
    assert text_width("Suining Economic Development Zone") == 33
    assert sidebar_width(33) == 334  # 33 × 7.2 + 96 = 333.6
    assert sidebar_width(text_width("全部区县")) == 300  # 8 × 7.2 + 96 = 153.6: Streamlit's own
    assert sidebar_width(60) == 420  # 528, past the most
