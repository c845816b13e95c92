import pandas as pd

from data_access import regions
from ui import data
from ui.filters import sidebar_params

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
