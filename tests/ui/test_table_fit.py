"""Fitting a table's long text column: widths and wrapping worked out by hand."""

import pandas as pd

from ui.table_fit import TableFit, fit_text_column, text_px


def test_text_width_counts_wide_characters_double():
    # 4 CJK characters at 14 px, "SN-2015" 7 characters at 7 px.
    assert text_px("各区县和") == 56
    assert text_px("SN-2015") == 49


def test_a_column_that_fits_keeps_the_grids_own_sizes():
    table = pd.DataFrame({"目标": ["甲区80%"]})  # 2 × 14 + 3 × 7 = 49 px ≤ 280 − 20
    assert fit_text_column(table, "目标", 280) == TableFit()


def test_a_long_text_gets_the_width_and_rows_tall_enough_to_wrap():
    # 30 CJK characters = 420 px; room 260 px: 1.1 × 420 / 260 = 1.78 → 2 lines, and
    # Streamlit wraps only in rows above 64 px: 65.
    table = pd.DataFrame({"目标": ["各" * 30, "短"]})
    assert fit_text_column(table, "目标", 280) == TableFit({"目标": 280}, 65)
    # 60 characters = 840 px: 1.1 × 840 / 260 = 3.55 → 4 lines of 20 px + 12 = 92 px.
    assert fit_text_column(pd.DataFrame({"目标": ["各" * 60]}), "目标", 280) == TableFit({"目标": 280}, 92)
