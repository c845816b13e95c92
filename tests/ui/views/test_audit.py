"""The audit view's pure parts: a change as its changed fields, and the CSV made inert."""

import pandas as pd

from oversight.spreadsheet_text import csv_bytes, inert
from ui.views.audit import change_text


def test_a_change_shows_only_the_fields_that_changed():
    before = '{"drills": 1, "note": "初报", "stage": "launched"}'
    after = '{"drills": 2, "note": "初报", "stage": "named"}'
    assert change_text(before, after, "zh") == "drills: 1 → 2；stage: launched → named"
    assert change_text(before, after, "en") == "drills: 1 → 2; stage: launched → named"


def test_a_new_record_shows_its_fields_and_a_removed_one_what_it_held():
    assert change_text(None, '{"role": "county", "region": "D1"}', "zh") == "role: county；region: D1"
    assert change_text('{"role": "county"}', None, "zh") == "role: county → —"
    assert change_text(None, None, "zh") == ""
    assert change_text('{"reason": null}', '{"reason": "补报", "days": [1, 2]}', "en") == (
        "reason: — → 补报; days: 1, 2"
    )


def test_texts_that_start_like_a_formula_are_made_inert():
    assert [inert(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "a=b", 3, -3)] == [
        "'=1+1",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "a=b",
        3,
        -3,
    ]


def test_the_csv_has_every_text_cell_inert_and_reads_in_excel():
    frame = pd.DataFrame({"用户": ["=HYPERLINK(1)", "张三"], "=列": ["@x", "-1"]})
    data = csv_bytes(frame)
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["用户,'=列", "'=HYPERLINK(1),'@x", "张三,'-1"]
