"""Fixtures for the plain-Python core: instruments loaded once per session."""

from pathlib import Path

import pytest

from forms.loader import default_instrument_path, load_instrument

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="session")
def mini():
    return load_instrument(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def brief_instrument():
    return load_instrument(default_instrument_path())
