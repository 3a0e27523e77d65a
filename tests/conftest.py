from pathlib import Path

import pytest

from bot.domain.workflow import word_refusals
from texts import error_text

# As the entry point (bot.cli.main) does: a refusal's string, asserted by tests of the core
# and of the command line, reads in Chinese. The domain itself holds no words.
word_refusals(lambda code, params: error_text("zh", code, params))
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def router():
    from catalog.router import build_router

    return build_router()


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or a skip when the folder is not beside the project."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only on our machines)")
    return path
