"""The browser section of the benchmark's report, from hand-made timings: each page's
median, its ratio to the bare page measured in the same run, and the goals."""

from types import SimpleNamespace

from bench.browser import BrowserLoad, PageDraw, _path
from bench.report import _browser


def _result(browser: BrowserLoad) -> SimpleNamespace:
    pages = [("pages/overview.py", "总览 overview"), ("pages/heatmap.py", "指标热力图 heatmap")]
    return SimpleNamespace(
        runs=3, browser=browser, pages=[SimpleNamespace(script=s, title=t) for s, t in pages]
    )


def test_pages_are_reported_as_ratios_to_the_bare_page():
    # Bare page: median of 2.0, 2.2, 1.9 = 2.0 s.  Overview: median 2.4 s → 1.20× (within 1.3×);
    # heatmap: median of 3.2, 2.8, 3.4 = 3.2 s → 1.60× (above 1.5×).
    load = BrowserLoad(
        2.5,
        PageDraw("bare", [2.0, 2.2, 1.9]),
        [PageDraw("pages/overview.py", [2.4, 2.6, 2.3]), PageDraw("pages/heatmap.py", [3.2, 2.8, 3.4])],
        [],
    )
    lines = _browser(_result(load))
    assert "| bare page (floor) | 2.00 s | 1.90 s | 2.20 s | 1.00× | | |" in lines
    assert "| 总览 overview | 2.40 s | 2.30 s | 2.60 s | 1.20× | yes | yes |" in lines
    assert "| 指标热力图 heatmap | 3.20 s | 2.80 s | 3.40 s | 1.60× | **no** | **no** |" in lines


def test_pages_are_opened_by_their_own_address():
    assert _path("pages/overview.py") == ""  # the home page, at the root
    assert _path("pages/heatmap.py") == "heatmap"
