"""``python -m oversight template --kind setup`` and the import of the filled workbook, run
as a user would, on the ranking fixture's database (tests/fixture_ranking.py), to which
the new province of tests/data_access/test_intake_setup.py is added: 7 regions."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.commands.command import oversight, oversight_process
from tests.commands.test_intake_cli import fingerprint
from tests.data_access.test_intake_setup import REGIONS


def test_the_setup_template_is_written_without_a_region_filled_and_imported(fixture_url, tmp_path):
    out = tmp_path / "设置" / "新城市.xlsx"
    done = oversight(fixture_url, "template", "--kind", "setup", "--out", str(out))
    assert (done.returncode, done.stdout, done.stderr) == (0, f"已写出地区与单位设置模板：{out}\n", "")
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert (book.sheetnames[0], book.sheetnames[-1]) == ("地区与单位", "填写说明")
    for row in REGIONS:
        book["地区与单位"].append(row)
    book.save(out)

    before = fingerprint(fixture_url)
    dry = oversight(fixture_url, "import", str(out), "--dry-run")
    assert (dry.returncode, dry.stderr) == (0, "")
    assert dry.stdout.splitlines() == [
        "“地区与单位”工作簿 1 个：新增 7 条，更正 0 条，无变化 0 条。",
        "试运行，未写入任何内容。",
    ]
    assert fingerprint(fixture_url) == before
    done = oversight(fixture_url, "import", str(out))
    assert done.stdout.splitlines()[-1] == "已写入 7 条，0 条与已有记录相同、未改动。"
    assert fingerprint(fixture_url)["region"][0] == before["region"][0] + 7
    again = oversight(fixture_url, "import", str(out))
    assert again.stdout.splitlines()[0] == "“地区与单位”工作簿 1 个：新增 0 条，更正 0 条，无变化 7 条。"


def test_a_monthly_template_without_a_region_is_refused(fixture_url, tmp_path):
    out = tmp_path / "模板.xlsx"
    done = oversight_process(
        fixture_url, "template", "--kind", "monthly", "--month", "2021-04", "--out", str(out)
    )
    assert (done.returncode, done.stderr) == (
        2,
        "错误：月报和阶段与命名模板须给出地区：--region 名称或编码，如 --region 长安区\n",
    )
    assert not out.exists()
