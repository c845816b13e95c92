"""``python -m oversight method``: a city shows the method in force and stores its own
without code, on the ranking fixture (tests/fixture_ranking.py, programme RK)."""

from __future__ import annotations

import json

import pytest

from data_access.engine import make_engine
from data_access.ranking_methods import current_method
from oversight.ranking.method import DEFAULT_METHOD
from tests.commands.command import oversight, oversight_process
from tests.data_access.conftest import programme_id


def _run(url: str, *args: str):
    return oversight(url, "method", *args)


def test_the_default_is_shown_then_a_citys_own_is_stored_as_version_1(fixture_url, tmp_path):
    shown = _run(fixture_url, "--programme", "RK")
    assert shown.returncode == 0, shown.stderr
    first, _, rest = shown.stdout.partition("\n")
    assert first == "创建方案 RK 现行排名办法：默认办法（未另存版本，见 docs/ranking.md）"
    method = json.loads(rest)
    assert method["weights"] == {
        "stages": 25.0,
        "assessment": 25.0,
        "activities": 20.0,
        "reporting": 15.0,
        "hazards": 15.0,
    }

    # The city moves 5 points from hazards to stages (30 + 25 + 20 + 15 + 10 = 100).
    method["weights"] |= {"stages": 30.0, "hazards": 10.0}
    path = tmp_path / "own.json"
    path.write_text(json.dumps(method, ensure_ascii=False), encoding="utf-8")
    stored = _run(
        fixture_url, "--programme", "RK", "--store", str(path), "--by", "法规科", "--note", "加重阶段进度"
    )
    assert stored.returncode == 0, stored.stderr
    assert stored.stdout.strip() == "已存为创建方案 RK 排名办法第1版，此后的排名与通报按此办法"
    engine = make_engine(fixture_url)
    in_force = current_method(engine, programme_id(engine, "RK"))
    engine.dispose()
    assert in_force.version == 1
    assert dict(in_force.weights) == dict(DEFAULT_METHOD.weights) | {"stages": 30.0, "hazards": 10.0}
    assert _run(fixture_url, "--programme", "RK").stdout.startswith(
        "创建方案 RK 现行排名办法：第1版（已存 第1版）"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "不是 UTF-8 编码的 JSON 文件"),
        ("[1, 2]", "应为一个 JSON 对象"),
        ('{"weights": {"stages": 30}}', "排名办法的项目不全或格式有误"),
    ],
    ids=["not json", "not an object", "incomplete"],
)
def test_a_file_that_is_not_a_method_is_refused(fixture_url, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    done = _run(fixture_url, "--programme", "RK", "--store", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(f"错误：{path}") and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_method_that_does_not_hold_is_refused_with_what_is_wrong(fixture_url, tmp_path):
    method = json.loads(_run(fixture_url, "--programme", "RK").stdout.partition("\n")[2])
    method["weights"]["hazards"] = 10.0  # 25 + 25 + 20 + 15 + 10 = 95
    path = tmp_path / "95.json"
    path.write_text(json.dumps(method), encoding="utf-8")
    done = _run(fixture_url, "--programme", "RK", "--store", str(path))
    assert done.returncode == 2
    assert done.stderr.strip() == f"错误：{path}：指标权重：合计须为 100，现为 95"
    engine = make_engine(fixture_url)
    assert current_method(engine, programme_id(engine, "RK")).version == 0  # nothing stored
    engine.dispose()


def test_an_unknown_programme(fixture_url):
    done = oversight_process(fixture_url, "method", "--programme", "XX")
    assert (done.returncode, done.stderr.strip()) == (2, "错误：没有编码为 'XX' 的创建方案")
