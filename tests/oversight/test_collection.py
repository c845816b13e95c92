"""The collector is paused inside ``collector_paused`` and comes back as it was, even
when the block fails: a ranking must never leave the process without its collector."""

from __future__ import annotations

import gc

import pytest

from oversight.collection import collector_paused


@pytest.fixture
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_block_fails(collector_on):
    with pytest.raises(ValueError, match="bad row"), collector_paused():
        raise ValueError("bad row")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_a_ranking_is_built_with_the_collector_paused(collector_on, monkeypatch):
    import oversight.ranking

    seen = []

    def score_units(inputs, method):
        seen.append(gc.isenabled())
        raise ValueError("stop here")

    monkeypatch.setattr(oversight.ranking, "score_units", score_units)
    with pytest.raises(ValueError, match="stop here"):
        oversight.ranking.rank(None, None)
    assert seen == [False]
    assert gc.isenabled()
