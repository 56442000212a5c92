"""The lock files pin every dependency pyproject.toml names, at one exact version each."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def test_every_dependency_is_pinned_in_the_locks():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    test = {_name(r) for extra in project["optional-dependencies"].values() for r in extra} - {"reengage"}
    assert runtime <= set(_pins("requirements.lock")), runtime - set(_pins("requirements.lock"))
    assert runtime | test <= set(_pins("requirements-test.lock")), (runtime | test) - set(_pins("requirements-test.lock"))


def test_production_and_test_locks_agree_on_shared_versions():
    production, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    assert {name: version for name, version in production.items() if test.get(name) != version} == {}
