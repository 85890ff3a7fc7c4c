"""The code's layout shows its design: layers that import only downwards, and no import cycles."""

import ast
from pathlib import Path

import proscribed

PACKAGE = Path(proscribed.__file__).parent
LAYERS = {
    "_schema": set(),
    "_io": {"_schema"},
    "_data": {"_schema", "_io"},
    "_validate": {"_schema", "_io"},
    "_cli": {"_schema", "_io", "_data", "_validate"},
}
"""Each subpackage, and the subpackages its modules may import at module level."""


def _module_imports() -> dict[str, set[str]]:
    """Each module of the package, and the package's modules it imports at module level."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = (path, parts[:-1])
    graph: dict[str, set[str]] = {}
    for name, (path, package) in modules.items():
        found = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in modules else target)
        graph[name] = {module for module in found if module in modules and module != name}
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_each_layer_imports_only_the_layers_below_it() -> None:
    graph = _module_imports()
    assert "proscribed._data._dataset" in graph["proscribed._cli._query"]  # the reading of imports sees them
    wrong = sorted(
        (module, imported)
        for module, imports in graph.items()
        for imported in imports
        if _layer(module) in LAYERS
        and _layer(imported) != _layer(module)
        and _layer(imported) not in LAYERS[_layer(module)]
    )
    assert wrong == []
    assert {path.name for path in PACKAGE.iterdir() if path.name.startswith("_") and path.suffix == ".py"} == {
        "__init__.py",
        "__main__.py",
    }, "every private module belongs to a layer"


def test_no_module_imports_itself_round_a_cycle() -> None:
    graph = _module_imports()
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            assert state.get(imported) != 1, " -> ".join([*trail, module, imported])
            if imported not in state:
                visit(imported, [*trail, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
