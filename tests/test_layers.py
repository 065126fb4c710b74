"""The package's import graph: layers only point down, and no module imports itself in a circle.

Each subpackage of ``rcml`` belongs to one layer. A module may import its own package and any
package of a lower layer; never a package of its own layer or of a higher one. Private modules
(``_name``) are imported only from inside their own package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "rcml"

# Lowest first. Packages on one line share a layer and may not import each other.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"rcml.resources"}),
    frozenset({"rcml.schema"}),
    frozenset({"rcml.core"}),
    frozenset({"rcml.rules"}),
    frozenset({"rcml.engine"}),
    frozenset({"rcml.builder", "rcml.templating"}),
    frozenset({"rcml.site"}),
    frozenset({"rcml.lint", "rcml.server", "rcml.calls"}),
    frozenset({"rcml.sim"}),
    frozenset({"rcml.local"}),
    frozenset({"rcml.cli"}),
    frozenset({"rcml", "rcml.__main__"}),
)
LAYER_OF = {name: index for index, layer in enumerate(LAYERS) for name in layer}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str:
    """The layered unit a module belongs to: ``rcml.X`` for anything under ``rcml.X``."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _imports(path: Path, module: str) -> list[tuple[str, int, bool]]:
    """Every ``rcml`` module ``path`` imports: (name, line, at module level)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []
    top_level = {id(node) for node in tree.body}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base)
                names = [f"{prefix}.{node.module}" if node.module else prefix]
            else:
                names = [node.module or ""]
            # ``from rcml.x import y`` may import the submodule rcml.x.y.
            names += [f"{names[0]}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "rcml" or name.startswith("rcml."):
                found.append((name, node.lineno, id(node) in top_level))
    return found


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def test_every_package_has_a_layer() -> None:
    units = {_unit(name) for name in MODULES}
    assert units - LAYER_OF.keys() == set(), "add the new package to LAYERS"


def _violations() -> list[str]:
    problems: list[str] = []
    for module, path in MODULES.items():
        own = _unit(module)
        for name, line, _ in _imports(path, module):
            if name not in MODULES:
                continue  # ``from pkg import name`` where name is not a module
            target = _unit(name)
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if target != own and LAYER_OF[target] >= LAYER_OF[own]:
                problems.append(f"{where}: {own} imports {name} (same or higher layer)")
            private = [part for part in name.split(".")[1:] if part.startswith("_")]
            if target != own and private and private != ["__main__"]:
                problems.append(f"{where}: {own} imports the private module {name}")
    return problems


def test_layers_only_point_down() -> None:
    assert _violations() == []


def test_no_module_level_import_cycle() -> None:
    graph: dict[str, set[str]] = {
        module: {name for name, _, top in _imports(path, module) if top and name in MODULES}
        for module, path in MODULES.items()
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            # A package's __init__ importing its own submodules is how packages work.
            if nxt == node or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from rcml.lint import x\n", ["rcml.lint", "rcml.lint.x"]),
        ("from . import y\n", ["rcml.server", "rcml.server.y"]),
        ("import rcml.core.findings\n", ["rcml.core.findings"]),
    ],
)
def test_the_import_reader_sees_imports(tmp_path: Path, source: str, expected: list[str]) -> None:
    """The graph is only as good as the reader: it must see each kind of import."""
    path = tmp_path / "mod.py"
    path.write_text(source, encoding="utf-8")
    assert [name for name, _, _ in _imports(path, "rcml.server.mod")] == expected


def test_the_version_is_the_distribution_version() -> None:
    import tomllib

    import rcml

    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert rcml.__version__ == pyproject["project"]["version"]
