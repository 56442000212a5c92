"""The app refuses to start on a malformed instrument or one whose scoring model fails a check."""

from __future__ import annotations

import pytest

from forms.loader import InstrumentError
from tests.conftest import FIXTURES
from webapp import create_app

# The only matrix cell of the mini instrument that gives its strongest tier.
TOP_ROW = "[hold, informal, officials, pragmatic]"
WITHOUT_PRAGMATIC = "[hold, informal, officials, officials]"


def _app(tmp_path, instrument_path):  # type: ignore[no-untyped-def]
    database = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database, "INSTRUMENTS": [str(instrument_path)]})


def test_refuses_an_instrument_whose_strongest_tier_is_unreachable(tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace(TOP_ROW, WITHOUT_PRAGMATIC), encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        _app(tmp_path, broken)
    assert "scoring model" in str(caught.value) and "'pragmatic'" in str(caught.value)


def test_refuses_a_missing_instrument_file_with_its_name(tmp_path):
    with pytest.raises(InstrumentError) as caught:
        _app(tmp_path, tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in str(caught.value) and "cannot be read" in str(caught.value)


def test_an_edited_file_is_checked_again(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert _app(tmp_path, path).extensions["instruments"].default.slug == "mini"
    import os

    path.write_text(path.read_text(encoding="utf-8").replace(TOP_ROW, WITHOUT_PRAGMATIC), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(InstrumentError):
        _app(tmp_path, path)
