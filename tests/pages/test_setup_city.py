"""A city set up from the setup workbook alone is shown by the overview page (AppTest);
the city and its figures are those of tests/data_access/test_intake_setup.py."""

from data_access.intake import apply_import, plan_import
from oversight.access import Scope
from tests.data_access.test_intake_setup import NOW, city_rows, filled
from tests.pages.conftest import open_app, tables, url_of


def test_the_overview_shows_a_city_set_up_from_the_workbook(engine, monkeypatch):
    plan = plan_import(
        engine, [("新安市.xlsx", filled(engine, city_rows()))], Scope.command_line("李四"), NOW
    )
    apply_import(engine, plan, Scope.command_line("李四"), "")
    app = open_app(monkeypatch, url_of(engine), month="2025-06")
    assert app.title[0].value == "新安市 目标完成情况"
    metrics = {m.label: m.value for m in app.metric}
    # three units enrolled, no titles yet; 100,000 yuan allocated, 70,000 paid
    assert metrics["参与创建单位"] == "3"
    assert metrics["补助已下达（万元）"] == "10"
    assert metrics["补助已拨付（万元）"] == "7"
    # T1, half the units municipal: ceil(50% of 2) = 1 in 东城区, ceil(50% of 1) = 1 in
    # 西城县, ceil(50% of 3) = 2 in the city; none achieved
    share = tables(app)[0]
    assert [row[:4] for row in share.values.tolist()] == [
        ["东城区", "1", "0", "1"],
        ["西城县", "1", "0", "1"],
        ["新安市（合计）", "2", "0", "2"],
    ]
