"""The arrows point one way: views → services → selectors → models.

Selectors only read, so they never reach a service; models know nothing of the layers
above them. Read from the source (every import statement, at any depth, including
relative ones), with no exception list."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module the source of ``module`` imports, as absolute names
    (``from ..services import x`` gives ``app.services`` and ``app.services.x``)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            # ``from app import services`` imports the package itself.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _imports_of(path: Path) -> set[str]:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    is_package = parts[-1] == "__init__"
    module = ".".join(parts[:-1] if is_package else parts)
    return imported_modules(path.read_text(encoding="utf-8"), module, is_package=is_package)


def _within(names: set[str], package: str) -> set[str]:
    return {name for name in names if name == package or name.startswith(f"{package}.")}


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [("selectors", "app.services"), ("models", "app.services"), ("models", "app.selectors")],
)
def test_a_layer_never_imports_the_layers_above(layer, forbidden):
    offenders = {
        str(path.relative_to(APP.parent)): sorted(_within(_imports_of(path), forbidden))
        for path in sorted((APP / layer).rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_relative_aliased_and_nested_imports_are_seen():
    source = (
        "from ..services import wishes\n"
        "from . import pagination\n"
        "def f():\n"
        "    import app.services.roadmap as r\n"
    )
    imported = imported_modules(source, "app.selectors.wishes")
    assert _within(imported, "app.services") == {
        "app.services",
        "app.services.wishes",
        "app.services.roadmap",
    }
    assert "app.selectors.pagination" in imported
    assert "app.services" in imported_modules("from .. import services", "app.models.wish")
