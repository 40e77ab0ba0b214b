"""What each package of ``app/`` may import, as drawn in ``docs/architecture.md``.

Every ``from app.… import`` and ``import app.…`` (at module level or inside a function)
is read from the source. An import that the table of layers does not allow fails the
test, unless it is one of the known exceptions below, each of which says why it exists.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"

BLUEPRINTS = {
    "admin",
    "auth",
    "dashboard",
    "events",
    "exports",
    "main",
    "notifications",
    "reports",
    "roadmap",
    "shipped",
    "territories",
    "triage",
    "wishes",
}
# Small modules every layer may use: no request, no query of their own beyond the
# session they are handed.
FOUNDATION = {
    "extensions",
    "database",
    "i18n",
    "labels",
    "money",
    "geo",
    "public_url",
    "markdown",
    "sqlite",
    "progress",
    "spreadsheet",
    "outbox",
    "collation",
    "kept_html",
}
# Glue between Flask and the layers: request parsing, decorators, error pages, Jinja.
WEB_SUPPORT = {
    "auth_loader",
    "converters",
    "decorators",
    "errors",
    "htmx",
    "http_input",
    "redirects",
    "security",
    "templating",
    "forms",
    "staff_forms",
    "writes",
}
DOMAIN = {"services", "selectors", "search", "models"}

MAY_IMPORT: dict[str, set[str]] = {
    "models": {"search"},
    "search": {"models", "extensions", "database"},
    "selectors": {"models", "search"} | FOUNDATION,
    "services": {"selectors", "models", "search"} | FOUNDATION,
    "web": DOMAIN | FOUNDATION | WEB_SUPPORT,
    "api": DOMAIN | FOUNDATION | WEB_SUPPORT,
    "web_support": DOMAIN | FOUNDATION | WEB_SUPPORT,
    "foundation": {"models"} | FOUNDATION,
    "demo": DOMAIN | FOUNDATION,
    "commands": DOMAIN | FOUNDATION | {"demo"},
}

# (importing module, imported module): the arrows that point the wrong way today.
KNOWN_EXCEPTIONS = {
    # E-mails format dates with the same filter as the pages.
    ("app.services.notification_text", "app.templating"),
    # Error pages, input guards and the token loader answer API requests in the API's
    # JSON error shape, and the security headers skip the API's CSRF guard.
    ("app.auth_loader", "app.api.errors"),
    ("app.errors", "app.api.errors"),
    ("app.http_input", "app.api.errors"),
    ("app.security", "app.api"),
    ("app.http_input", "app.api"),
}


def _layer(module: str) -> str | None:
    top = module.split(".")[1] if "." in module else ""
    if top in BLUEPRINTS:
        return "web"
    if top in {"models", "search", "selectors", "services", "api", "demo", "commands"}:
        return top
    if top in WEB_SUPPORT:
        return "web_support"
    if top in FOUNDATION:
        return "foundation"
    return None  # the factory (app/__init__.py) and app/cli.py may import anything


def _module_name(path: Path) -> str:
    parts = ["app", *path.relative_to(APP).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (APP / relative).is_dir() or (APP / relative).with_suffix(".py").is_file()


def _imports(path: Path, module: str) -> set[str]:
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            # ``from app.services import wishes`` imports the module app.services.wishes.
            found |= {
                f"{name}.{alias.name}" for alias in node.names if _is_module(f"{name}.{alias.name}")
            }
    return {name for name in found if name.startswith("app.")}


def _wrong_arrows() -> set[tuple[str, str]]:
    wrong = set()
    for path in sorted(APP.rglob("*.py")):
        module = _module_name(path)
        layer = _layer(module)
        if layer is None:
            continue
        own_top = module.split(".")[1]
        for imported in _imports(path, module):
            top = imported.split(".")[1]
            if top == own_top or top in MAY_IMPORT[layer]:
                continue
            if not _is_module(f"app.{top}"):
                continue  # a name imported from the package itself (``from app import …``)
            wrong.add((module, imported))
    return wrong


def _excused(arrow: tuple[str, str]) -> bool:
    module, imported = arrow
    return any(
        module == known_module and (imported == known or imported.startswith(known + "."))
        for known_module, known in KNOWN_EXCEPTIONS
    )


def test_every_import_follows_the_layers():
    new = sorted(arrow for arrow in _wrong_arrows() if not _excused(arrow))
    assert not new, "imports against docs/architecture.md:\n" + "\n".join(
        f"  {module} -> {imported}" for module, imported in new
    )


def test_every_known_exception_is_still_needed():
    wrong = _wrong_arrows()
    stale = sorted(
        (module, known)
        for module, known in KNOWN_EXCEPTIONS
        if not any(m == module and (i == known or i.startswith(known + ".")) for m, i in wrong)
    )
    assert not stale, "exceptions that no import needs any more: remove them"


def test_no_exception_lets_a_lower_layer_reach_up():
    """Selectors and models never import services; models never import selectors."""
    assert not {
        (module, imported)
        for module, imported in KNOWN_EXCEPTIONS
        if _layer(module) in {"selectors", "models", "search"}
    }


def test_the_rule_catches_a_selector_importing_a_service(tmp_path, monkeypatch):
    package = tmp_path / "app"
    (package / "selectors").mkdir(parents=True)
    (package / "services").mkdir()
    (package / "selectors" / "things.py").write_text("from app.services.things import x\n")
    (package / "services" / "things.py").write_text("from app.selectors.things import y\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["APP"]), "APP", package)
    assert _wrong_arrows() == {("app.selectors.things", "app.services.things")}
