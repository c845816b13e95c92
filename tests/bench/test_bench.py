"""The benchmark still runs end to end, on a tiny province, so it cannot rot unnoticed.

Nothing here judges speed: a tiny SQLite province on a shared machine says nothing about
province scale.  It checks that every page of the app gets a row with numbers, that the
mapping of pages to data functions is recorded rather than copied, and that the write
check finds a report visible on every page at the next rerun.
"""

import re

import pytest

from bench.pages import REPO, dashboard_pages
from bench.run import build_parser, main

NUMBER = r"\d+(?:\.\d+)?"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("bench")
    argv = [
        *("--units", "30", "--months", "3", "--sqlite", str(folder / "province.db")),
        *("--runs", "1", "--visibility-size", "30x3", "--explain", "--out", str(folder)),
    ]
    assert main(argv) == 0
    return (folder / "bench-sqlite.md").read_text(encoding="utf-8")


def test_a_row_with_numbers_for_every_page(report):
    pages = dashboard_pages()
    assert len(pages) >= 4
    for title in pages.values():
        row = next(line for line in report.splitlines() if line.startswith(f"| {title} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        # data functions ms, calls, best SQL ms, queries, ratio, worst function ratio, rules ms, AppTest ms
        data_ms, calls, best_ms, queries, ratio, worst, _rules, app_ms = cells[1:9]
        assert re.fullmatch(NUMBER, data_ms), row
        assert int(calls) > 0, row
        assert re.fullmatch(NUMBER, best_ms), row
        assert int(queries) > 0, row
        assert re.fullmatch(NUMBER + "×", ratio), row
        assert re.fullmatch(NUMBER + "×", worst), row  # each hand-written query's function is called
        assert re.fullmatch(NUMBER, app_ms), row


def test_every_data_function_has_a_hand_written_query(report):
    assert "Data functions without a hand-written query" not in report


def test_the_recorded_calls_are_the_pages_own(report):
    details = report.split("### ")
    heatmap = next(section for section in details if section.startswith("指标热力图 heatmap"))
    assert "`scores.current_indicator_scores(city:" in heatmap
    community = next(section for section in details if section.startswith("社区详情 community"))
    assert "`units.unit_history(" in community
    overview = next(section for section in details if section.startswith("总览 overview"))
    assert "`oversight.attainment.assess_targets` | 1 |" in overview
    assert "| `subsidies.subsidy_totals` |" in overview  # compared with its hand-written query
    reference = next(section for section in details if section.startswith("reference lists"))
    assert "`regions.cities_with_programmes()`" in reference


def test_cold_load_and_visibility_are_measured(report):
    cold = report.split("## Cold first load")[1].split("##")[0]
    assert re.search(rf"\| {NUMBER} s \| {NUMBER} s \| {NUMBER} s \|", cold), cold
    visibility = report.split("## A report written is visible at the next rerun")[1].split("##")[0]
    rows = [line for line in visibility.splitlines() if line.startswith("| pages/")]
    assert len(rows) == len(dashboard_pages())
    assert all(row.endswith("| yes |") for row in rows), visibility


def test_the_monthly_ranking_is_timed_beside_its_hand_written_queries(report):
    section = report.split("## Monthly ranking")[1].split("\n## ")[0]
    assert re.search(
        rf"\| the city's \d+ units and its counties: data and ranking \| {NUMBER} \|", section
    ), section
    assert re.search(rf"\| hand-written queries of the same inputs \| {NUMBER} \|", section), section
    assert re.search(rf"\| every unit of the province \(\d+\), city by city \| {NUMBER} \|", section), section
    assert re.search(
        rf"\| the city's whole circular: data, ranking, history, workbook, Word \(no PDF\) \| {NUMBER} \|",
        section,
    ), section


def test_every_option_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Benchmark" in readme
    for action in build_parser()._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in readme, option


def test_the_monthly_import_is_timed_beside_reading_its_cells(report):
    section = report.split("## Monthly workbooks imported")[1].split("\n## ")[0]
    assert re.search(
        rf"\| a city month, 30 units × 45 grades: read, check, preview, write \| {NUMBER} \|", section
    )
    assert re.search(rf"\| a province month, 30 units in one workbook per city \| {NUMBER} \|", section)
    assert section.count("| ratio |") == 2
