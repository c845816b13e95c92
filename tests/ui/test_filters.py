import datetime as dt
from types import SimpleNamespace

import pandas as pd

from data_access import regions
from data_access.regions import RegionRef
from ui import data
from ui.filters import (
    city_notice,
    county_notice,
    echo,
    language_notice,
    month_notice,
    programme_label,
    programme_notice,
    sidebar_params,
    unit_notice,
)

NO_CITIES = "数据库中还没有任何创建方案。请运行 python -m oversight sample 加载示例数据。"


def test_a_link_keeps_the_sidebars_choices_and_nothing_else():
    params = {"lang": "en", "city": "C", "month": "2020-01", "programme": "PR", "sort": "x", "county": ""}
    assert sidebar_params(params) == {"lang": "en", "city": "C", "programme": "PR", "month": "2020-01"}


def test_without_a_city_the_page_stops_after_the_frame_says_what_to_do(programme_engine, monkeypatch):
    """Every page starts with :func:`ui.frame.current`; the home page stands for them all."""
    from tests.pages.conftest import open_app, url_of

    real = data.reference

    def no_cities(query, *args):
        if query is regions.cities_with_programmes:
            return pd.DataFrame(columns=["id", "code", "name_zh", "name_en"])
        return real(query, *args)

    monkeypatch.setattr(data, "reference", no_cities)
    app = open_app(monkeypatch, url_of(programme_engine))
    assert [w.value for w in app.warning] == [NO_CITIES]
    assert not app.info and not app.title


# --- notices about the link's parameters: each says what is really the case -------------

CITY = RegionRef(2, "C", "测试市", "Test City", "city", "city", 1, None, None)
OTHER_CITY = RegionRef(9, "640200", "石嘴山市", "Shizuishan", "city", "city", 1, None, None)
D1 = RegionRef(3, "D1", "甲区", "District One", "county", "district", 1, 2, None)
FAR_COUNTY = RegionRef(10, "640202", "大武口区", "Dawukou", "county", "district", 1, 9, None)
U11 = RegionRef(4, "U11", "街道U11", None, "unit", "street", 1, 2, 3)


def test_a_long_value_is_quoted_cut_to_twenty_characters():
    assert echo("X" * 5000) == "X" * 20 + "…"
    assert echo("130100") == "130100"
    notice = city_notice("9" * 5000, None, "测试市", "zh")
    assert notice == f"链接中的城市编码 {'9' * 20}… 不存在或不在您的查看范围内，已改为显示 测试市。"


def test_city_notices_say_what_the_code_is():
    assert city_notice("", None, "测试市", "zh") == "链接中的参数 city= 为空，已改为显示 测试市。"
    assert (
        city_notice("  ", None, "Test City", "en")
        == "The link's parameter city= is empty; showing Test City instead."
    )
    assert city_notice("D1", D1, "测试市", "zh") == "链接中的编码 D1 是甲区，不是城市，已改为显示 测试市。"
    assert (
        city_notice("640200", OTHER_CITY, "测试市", "zh")
        == "链接中的石嘴山市（640200）没有创建方案，已改为显示 测试市。"
    )


def test_county_notices_tell_unknown_from_elsewhere_from_not_a_county():
    assert (
        county_notice("D9", None, None, CITY, "zh")
        == "链接中的区县编码 D9 不存在或不在您的查看范围内，已改为显示全部区县。"
    )
    assert county_notice("640202", FAR_COUNTY, OTHER_CITY, CITY, "zh") == (
        "链接中的大武口区（640202）属于石嘴山市，不在所选的测试市，已改为显示全部区县。"
    )
    assert county_notice("640202", FAR_COUNTY, OTHER_CITY, CITY, "en") == (
        "The link's Dawukou (640202) is in Shizuishan, not in the chosen Test City; showing all counties instead."
    )
    assert (
        county_notice("U11", U11, CITY, CITY, "zh")
        == "链接中的编码 U11 是街道U11，不是区县，已改为显示全部区县。"
    )


def test_programme_notices_tell_unknown_from_another_citys():
    assert (
        programme_notice("NOPE", None, CITY, "zh")
        == "链接中的方案编码 NOPE 不存在或不在您的查看范围内，已改为显示全部方案。"
    )
    assert programme_notice("DWK-2011", ("大武口区安全社区创建", "石嘴山市"), CITY, "zh") == (
        "链接中的方案“大武口区安全社区创建”（DWK-2011）属于石嘴山市，不是所选测试市的方案，已改为显示全部方案。"
    )


def test_language_and_month_notices():
    assert language_notice("fr", "zh") == "链接中的语言 fr 不可用（可选：中文 zh、English en），已显示中文。"
    assert month_notice("", "2020年12月", "zh") == "链接中的参数 month= 为空，已改为显示 2020年12月。"
    assert month_notice("1999-01", "Dec 2020", "en") == (
        "The link's month 1999-01 is outside the available range; showing Dec 2020 instead."
    )


def test_a_unit_of_the_region_not_enrolled_is_not_called_outside():
    assert unit_notice(U11, CITY, "第二期方案", "zh") == (
        "街道U11属于测试市，但没有参加第二期方案；页面仍显示该社区，月份按侧栏选择。"
    )
    assert unit_notice(U11, CITY, None, "en").startswith(
        "街道U11 is in Test City but not enrolled in any programme"
    )
    assert unit_notice(U11, OTHER_CITY, None, "zh").startswith("街道U11不在侧栏所选的石嘴山市范围内")


def test_a_programme_is_chosen_by_its_level_and_years():
    national = SimpleNamespace(
        start_date=dt.date(2008, 5, 1),
        end_date=dt.date(2011, 12, 31),
        level_zh="全国安全社区",
        level_en="National",
    )
    one_year = SimpleNamespace(
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2015, 12, 31),
        level_zh="省级安全社区",
        level_en="Provincial",
    )
    assert programme_label(national, "zh") == "全国安全社区 · 2008–2011年"
    assert programme_label(national, "en") == "National · 2008–2011"
    assert programme_label(one_year, "zh") == "省级安全社区 · 2015年"
