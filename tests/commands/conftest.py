import pytest

from data_access.engine import make_engine
from data_access.schema import initialise
from tests.fixture_ranking import load_ranking


@pytest.fixture
def fixture_url(tmp_path):
    """A SQLite file holding the ranking fixture's six streets (tests/fixture_ranking.py)."""
    url = f"sqlite:///{tmp_path}/ranking.db"
    engine = make_engine(url)
    initialise(engine)
    load_ranking(engine)
    engine.dispose()
    return url
