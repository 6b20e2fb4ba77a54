"""The house rules that import-linter cannot express: no import circles, only the CLI prints."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "newsgraph"


def _import_cycles() -> list[list[str]]:
    """Strongly connected groups of two or more modules in newsgraph's import graph (Tarjan)."""
    graph = grimp.build_graph("newsgraph", cache_dir=None)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return groups


def test_no_module_imports_itself_through_others() -> None:
    assert _import_cycles() == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "circled"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("circled", cache_dir=None)
    assert "circled.a" in graph.find_modules_directly_imported_by("circled.b")
    assert "circled.b" in graph.find_modules_directly_imported_by("circled.a")


def _terminal_writes(path: Path, root: Path = SRC) -> list[str]:
    """``print(...)`` calls and ``sys.stdout`` / ``sys.stderr`` uses in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "print":
                found.append(f"{path.relative_to(root)}:{node.lineno} print()")
        if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr"):
            if isinstance(node.value, ast.Name) and node.value.id == "sys":
                found.append(f"{path.relative_to(root)}:{node.lineno} sys.{node.attr}")
    return found


def test_only_the_cli_prints() -> None:
    library = [p for p in SRC.rglob("*.py") if "cli" not in p.relative_to(SRC).parts]
    assert library, "no library modules found"
    assert [w for p in library for w in _terminal_writes(p)] == []


def test_the_print_finder_sees_prints(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import sys\nprint('x')\nsys.stdout.write('y')\nlog = print\n")
    assert _terminal_writes(sample, tmp_path) == ["sample.py:2 print()", "sample.py:3 sys.stdout"]
