"""The reader's groundwork: the error it raises and the checks every place of an instrument needs.

`InstrumentError` names the file, the place (a path such as `steps[2].questions[0].options[1]`
and, where known, the line) and the fault.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from forms.model import OTHERS_ROLE, Criterion, Question

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


class InstrumentError(ValueError):
    """A malformed instrument: says which file, where in it, and what is wrong."""

    def __init__(self, file: str, place: str, fault: str, line: int | None = None) -> None:
        self.file, self.place, self.fault, self.line = file, place, fault, line
        where = f"{place} (line {line})" if line else place
        super().__init__(f"{file}: {where}: {fault}")

    def __reduce__(self):
        """Picklable, so that an error raised in a worker process reaches its parent intact."""
        return (InstrumentError, (self.file, self.place, self.fault, self.line))


class ReaderBase:
    """What the reader knows so far (ids seen, criteria, questions, tiers) and its checks of one place."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.criteria: dict[str, Criterion] = {}
        self.sections: set[str] = set()
        self.questions: dict[str, Question] = {}
        self.tier_ranks: dict[str, int] = {}
        self.seen_ids: dict[str, set[str]] = {}
        self.earlier_steps_questions: set[str] = set()
        self.later_questions: set[object] = set()
        self.role_names: set[str] = set()

    # -- helpers -------------------------------------------------------------------------
    def fail(self, place: str, fault: str, node: object = None) -> InstrumentError:
        return InstrumentError(self.file, place, fault, getattr(node, "line", None))

    def mapping(self, data: object, place: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Mapping:
        if not isinstance(data, dict):
            raise self.fail(place, f"must be a mapping, not {kind_of(data)}", data)
        for key in required:
            if key not in data:
                raise self.fail(place, f"missing key '{key}'", data)
        unknown = sorted(set(data) - set(required) - set(optional), key=str)
        if unknown:
            raise self.fail(place, f"unknown key '{unknown[0]}' (expected: {', '.join(required + optional)})", data)
        return data

    def sequence(self, data: object, place: str, allow_empty: bool = False) -> list:
        if not isinstance(data, list):
            raise self.fail(place, f"must be a list, not {kind_of(data)}", data)
        if not data and not allow_empty:
            raise self.fail(place, "must not be empty", data)
        return data

    def text(self, data: object, place: str, parent: object = None) -> Mapping[str, str]:
        if not isinstance(data, dict):
            raise self.fail(place, "must be a map from language to text, such as {en: \"...\"}", data or parent)
        if not isinstance(data.get("en"), str) or not data["en"].strip():
            raise self.fail(place, "has no English text ('en')", data)
        for language, value in data.items():
            if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}(_[A-Z]{2})?", language):
                raise self.fail(place, f"'{language}' is not a language code", data)
            if not isinstance(value, str):
                raise self.fail(f"{place}.{language}", "must be text", data)
        return dict(data)

    def optional_text(self, data: Mapping, key: str, place: str) -> Mapping[str, str] | None:
        return self.text(data[key], f"{place}.{key}", data) if key in data else None

    def new_id(self, kind: str, value: object, place: str, node: object) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise self.fail(f"{place}.id", f"'{value}' is not a valid id (letters, digits, '_' or '-', starting with a letter)", node)
        seen = self.seen_ids.setdefault(kind, set())
        if value in seen:
            raise self.fail(f"{place}.id", f"duplicate {kind} id '{value}'", node)
        seen.add(value)
        return value

    def number(self, value: object, place: str, node: object, low: float = 0, high: float = 100) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(place, f"must be a number, not {kind_of(value)}", node)
        if not low <= value <= high:
            raise self.fail(place, f"{value} is outside {low:g}-{high:g}", node)
        return float(value)

    def section_refs(self, data: object, place: str, parent: object) -> tuple[str, ...]:
        refs = self.sequence(data, place)
        for ref in refs:
            if not known(ref, self.sections):
                raise self.fail(place, f"unknown brief section '{ref}'", parent)
        return tuple(refs)


    def role_texts(self, data: object, place: str, parent: object) -> dict[str, Mapping[str, str]]:
        """A text, or a map from role to text with an 'others' entry for everybody else."""
        if isinstance(data, dict) and OTHERS_ROLE in data:
            texts = {}
            for role, text in data.items():
                if role != OTHERS_ROLE and role not in self.role_names:
                    raise self.fail(f"{place}.{role}", f"unknown role '{role}' (roles: {', '.join(sorted(self.role_names)) or 'none'})", data)
                texts[role] = self.text(text, f"{place}.{role}", data)
            return texts
        return {OTHERS_ROLE: self.text(data, place, parent)}



def known(value: object, ids: Collection[str]) -> bool:
    """`value in ids`, where a list or mapping written in place of an id is simply not a known id."""
    return isinstance(value, str) and value in ids


def kind_of(value: object) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "nothing" if value is None else type(value).__name__

