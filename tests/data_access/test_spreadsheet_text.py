"""The templates the app writes keep a region's or unit's name that starts like a formula
as text (oversight/spreadsheet_text.py), on the test programme (tests/fixture_programme.py)
with U11 renamed "=1+1" and 甲区 "+甲区"."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import update

from data_access.models import Region, TitleLevel
from data_access.regions import find_region
from data_access.templates import monthly_template
from data_access.templates_setup import setup_template
from data_access.templates_stages import stages_template

NAMES = {"U11": "=1+1", "D1": "+甲区"}


@pytest.fixture
def renamed(programme_engine):
    with programme_engine.begin() as connection:
        for code, name in NAMES.items():
            connection.execute(update(Region).where(Region.code == code).values(name_zh=name))
    return programme_engine


def cells(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def written(data: bytes, names) -> dict[str, set]:
    every = cells(data)
    assert not [c.coordinate for c in every if c.data_type == "f"]
    return {name: {(c.data_type, c.quotePrefix) for c in every if c.value == name} for name in names}


@pytest.mark.parametrize("kind", ["monthly", "stages"])
def test_a_template_writes_the_names_as_text(renamed, kind):
    region = find_region(renamed, "C")
    data = (
        monthly_template(renamed, region, dt.date(2020, 2, 1))
        if kind == "monthly"
        else stages_template(renamed, region)
    )
    shown = written(data, ["=1+1", "+甲区"])
    assert shown == {"=1+1": {("s", True)}, "+甲区": {("s", True)}}


def test_the_setup_workbook_writes_the_choices_as_text(renamed):
    """Its choice lists name the database's title levels, one renamed "-国家级"."""
    with renamed.begin() as connection:
        connection.execute(update(TitleLevel).where(TitleLevel.code == "national").values(name_zh="-国家级"))
    assert written(setup_template(renamed), ["-国家级"]) == {"-国家级": {("s", True)}}
