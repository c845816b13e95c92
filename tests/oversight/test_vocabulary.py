"""The target shapes are declared once: the schema's check, the families and the messages agree."""

from sqlalchemy import CheckConstraint

from data_access.models import Target
from oversight.i18n import LANGUAGES, MESSAGES
from oversight.vocabulary import PER_CHILD, PER_COUNTY_ROWS, TARGET_FAMILIES, TARGET_SHAPES, TITLE_SHAPES


def test_the_schema_accepts_exactly_the_declared_shapes():
    [check] = [
        c
        for c in Target.__table__.constraints
        if isinstance(c, CheckConstraint) and c.name.endswith("_shape")
    ]
    assert str(check.sqltext) == "shape IN ('share', 'count', 'count_per_child', 'pilots', 'budget')"
    assert TARGET_SHAPES == ("share", "count", "count_per_child", "pilots", "budget")


def test_the_families_split_the_shapes_once_each():
    grouped = [shape for shapes in TARGET_FAMILIES.values() for shape in shapes]
    assert sorted(grouped) == sorted(TARGET_SHAPES)
    assert TARGET_FAMILIES["titles"] == TITLE_SHAPES
    assert set(PER_CHILD) <= set(PER_COUNTY_ROWS) <= set(TARGET_SHAPES)


def test_every_shape_has_a_name_in_every_language():
    for lang in LANGUAGES:
        for shape in TARGET_SHAPES:
            assert MESSAGES[lang][f"shape.{shape}"], (lang, shape)
