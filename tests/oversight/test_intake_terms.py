"""A preview's fields and terms (oversight/intake/terms.py): in Chinese exactly the words
the workbooks write (their headers and validation lists), so the Chinese page and the
command line read as the workbook does; in English without a Chinese character."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from oversight import catalogue
from oversight.i18n import translate
from oversight.intake import setup, stages
from oversight.intake.terms import Term, field_text, term_text, value_text
from oversight.stage_path import REVIEW_NAMES

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

STAGES_FIELDS = [(column.name, column.header) for column in stages.COLUMNS]
SETUP_FIELDS = [
    (sheet.subject, column.field, column.header) for sheet in setup.SHEETS for column in sheet.columns
]


@pytest.mark.parametrize(("field", "header"), STAGES_FIELDS)
def test_a_stages_field_reads_as_its_header_in_chinese(field, header):
    assert field_text("stages", "stage_event", field, "zh") == header
    assert not CJK.search(field_text("stages", "stage_event", field, "en"))


@pytest.mark.parametrize(("subject", "field", "header"), SETUP_FIELDS)
def test_a_setup_field_reads_as_its_header_in_chinese(subject, field, header):
    assert field_text("setup", subject, field, "zh") == header
    assert not CJK.search(field_text("setup", subject, field, "en"))


def test_a_monthly_field_is_its_header():
    assert field_text("monthly", "report", "居民参与率（%）", "zh") == "居民参与率（%）"


def test_the_record_kinds_decisions_and_yes_no_read_as_the_workbooks_lists():
    records = {code: term_text(Term("record", code), "zh") for code in stages.RECORDS.values()}
    assert records == {code: word for word, code in stages.RECORDS.items()}
    assert [records["county"], records["city"]] == [REVIEW_NAMES["county"], REVIEW_NAMES["city"]]
    assert [term_text(Term("record", code), "en") for code in stages.RECORDS.values()] == [
        "Stage move",
        "County review",
        "City review",
        "Naming",
        "Renewal",
        "Revocation",
    ]
    assert {word: term_text(Term("decision", code), "en") for word, code in stages.DECISIONS.items()} == {
        "同意": "Agree",
        "退回": "Return",
    }
    assert [term_text(Term("decision", code), "zh") for code in stages.DECISIONS.values()] == list(
        stages.DECISIONS
    )
    assert [term_text(Term("yes_no", code), lang) for code in ("yes", "no") for lang in ("zh", "en")] == [
        "是",
        "Yes",
        "否",
        "No",
    ]
    assert setup.YES_NO == {"是": True, "否": False}


def test_stages_levels_and_schemes_read_from_the_catalogue():
    assert term_text(Term("stage", "county_reviewed"), "zh") == "县级初审"
    assert term_text(Term("stage", "county_reviewed"), "en") == "County review passed"
    assert term_text(Term("title_level", "national"), "zh") == "全国安全社区"
    assert term_text(Term("title_level", "national"), "en") == "National"
    assert term_text(Term("scheme", ("abc", 1)), "zh") == "国家级安全社区评定指标（A/B/C三级）（第1版）"
    assert term_text(Term("scheme", ("abc", 1)), "en") == "National indicators, graded A/B/C (version 1)"
    assert term_text(Term("scheme", ("city9", 2)), "en") == "city9 (version 2)"  # not in the catalogue
    assert term_text(Term("level", "county"), "en") == translate("intake.setup.level.county", "en")
    assert term_text(Term("shape", "share"), "zh") == "比例目标"


def test_every_stage_and_title_level_has_both_names():
    reference = catalogue.load("reference")
    for vocabulary, entries in (("stage", reference["stages"]), ("title_level", reference["title_levels"])):
        for entry in entries:
            assert term_text(Term(vocabulary, entry["code"]), "zh") == entry["name_zh"]
            assert not CJK.search(term_text(Term(vocabulary, entry["code"]), "en"))


def test_plain_values_show_as_typed():
    assert [value_text(v, "en") for v in (None, 85.0, 85.5, 3, dt.date(2020, 5, 1), "同意上报")] == [
        "",
        "85",
        "85.5",
        "3",
        "2020-05-01",
        "同意上报",
    ]
    assert value_text(dt.datetime(2020, 5, 1, 0, 0), "zh") == "2020-05-01"
