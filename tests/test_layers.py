"""The layers, enforced: every import of every module is checked against who may use whom.

    catalog   the plan catalog: knows nothing of the bot (storage only for reading
              dispatch choices back)
    storage   SQLite: knows nothing of the bot or its channels
    bot       the channel-neutral core: domain (pure), services, scheduling, outbox;
              never a channel (telegram, handlers), except the entry points that start one
    handlers  the channels' adapters: they ask services, they never run SQL (no storage)
    texts     the words, per locale: it imports nothing of ours; the channels read it,
              and the entry points (a refusal printed on the command line)

A failure names the module, the import and the rule it breaks.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage", "catalog", "texts")
STDLIB = set(sys.stdlib_module_names)
# The entry points start an adapter, as an entry point starts any bootstrap.
ENTRY_POINTS = {"bot.__main__", "bot.cli"}
DOMAIN_MAY_USE = {"pydantic", "yaml", "bot"}  # and the standard library


# The parts the rules name: each must hold modules, or the rules check nothing there.
LAYERS = (*PACKAGES, "bot.domain", "bot.services", "bot.scheduling", "bot.outbox")
LAYERS += ("handlers.telegram", "handlers.telegram.emulator", "handlers.web")


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(p for p in parts if p != "__init__")
            found.append((name, path))
    return found


def test_every_layer_has_modules_to_check():
    """A renamed, moved or emptied package must fail here, not pass every rule unseen."""
    names = [name for name, _ in _modules()]
    empty = [
        layer
        for layer in LAYERS
        if not (ROOT.joinpath(*layer.split(".")) / "__init__.py").is_file()
        or not any(n == layer or n.startswith(f"{layer}.") for n in names)
    ]
    assert empty == [], f"no package or no modules: {empty}"
    assert len(names) > 100  # the walk found the tree, not a stray folder


def _imports(path: Path, module: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += _from_names(node, module, path.name == "__init__.py")
    return names


def _from_names(node: ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """`from x import y` names x; a relative import is resolved against `module` and
    checked like any other (we have none today, but skipping them would let a crossing
    through unseen, and resolving costs no more than refusing them)."""
    if node.level == 0:
        return [node.module] if node.module else []
    package = module.split(".") if is_package else module.split(".")[:-1]
    if node.level - 1 >= len(package):
        named = node.module or ", ".join(alias.name for alias in node.names)
        return [f"{'.' * node.level}{named} (beyond the top of {module})"]
    base = ".".join(package[: len(package) - (node.level - 1)])
    if node.module:
        return [f"{base}.{node.module}"]
    return [f"{base}.{alias.name}" for alias in node.names]  # from . import x: x is a module


def _broken(module: str, imported: str) -> str | None:
    """The rule `module` breaks by importing `imported`, or None."""
    if imported.startswith("."):
        return "a relative import that climbs out of our packages"
    top = imported.split(".")[0]
    if module.startswith("handlers.telegram.emulator"):
        ours = top in PACKAGES and not imported.startswith("handlers.telegram.emulator")
        return "the emulator is Telegram's side: it uses nothing of ours" if ours else None
    if module.startswith("bot.domain"):
        if top in STDLIB or (
            top in DOMAIN_MAY_USE and (top != "bot" or imported.startswith("bot.domain"))
        ):
            return None
        return "the domain is pure: the standard library, pydantic, yaml, bot.domain"
    channel = top in ("telegram", "handlers")
    if module.startswith("bot") and module not in ENTRY_POINTS and channel:
        return "the core is channel-neutral: no telegram, no handlers"
    if module.startswith("bot") and module not in ENTRY_POINTS and top == "texts":
        return "the core names things by key; the words are the channels'"
    if module.startswith("storage") and top in ("bot", "handlers", "telegram", "catalog"):
        return "storage knows nothing of the bot or its channels"
    if module.startswith("texts") and top in PACKAGES and top != "texts":
        return "the words import nothing of ours"
    if module.startswith("catalog") and top in ("bot", "handlers", "telegram"):
        return "the catalog knows nothing of the bot or its channels"
    if module.startswith("handlers") and top == "storage":
        return "adapters ask services; they never run SQL"
    return None


def test_every_import_respects_the_layers():
    crossings = [
        f"{module} imports {imported}: {rule}"
        for module, path in _modules()
        for imported in _imports(path, module)
        if (rule := _broken(module, imported))
    ]
    assert crossings == [], "\n".join(crossings)


@pytest.mark.parametrize(
    ("module", "imported", "broken"),
    [
        ("bot.services.orders", "telegram", True),
        ("bot.scheduling.periodic", "texts", True),
        ("bot.cli", "handlers.telegram.runtime", False),
        ("bot.domain.workflow", "storage.orders", True),
        ("bot.domain.deadlines", "bot.services.catalog", True),
        ("bot.domain.deadlines", "yaml", False),
        ("storage.orders", "bot.domain.workflow", True),
        ("handlers.telegram.cards", "storage.directory", True),
        ("handlers.telegram.cards", "bot.services", False),
        ("handlers.telegram.emulator.api", "bot.config", True),
        ("catalog.router", "bot.services", True),
        ("texts", "bot.domain.workflow", True),
        ("bot.domain.workflow", "texts", True),
        ("bot.domain.workflow", "texts.zh", True),
    ],
)
def test_the_rules_themselves(module, imported, broken):
    assert (_broken(module, imported) is not None) is broken


@pytest.mark.parametrize(
    ("module", "file", "source", "resolved"),
    [
        ("bot.services.orders.engine", "engine.py", "from ..cards import x", "bot.services.cards"),
        (
            "bot.services.orders",
            "__init__.py",
            "from .engine import x",
            "bot.services.orders.engine",
        ),
        ("bot.domain.workflow", "workflow.py", "from . import clock", "bot.domain.clock"),
        ("bot.domain.workflow", "workflow.py", "from ..services import x", "bot.services"),
        ("storage.db", "db.py", "from .. import bot", "..bot (beyond the top of storage.db)"),
    ],
)
def test_relative_imports_are_resolved(tmp_path, module, file, source, resolved):
    path = tmp_path / file
    path.write_text(source + "\n", encoding="utf-8")
    assert _imports(path, module) == [resolved]


def test_a_relative_import_that_crosses_is_caught(tmp_path):
    path = tmp_path / "workflow.py"
    path.write_text("from ..services import orders\nfrom .. import handlers\n", encoding="utf-8")
    rules = [_broken("bot.domain.workflow", name) for name in _imports(path, "bot.domain.workflow")]
    assert rules == [
        "the domain is pure: the standard library, pydantic, yaml, bot.domain",
        "the domain is pure: the standard library, pydantic, yaml, bot.domain",
    ]
    assert _broken("storage.db", "..bot (beyond the top of storage.db)") is not None


SQL = (
    *("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "ALTER ", "DROP ", "WITH "),
    "PRAGMA ",  # a check or a setting of the file is database work too
)
# Opening the file yourself is running SQL by another door.
DRIVERS = {"sqlite3", "aiosqlite"}
# The benchmark replays the statements the services sent, as SQL: that is its point.
SQL_ALLOWED = ("storage.", "bot.bench.")


def _sql_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        node.value[:40]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.lstrip().startswith(SQL)  # our SQL is written in capitals
    ]


def _connects(path: Path) -> list[str]:
    """Every `sqlite3.connect(…)` (or aiosqlite's), and `from sqlite3 import connect`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "connect"
            and isinstance(node.value, ast.Name)
            and node.value.id in DRIVERS
        ):
            found.append(f"{node.value.id}.connect")
        elif isinstance(node, ast.ImportFrom) and node.module in DRIVERS:
            found += [f"{node.module}.{a.name}" for a in node.names if a.name == "connect"]
    return found


def _outside_storage() -> list[tuple[str, Path]]:
    return [
        (module, path)
        for module, path in _modules()
        if not module.startswith(SQL_ALLOWED)
        and not module.startswith("handlers.telegram.emulator")
    ]


def test_all_sql_lives_in_storage():
    found = [
        f"{module}: {text!r}"
        for module, path in _outside_storage()
        for text in [*_sql_literals(path), *_connects(path)]
    ]
    assert found == [], "\n".join(found)


def test_the_sql_finder_sees_pragmas_and_connections(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "import sqlite3\nfrom aiosqlite import connect\n"
        "c = sqlite3.connect('x.db')\nc.execute('PRAGMA quick_check')\n",
        encoding="utf-8",
    )
    assert _sql_literals(source) == ["PRAGMA quick_check"]
    assert _connects(source) == ["aiosqlite.connect", "sqlite3.connect"]


def test_storage_and_migrations_do_not_import_each_other_in_a_circle():
    db = _imports(ROOT / "storage" / "db.py", "storage.db")
    assert not any(name.startswith("storage.") for name in db)
