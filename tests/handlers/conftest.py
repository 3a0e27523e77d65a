import pytest

from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.seed import load_seed, sample_path
from bot.services import Services
from bot.services.catalog import Catalog
from tests.handlers.harness import start_session


@pytest.fixture(scope="session")
def catalog():
    return Catalog(("dalad", "hanggin"))


@pytest.fixture
async def services(tmp_path, catalog):
    settings = Settings(
        database_path=tmp_path / "bot.db", jurisdictions="dalad,hanggin", _env_file=None
    )
    services = await Services.start(settings, clock=FakeClock(), catalog=catalog)
    await load_seed(services, sample_path("dalad"))
    yield services
    await services.close()


@pytest.fixture
async def session(services):
    session = await start_session(services)
    yield session
    await session.application.shutdown()
