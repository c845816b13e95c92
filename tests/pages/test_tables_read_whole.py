"""Tables a leader reads whole are plain tables, not interactive grids: every grid is a
canvas that loads, measures and paints after the script has stopped, and five of them
were most of the overview's lead over the bare page at province scale (README,
"Benchmark").  Grids stay where a leader chooses or scrolls rows: the heatmap's unit list
and the community page's two tabs of monthly reports."""

import pytest

from tests.pages.conftest import open_page

VIEW = {"city": "130100", "county": "130102", "unit": "130102001", "month": "2009-06"}


@pytest.mark.parametrize(
    ("page", "part", "grids"),
    [
        ("pages/overview.py", {}, 0),
        ("pages/district.py", {}, 0),
        ("pages/community.py", {}, 0),  # the record's first part, activities
        ("pages/community.py", {"section": "reports"}, 2),  # two tabs: when sent, what reported
    ],
)
def test_tables_read_whole_are_not_grids(sample_url, monkeypatch, page, part, grids):
    app = open_page(monkeypatch, sample_url, page, **VIEW, **part)
    assert len(app.dataframe) == grids
    assert app.table, "the page's tables are drawn as plain tables"
