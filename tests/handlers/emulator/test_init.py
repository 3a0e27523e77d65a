"""The package is Telegram's side: it imports nothing of ours outside itself."""

import ast
from pathlib import Path

import handlers.telegram.emulator as package

PACKAGE = Path(package.__file__).parent
OURS = ("bot", "storage", "catalog", "handlers")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_imports_the_bot_or_its_storage():
    crossings = {
        f"{path.name}: {name}"
        for path in PACKAGE.glob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in OURS and not name.startswith("handlers.telegram.emulator")
    }
    assert crossings == set()
    assert len(list(PACKAGE.glob("*.py"))) > 10  # the walk did look at the modules


def test_the_core_needs_no_web_server():
    core = [p for p in PACKAGE.glob("*.py") if p.stem not in ("server", "webhook", "__init__")]
    assert not any("aiohttp" in name for p in core for name in _imports(p))


def test_what_the_package_offers():
    assert set(package.__all__) >= {"Emulator", "EmulatorServer", "InProcessRequest", "ApiError"}
    assert all(hasattr(package, name) for name in package.__all__)
