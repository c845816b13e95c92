"""The README stays in step with the code: every page and every command-line option is described."""

import argparse
import ast
import io
import re
import tokenize
from pathlib import Path

from commands.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_is_described():
    for page in sorted((ROOT / "pages").glob("*.py")):
        assert f"`pages/{page.name}`" in README, page.name


def test_every_command_line_option_is_documented():
    """Every command, every command of a command (``user add``) and every option."""
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in _commands(commands):
        assert f"oversight {name}" in README, name
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"{name} {option}"


def _commands(choices: dict, prefix: str = ""):
    for name, sub in choices.items():
        yield f"{prefix}{name}", sub
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                yield from _commands(action.choices, f"{prefix}{name} ")


def test_readme_shows_the_two_setup_commands():
    assert "streamlit run dashboard.py" in README
    assert "bash .ci/run" in README


def _prose(path: Path) -> list[tuple[int, str]]:
    """The comments and docstrings of a Python file, or every line of a Markdown one, with line numbers."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return list(enumerate(text.splitlines(), 1))
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            found.append((token.start[0], token.string))
    for node in ast.walk(ast.parse(text)):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found.append((node.lineno, node.value.value))
    return found


# A path that climbs out of the repository, or the name of a Markdown file.
_OUTSIDE = re.compile(r"\.\./[\w./-]*|\bshared/[\w./-]*")
_MARKDOWN = re.compile(r"(?<![\w<>{}/.-])(?!artifacts/)([\w-]+(?:/[\w-]+)*\.md)\b")
"""A Markdown file's name, but not one the benchmark writes into ``artifacts/``."""


def references_outside(path: Path) -> list[str]:
    """The references in ``path``'s prose to files the repository does not hold."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    problems = []
    for line, text in _prose(path):
        for found in _OUTSIDE.findall(text):
            problems.append(f"{shown}:{line}: {found}")
        for name in _MARKDOWN.findall(text):
            if not any((base / name).is_file() for base in (ROOT, ROOT / "docs", path.parent)):
                problems.append(f"{shown}:{line}: {name}")
    return problems


def _repository_files() -> list[Path]:
    skipped = {".venv", ".git", "artifacts", "data", "node_modules"}
    return [
        path
        for path in sorted(ROOT.rglob("*"))
        if path.suffix in (".py", ".md") and not skipped & set(path.relative_to(ROOT).parts)
    ]


def test_docstrings_and_docs_cite_only_files_of_the_repository():
    problems = [problem for path in _repository_files() for problem in references_outside(path)]
    assert not problems, "\n".join(problems)


def test_a_reference_outside_the_repository_is_found(tmp_path):
    cited = tmp_path / "cites.py"
    cited.write_text('"""Method: see ../shared/domain.md §3 and toolchain.md."""\n# docs/domain.md is here\n')
    assert references_outside(cited) == ["cites.py:1: ../shared/domain.md", "cites.py:1: toolchain.md"]
