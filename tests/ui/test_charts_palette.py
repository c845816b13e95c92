"""The palette is declared once, in oversight/palette.py: no other module holds a colour, so
the pages, the workbook and the Word circular colour a band or a status alike."""

import io
import re
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PALETTE = REPO / "oversight" / "palette.py"
COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b|\brgba?\(")
SCHEME = re.compile(r"\bscheme\s*=\s*['\"]")
"""A named Vega colour scheme ("blues") is a palette too."""


def colour_literals(source: str) -> list[str]:
    """Colour values in a module's string literals, and named schemes in its code."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and COLOUR.search(token.string):
            found.append(token.string)
    return found + SCHEME.findall(source)


def test_the_check_finds_colours_and_schemes():
    source = 'A = "#2e7d32"\nB = f"color: #fff"\nC = alt.Scale(scheme="blues")\nD = "#1 of 3"\n'
    assert len(colour_literals(source)) == 3


def test_no_module_but_the_palette_holds_a_colour_literal():
    modules = [
        path
        for folder in ("ui", "pages", "oversight", "data_access")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path != PALETTE
    ] + [REPO / "dashboard.py"]
    offenders = {
        str(path.relative_to(REPO)): found
        for path in modules
        if (found := colour_literals(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert colour_literals(PALETTE.read_text(encoding="utf-8")), "the palette itself holds the colours"


def test_the_palette_needs_no_streamlit_or_altair():
    """Documents are made without a page: the palette imports neither."""
    source = PALETTE.read_text(encoding="utf-8")
    assert "streamlit" not in source
    assert "altair" not in source


def test_every_band_and_list_has_its_colours():
    from oversight.palette import BAND_COLOURS, BAND_FILLS, LIST_COLOURS, LIST_FILLS
    from oversight.ranking.method import BANDS, LISTS

    assert set(BAND_FILLS) == set(BAND_COLOURS) == set(BANDS)
    assert set(LIST_COLOURS) == set(LIST_FILLS) == set(LISTS)
