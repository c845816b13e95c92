"""The target statuses are declared once: every one has its words and its colours."""

from oversight.forecast import STATUSES as FORECAST_STATUSES
from oversight.i18n import LANGUAGES, translate
from oversight.statuses import STATUS_CODES, STATUSES
from ui.charts import STATUS_BACKGROUNDS, STATUS_BADGES, STATUS_COLOURS, STATUS_ORDER


def test_every_status_has_a_label_in_each_language_and_its_colours():
    assert FORECAST_STATUSES == STATUS_ORDER == STATUS_CODES
    for colours in (STATUS_COLOURS, STATUS_BACKGROUNDS, STATUS_BADGES):
        assert set(colours) == set(STATUS_CODES)
    for lang in LANGUAGES:
        labels = [translate(status.key, lang) for status in STATUSES]
        assert len(set(labels)) == len(labels), labels  # "missed" is not "not met" twice


def test_final_verdicts_are_met_and_missed():
    assert [status.code for status in STATUSES if status.final] == ["met", "missed"]
