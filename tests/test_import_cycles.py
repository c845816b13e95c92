"""No module of the project imports, however indirectly, a module that imports it back.

Read from the source with ``ast``, so every import counts: at the top, inside a function
(a deferred import hides a cycle rather than breaking it) or under ``TYPE_CHECKING``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bench", "commands", "data_access", "oversight", "sample_data", "ui")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Module name → file, for every module of the given packages (migrations excluded:
    Alembic loads them by path, not by import)."""
    return {
        _module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


def _imported(node: ast.AST, module: str, is_package: bool, known: dict[str, Path]) -> set[str]:
    """The project modules an import statement names (a ``from`` import of a submodule
    names the submodule, not its package)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    found = set()
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        if submodule in known:
            found.add(submodule)
        elif source in known:
            found.add(source)
    return found


def import_graph(known: dict[str, Path]) -> dict[str, set[str]]:
    graph = {}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        targets = set()
        for node in ast.walk(tree):
            targets |= _imported(node, module, is_package, known)
        graph[module] = targets - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_project_has_no_import_cycle():
    known = project_modules(ROOT, PACKAGES)
    assert {"ui.frame", "ui.filters", "data_access.attainment", "oversight.forecast"} <= set(known)
    assert cycles(import_graph(known)) == []


def test_a_cycle_through_a_deferred_import_is_found(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "till.py").write_text("from shop import ledger\n")
    (package / "ledger.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop.stock import Item\n"
    )
    (package / "stock.py").write_text("def count():\n    from .till import total\n")
    (package / "price.py").write_text("import shop.ledger\n")
    known = project_modules(tmp_path, ("shop",))
    graph = import_graph(known)
    assert graph["shop.till"] == {"shop.ledger"}
    assert graph["shop.stock"] == {"shop.till"}
    assert cycles(graph) == [["shop.ledger", "shop.stock", "shop.till"]]
