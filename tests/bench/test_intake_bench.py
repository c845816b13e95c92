"""bench/intake.py at a tiny scale: the workbooks it builds are valid templates' rows and
every run imports a new month (timings themselves are the benchmark's, not a test's)."""

from __future__ import annotations

from sqlalchemy import text

from bench.intake import measure_intake, render_intake


def test_every_run_imports_a_month_of_new_reports(engine):
    """30 units in one city, one warm-up and one timed run: the city's two months of 2024
    and the province's (the same city) two of 2025 → 4 × 30 = 120 reports, each graded
    (45 grades) with one domain row."""
    bench = measure_intake(engine, 30, 1, lambda _line: None)
    with engine.connect() as connection:
        reports, graded, domains, months = connection.execute(
            text(
                "SELECT count(*), sum(CASE WHEN graded THEN 1 ELSE 0 END),"
                " (SELECT count(*) FROM report_domain), count(DISTINCT month) FROM report_summary"
            )
        ).one()
    assert (reports, graded, domains, months) == (120, 120, 120, 4)
    assert (bench.city_units, bench.province_units) == (30, 30)
    assert len(bench.city.totals_ms) == len(bench.province.totals_ms) == 1
    lines = render_intake(bench)
    assert lines[1] == "## Monthly workbooks imported (a new month each run)"
    assert any(line.startswith("| a city month, 30 units × 45 grades") for line in lines)
