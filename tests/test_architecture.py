"""The package's import graph, read with ``ast`` (every import, including the lazy ones inside
functions and those under ``TYPE_CHECKING``): no cycle, no import pointing up a layer, no
private name imported from another module, no module over 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mtaudit"

#: Layers, lowest first: a module may import its own layer and the ones before it.  The
#: pipeline (``stages``, ``auditor``) chains the stages; reporters read finished reports; the
#: command line drives everything.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("mtaudit.core",),
    ("mtaudit.text",),
    ("mtaudit.ingest",),
    ("mtaudit.backtranslate",),
    ("mtaudit.align",),
    ("mtaudit.rules",),
    ("mtaudit.detect",),
    ("mtaudit.score",),
    ("mtaudit", "mtaudit.stages", "mtaudit.auditor", "mtaudit.audit", "mtaudit.fix"),
    ("mtaudit.report",),
    ("mtaudit.cli", "mtaudit.__main__"),
)
MAX_LINES = 600
#: Modules allowed over MAX_LINES (none: split a module before it grows past it).
SIZE_EXEMPT: frozenset[str] = frozenset()


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _owner(name: str) -> str:
    """The module a dotted name belongs to (``mtaudit.core.config.Config`` → its module)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _imports(module: str) -> list[tuple[str, int, str | None]]:
    """``(imported module, line, imported name)`` for every mtaudit import of ``module``."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [(_owner(a.name), node.lineno, None) for a in node.names
                    if a.name.split(".")[0] == "mtaudit"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.split(".")[0] != "mtaudit":
                continue
            for a in node.names:
                full = f"{base}.{a.name}"
                out.append((full if full in MODULES else _owner(base), node.lineno, a.name))
    return out


GRAPH = {m: _imports(m) for m in MODULES}


def layer(module: str) -> int:
    best, rank = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, rank = len(p), i
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS in {__file__}"
    return rank


def cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    edges = {m: {t for t, _, _ in GRAPH[m] if t != m} for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for m in sorted(MODULES):
        if m not in index:
            visit(m)
    return found


def up_imports() -> list[str]:
    return [f"{m}:{line} imports {t} (layer {layer(t)} > {layer(m)})"
            for m in sorted(MODULES) for t, line, _ in GRAPH[m] if layer(t) > layer(m)]


def private_imports() -> list[str]:
    return [f"{m}:{line} imports {name} from {t}" for m in sorted(MODULES)
            for t, line, name in GRAPH[m]
            if name and name.startswith("_") and not name.startswith("__") and t != m]


def sizes() -> dict[str, int]:
    return {m: len(p.read_text("utf-8").splitlines()) for m, p in MODULES.items()}


def test_every_module_has_a_layer() -> None:
    for m in MODULES:
        layer(m)


def test_no_import_cycle() -> None:
    assert cycles() == []


def test_no_import_points_up_a_layer() -> None:
    assert up_imports() == []


def test_no_private_name_is_imported_from_another_module() -> None:
    assert private_imports() == []


def test_no_module_is_over_600_lines() -> None:
    big = {m: n for m, n in sizes().items() if n > MAX_LINES and m not in SIZE_EXEMPT}
    assert big == {}


def test_the_checks_can_fail() -> None:
    """The graph reader sees lazy imports, relative imports and private names."""
    tree = ast.parse("def f():\n    from .base import _X\n")
    node = tree.body[0].body[0]  # type: ignore[attr-defined]
    assert isinstance(node, ast.ImportFrom) and node.level == 1
    assert any(t == "mtaudit.core.document" for t, _, _ in GRAPH["mtaudit.rules.base"])
    assert layer("mtaudit.cli.main") > layer("mtaudit.core.config")


if __name__ == "__main__":  # figures for a report: python tests/test_architecture.py
    s = sizes()
    print(f"{len(MODULES)} modules; {len(cycles())} cycles; {len(up_imports())} up-imports; "
          f"{len(private_imports())} private imports; largest {max(s.values())} lines "
          f"({max(s, key=lambda m: s[m])})")
    for c in cycles():
        print("cycle:", " ".join(c))
    for u in up_imports() + private_imports():
        print(u)
