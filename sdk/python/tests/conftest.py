import pytest

from fake_api import FakeApi


@pytest.fixture
def api():
    server = FakeApi()
    yield server
    server.close()
