"""Hardening that holds across the code (docs/access.md, "Hardening"): no HTML a page
draws comes from a user, the upload limits agree, secrets stay out of the repository."""

from __future__ import annotations

import ast
import subprocess
import tomllib
from pathlib import Path

from oversight.intake.workbook import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
CODE = ("pages", "ui", "oversight", "data_access", "commands", "sample_data")

REVIEWED_HTML = {("ui/frame.py", "draw_frame"), ("ui/auth.py", "write_cookie")}
"""The calls that draw raw HTML, each read and found to hold no user data: the sidebar's
least width, a number the app computes from the longest choice; the session cookie's
script, which writes a token the server drew (``secrets.token_urlsafe``) or clears it."""


def html_calls(source: str) -> list[tuple[str, int]]:
    """The calls (innermost function's name, line) of ``st.html``, ``components.html`` or
    anything with ``unsafe_allow_html=True``: every place where text becomes HTML unescaped."""
    found = []

    class Visitor(ast.NodeVisitor):
        function = "<module>"

        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            outer, self.function = self.function, node.name
            self.generic_visit(node)
            self.function = outer

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Call(self, node: ast.Call) -> None:
            raw = isinstance(node.func, ast.Attribute) and node.func.attr == "html"
            unsafe = any(
                k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                for k in node.keywords
            )
            if raw or unsafe:
                found.append((self.function, node.lineno))
            self.generic_visit(node)

    Visitor().visit(ast.parse(source))
    return found


def test_no_html_is_drawn_but_the_reviewed_calls():
    drawn = set()
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            for function, _ in html_calls(path.read_text(encoding="utf-8")):
                drawn.add((str(path.relative_to(ROOT)), function))
    assert drawn <= REVIEWED_HTML


def test_the_search_finds_html_drawn_from_data():
    source = (
        "def page(name):\n"
        "    st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n"
        "    st.html(name)\n"
        "    components.html(name)\n"
        "    st.markdown(name, unsafe_allow_html=False)\n"
    )
    assert html_calls(source) == [("page", 2), ("page", 3), ("page", 4)]


REVIEWED_SQL = {
    ("data_access/engine.py", "_sqlite_pragmas"),
    ("data_access/database.py", "_time_limit"),
    ("data_access/submissions.py", "copy_rows"),
}
"""SQL built as text, each read and found to hold only the code's own identifiers and
numbers (a pragma's size, a timeout in ms, a table's and its columns' names): every value
that comes from a user is a bound parameter."""

_SQL_CALLS = {"text", "exec_driver_sql", "execute", "copy"}


def sql_built_from_text(source: str) -> list[tuple[str, int]]:
    """The calls (innermost function's name, line) that hand SQL to the database as an
    f-string, a ``%`` or ``+`` of strings, or a ``.format()``: where a value could be
    spliced into a statement instead of bound."""
    found = []

    class Visitor(ast.NodeVisitor):
        function = "<module>"

        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            outer, self.function = self.function, node.name
            self.generic_visit(node)
            self.function = outer

        def visit_Call(self, node: ast.Call) -> None:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in _SQL_CALLS and node.args and _built(node.args[0]):
                found.append((self.function, node.lineno))
            self.generic_visit(node)

    Visitor().visit(ast.parse(source))
    return found


def _built(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr | ast.BinOp) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
    )


def test_sql_is_built_from_text_only_where_reviewed():
    built = set()
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                for function, _ in sql_built_from_text(path.read_text(encoding="utf-8")):
                    built.add((str(path.relative_to(ROOT)), function))
    assert built <= REVIEWED_SQL


def test_the_search_finds_sql_built_from_text():
    source = (
        "def query(connection, name):\n"
        "    connection.execute(text(f\"SELECT * FROM region WHERE name_zh = '{name}'\"))\n"
        '    connection.exec_driver_sql("DELETE FROM x WHERE id = " + name)\n'
        '    connection.execute(text("SELECT {}".format(name)))\n'
        '    connection.execute(text("SELECT 1 WHERE :n = 1"), {"n": name})\n'
    )
    assert sql_built_from_text(source) == [("query", 2), ("query", 3), ("query", 4)]


def test_streamlit_takes_uploads_no_larger_than_the_reader_does():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_BYTES // (1024 * 1024) == 20


def test_the_secrets_example_is_committed_and_the_secrets_are_not():
    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    # Every key commented out (a copy changes nothing until filled in), and what it would be
    # once uncommented is the [auth] section st.login reads.
    assert tomllib.loads(example) == {}
    lines = example.splitlines()
    section = [
        line.removeprefix("# ") for line in lines[lines.index("# [auth]") :] if not line.startswith("# #")
    ]
    auth = tomllib.loads("\n".join(section))["auth"]
    assert set(auth) == {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"}
    ignored = subprocess.run(
        ["git", "check-ignore", ".streamlit/secrets.toml"], cwd=ROOT, capture_output=True, text=True
    )
    assert ignored.returncode == 0
