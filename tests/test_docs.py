"""The README stays in step with the code: every page and every command-line option is described."""

from pathlib import Path

from oversight.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_is_described():
    for page in sorted((ROOT / "pages").glob("*.py")):
        assert f"`pages/{page.name}`" in README, page.name


def test_every_command_line_option_is_documented():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in commands.items():
        assert f"oversight {name}" in README, name
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"{name} {option}"


def test_readme_shows_the_two_setup_commands():
    assert "streamlit run dashboard.py" in README
    assert "bash .ci/run" in README
