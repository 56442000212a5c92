"""The instruments this app serves, loaded and checked once at start-up.

Kept in `app.extensions["instruments"]`; views read them through `registry()`. An instrument may
be loaded in several versions: the newest one that is not archived is served for new responses,
and a stored response is shown and scored with the version it was answered on (`answered_on`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, current_app

from forms.checks import check_instrument, problems
from forms.loader import InstrumentError, default_instrument_paths, load_instrument
from forms.model import Instrument


@dataclass
class Registry:
    """Instruments by slug (the version served) and by (slug, version); the first slug loaded is the default."""

    instruments: dict[str, Instrument] = field(default_factory=dict)
    versions: dict[str, dict[str, Instrument]] = field(default_factory=dict)
    default_slug: str = ""

    def add(self, instrument: Instrument) -> None:
        self.versions.setdefault(instrument.slug, {})[instrument.version] = instrument
        served = self.instruments.get(instrument.slug)
        if served is None or _serves_before(instrument, served):
            self.instruments[instrument.slug] = instrument
        self.default_slug = self.default_slug or instrument.slug

    @property
    def default(self) -> Instrument:
        return self.instruments[self.default_slug]

    def get(self, slug: str) -> Instrument | None:
        """The version served for new responses."""
        return self.instruments.get(slug)

    def version(self, slug: str, version: str) -> Instrument | None:
        """One version exactly, archived or not (None when this app does not have it)."""
        return self.versions.get(slug, {}).get(version)

    def answered_on(self, slug: str, version: str) -> Instrument | None:
        """The instrument to show a stored response with: its own version, else the one served."""
        return self.version(slug, version) or self.get(slug)


def _serves_before(candidate: Instrument, served: Instrument) -> bool:
    """A version not archived is served before an archived one; then the higher version number."""
    if candidate.archived != served.archived:
        return not candidate.archived
    return _version_key(candidate.version) > _version_key(served.version)


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in version.split("."))


def load_checked(path: str | Path) -> Instrument:
    """Load an instrument and refuse it if its scoring model fails a check.

    The model checks search answer sets (about a second), so their verdict is kept per file
    version: every app this process creates (tests, the gunicorn master) pays once.
    """
    resolved = Path(path).resolve()
    try:
        mtime_ns = resolved.stat().st_mtime_ns
    except OSError:
        return load_instrument(path)  # raises the loader's "cannot be read" InstrumentError
    return _load_checked(str(resolved), mtime_ns)


@lru_cache(maxsize=16)
def _load_checked(path: str, mtime_ns: int) -> Instrument:
    instrument = load_instrument(path)
    failed = problems(check_instrument(instrument))
    if failed:
        raise InstrumentError(path, "scoring model", "; ".join(f"{f.topic}: {f.message}" for f in failed))
    return instrument


def init_app(app: Flask) -> None:
    paths = app.config.get("INSTRUMENTS") or [str(path) for path in default_instrument_paths()]
    registry = Registry()
    for path in paths:
        registry.add(load_checked(path))
    app.extensions["instruments"] = registry


def registry() -> Registry:
    return current_app.extensions["instruments"]


def instrument_or_404(slug: str) -> Instrument:
    instrument = registry().get(slug)
    if instrument is None:
        abort(404)
    return instrument
