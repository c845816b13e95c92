"""The required counts behind a verdict."""

import pytest

from oversight.attainment import required_for


@pytest.mark.parametrize(
    ("shape", "threshold", "units", "required"),
    [
        ("share", 80, 5, 4),  # 4 of 5 is exactly 80%
        ("share", 80, 34, 28),  # 27 of 34 would be 79.4%
        ("share", 80, 35, 28),
        ("share", 80, 0, 0),
        ("count", 4, None, 4),
        ("budget", 1050000, None, 1050000),
    ],
)
def test_required_for(shape, threshold, units, required):
    assert required_for(shape, threshold, units) == required
