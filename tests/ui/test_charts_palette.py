"""The palette is declared once, in ui/charts/__init__.py: no other module holds a colour."""

import io
import re
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PALETTE = REPO / "ui" / "charts" / "__init__.py"
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
