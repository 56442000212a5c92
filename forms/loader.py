"""Read an instrument file into `forms.model` objects, refusing any malformed one.

Every refusal is an `InstrumentError` naming the file, the place in it (a path such as
`steps[2].questions[0].options[1]` and, where known, the line) and the fault.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any as AnyType

import yaml

from forms.model import Instrument
from forms.reader import InstrumentReader
from forms.reading import InstrumentError

__all__ = ["InstrumentError", "default_instrument_path", "default_instrument_paths", "load_cached", "load_instrument", "parse_instrument"]

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"


class _Node(dict):
    """A YAML mapping that remembers the line it started on."""

    line: int | None = None


class _List(list):
    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings and lists keep their line numbers for error messages."""

    def construct_mapping(self, node, deep=False):
        seen: set[AnyType] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping = _Node(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = _List(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        return sequence


# YAML 1.2 booleans: only true/false, so that `{en: No}` or `value: yes` stay text.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence)


def load_instrument(path: str | Path) -> Instrument:
    """Load and validate the instrument at `path` (shape and references; see `forms.checks` for the model)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InstrumentError(str(path), "file", f"cannot be read ({error.strerror})") from error
    return parse_instrument(text, str(path))


def parse_instrument(text: str, file: str = "<instrument>") -> Instrument:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass  # nosec B506 # _LineLoader is a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise InstrumentError(
            file, "file", f"is not valid YAML: {problem}", mark.line + 1 if mark else None
        ) from error
    return InstrumentReader(file).instrument(data)


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int) -> Instrument:
    return load_instrument(path)


def load_cached(path: str | Path) -> Instrument:
    """Load once per file version: reloaded only when the file changes on disk."""
    path = Path(path).resolve()
    return _load_cached(str(path), path.stat().st_mtime_ns)


def default_instrument_path() -> Path:
    return INSTRUMENTS_DIR / "canada-russia-2020.yaml"


def default_instrument_paths() -> list[Path]:
    """The shipped instrument, then its earlier versions kept under `archive/` (marked `archived: true`)."""
    return [default_instrument_path(), *sorted((INSTRUMENTS_DIR / "archive").glob("*.yaml"))]
