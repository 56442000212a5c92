"""Read an instrument file into `forms.model` objects, refusing any malformed one.

Every refusal is an `InstrumentError` naming the file, the place in it (a path such as
`steps[2].questions[0].options[1]` and, where known, the line) and the fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any as AnyType

import yaml

from forms import conditions as c
from forms.model import (
    CHOICE_TYPES,
    OTHERS_ROLE,
    PROFILE_QUESTIONS,
    QUESTION_TYPES,
    TEXT_TYPES,
    Action,
    Brief,
    BriefSection,
    Criterion,
    Gate,
    Instrument,
    Matrix,
    Option,
    Question,
    Rule,
    Step,
    Tier,
)

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"
DEFAULT_TEXT_LENGTH = {"text": 200, "textarea": 5000}
ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


class InstrumentError(ValueError):
    """A malformed instrument: says which file, where in it, and what is wrong."""

    def __init__(self, file: str, place: str, fault: str, line: int | None = None) -> None:
        self.file, self.place, self.fault, self.line = file, place, fault, line
        where = f"{place} (line {line})" if line else place
        super().__init__(f"{file}: {where}: {fault}")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Picklable, so that an error raised in a worker process reaches its parent intact."""
        return (InstrumentError, (self.file, self.place, self.fault, self.line))


class _Node(dict):
    """A YAML mapping that remembers the line it started on."""

    line: int | None = None


class _List(list):
    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings and lists keep their line numbers for error messages."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
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

    def construct_sequence(self, node, deep=False):  # type: ignore[no-untyped-def]
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
    return _Reader(file).instrument(data)


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int) -> Instrument:
    return load_instrument(path)


def load_cached(path: str | Path) -> Instrument:
    """Load once per file version: reloaded only when the file changes on disk."""
    path = Path(path).resolve()
    return _load_cached(str(path), path.stat().st_mtime_ns)


def default_instrument_path() -> Path:
    return INSTRUMENTS_DIR / "canada-russia-2020.yaml"


class _Reader:
    """Walks the raw YAML data, building model objects and checking each place as it goes."""

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
            raise self.fail(place, f"must be a mapping, not {_kind(data)}", data)
        for key in required:
            if key not in data:
                raise self.fail(place, f"missing key '{key}'", data)
        unknown = sorted(set(data) - set(required) - set(optional), key=str)
        if unknown:
            raise self.fail(place, f"unknown key '{unknown[0]}' (expected: {', '.join(required + optional)})", data)
        return data

    def sequence(self, data: object, place: str, allow_empty: bool = False) -> list:
        if not isinstance(data, list):
            raise self.fail(place, f"must be a list, not {_kind(data)}", data)
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
            raise self.fail(place, f"must be a number, not {_kind(value)}", node)
        if not low <= value <= high:
            raise self.fail(place, f"{value} is outside {low:g}-{high:g}", node)
        return float(value)

    def section_refs(self, data: object, place: str, parent: object) -> tuple[str, ...]:
        refs = self.sequence(data, place)
        for ref in refs:
            if not _known(ref, self.sections):
                raise self.fail(place, f"unknown brief section '{ref}'", parent)
        return tuple(refs)

    # -- the document --------------------------------------------------------------------
    def instrument(self, data: object) -> Instrument:
        top = self.mapping(
            data,
            "top level",
            ("slug", "version", "title", "description", "brief", "criteria", "steps", "gates", "tiers", "matrix", "channels", "safeguards"),
            ("roles", "archived"),
        )
        slug = top["slug"]
        if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", slug):
            raise self.fail("slug", f"'{slug}' must be lower-case letters, digits and '-'", top)
        if not isinstance(top["version"], str) or not top["version"].strip():
            raise self.fail("version", "must be a non-empty string (quote numbers: \"1.0\")", top)
        # Every question id in the file, so a show_if naming a later question says so.
        steps_data = top["steps"] if isinstance(top["steps"], list) else []
        self.later_questions = {
            q.get("id")
            for step in steps_data
            if isinstance(step, dict) and isinstance(step.get("questions"), list)
            for q in step["questions"]
            if isinstance(q, dict) and isinstance(q.get("id"), str)
        }
        brief = self.brief(top["brief"])
        criteria = tuple(self.criterion(item, f"criteria[{i}]") for i, item in enumerate(self.sequence(top["criteria"], "criteria")))
        steps = tuple(self.step(item, f"steps[{i}]") for i, item in enumerate(self.sequence(top["steps"], "steps")))
        self.check_profile(steps)
        roles = self.roles(top.get("roles", {}), top)
        archived = top.get("archived", False)
        if not isinstance(archived, bool):
            raise self.fail("archived", "must be true or false", top)
        tiers = tuple(self.tier(item, f"tiers[{i}]", i) for i, item in enumerate(self.sequence(top["tiers"], "tiers")))
        matrix = self.matrix(top["matrix"])
        gates = tuple(self.gate(item, f"gates[{i}]") for i, item in enumerate(self.sequence(top["gates"], "gates", allow_empty=True)))
        channels = self.actions(top["channels"], "channels", "channel")
        safeguards = self.actions(top["safeguards"], "safeguards", "safeguard")
        return Instrument(
            slug=slug,
            version=top["version"],
            title=self.text(top["title"], "title", top),
            description=self.text(top["description"], "description", top),
            brief=brief,
            criteria=criteria,
            steps=steps,
            gates=gates,
            tiers=tiers,
            matrix=matrix,
            channels=channels,
            safeguards=tuple(a for a in safeguards if not a.principle),
            principles=tuple(a for a in safeguards if a.principle),
            roles=roles,
            archived=archived,
            source=self.file,
        )

    def roles(self, data: object, parent: object) -> dict[str, frozenset[str]]:
        """Roles for role-addressed steps: role name -> stakeholder groups that play it."""
        if not isinstance(data, dict):
            raise self.fail("roles", f"must be a mapping from role to stakeholder groups, not {_kind(data)}", parent)
        group = self.questions["stakeholder_group"]
        roles = {}
        for role, groups in data.items():
            if not isinstance(role, str) or not ID_PATTERN.match(role) or role == OTHERS_ROLE:
                raise self.fail(f"roles.{role}", f"'{role}' is not a valid role name ('{OTHERS_ROLE}' means everybody else)", data)
            for value in self.sequence(groups, f"roles.{role}"):
                if group.option(value) is None:
                    raise self.fail(f"roles.{role}", f"'{value}' is not an option of 'stakeholder_group'", data)
            roles[role] = frozenset(groups)
        self.role_names = set(roles)
        return roles

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

    def brief(self, data: object) -> Brief:
        node = self.mapping(data, "brief", ("title", "authors", "date", "sections"))
        sections = []
        for i, item in enumerate(self.sequence(node["sections"], "brief.sections")):
            place = f"brief.sections[{i}]"
            section = self.mapping(item, place, ("id", "title"))
            section_id = self.new_id("brief section", section["id"], place, section)
            self.sections.add(section_id)
            sections.append(BriefSection(section_id, self.text(section["title"], f"{place}.title", section)))
        return Brief(self.text(node["title"], "brief.title", node), str(node["authors"]), str(node["date"]), tuple(sections))

    def criterion(self, data: object, place: str) -> Criterion:
        node = self.mapping(data, place, ("id", "side", "weight", "title", "description", "brief_sections"))
        criterion_id = self.new_id("criterion", node["id"], place, node)
        if node["side"] not in ("benefit", "risk"):
            raise self.fail(f"{place}.side", f"'{node['side']}' must be 'benefit' or 'risk'", node)
        weight = self.number(node["weight"], f"{place}.weight", node, 0, 100)
        if weight == 0:
            raise self.fail(f"{place}.weight", "must be more than 0", node)
        criterion = Criterion(
            criterion_id,
            node["side"],
            weight,
            self.text(node["title"], f"{place}.title", node),
            self.text(node["description"], f"{place}.description", node),
            self.section_refs(node["brief_sections"], f"{place}.brief_sections", node),
        )
        self.criteria[criterion_id] = criterion
        return criterion

    def step(self, data: object, place: str) -> Step:
        node = self.mapping(data, place, ("id", "title", "questions"), ("intro", "show_if"))
        step_id = self.new_id("step", node["id"], place, node)
        show_if = self.condition(node["show_if"], f"{place}.show_if", answers_only=True) if "show_if" in node else None
        questions = tuple(
            self.question(item, f"{place}.questions[{i}]", step_id)
            for i, item in enumerate(self.sequence(node["questions"], f"{place}.questions"))
        )
        self.earlier_steps_questions.update(q.id for q in questions)
        return Step(step_id, self.text(node["title"], f"{place}.title", node), self.optional_text(node, "intro", place), show_if, questions)

    def question(self, data: object, place: str, step_id: str) -> Question:
        node = self.mapping(
            data, place, ("id", "type", "label"), ("required", "help", "show_if", "weight", "max_length", "options")
        )
        question_id = self.new_id("question", node["id"], place, node)
        kind = node["type"]
        if kind not in QUESTION_TYPES:
            raise self.fail(f"{place}.type", f"'{kind}' is not a question type ({', '.join(QUESTION_TYPES)})", node)
        required = node.get("required", False)
        if not isinstance(required, bool):
            raise self.fail(f"{place}.required", "must be true or false", node)
        show_if = self.condition(node["show_if"], f"{place}.show_if", answers_only=True) if "show_if" in node else None
        weight = self.number(node.get("weight", 1), f"{place}.weight", node, 0, 100)
        options: tuple[Option, ...] = ()
        max_length = None
        if kind in CHOICE_TYPES:
            if "max_length" in node:
                raise self.fail(f"{place}.max_length", f"only text questions have a maximum length, not {kind}", node)
            options = self.options(node.get("options"), f"{place}.options", kind, node)
        else:
            if "options" in node:
                raise self.fail(f"{place}.options", f"a {kind} question has no options", node)
            max_length = int(self.number(node.get("max_length", DEFAULT_TEXT_LENGTH[kind]), f"{place}.max_length", node, 1, 100_000))
        question = Question(
            question_id,
            kind,
            self.text(node["label"], f"{place}.label", node),
            self.optional_text(node, "help", place),
            required,
            show_if,
            weight,
            max_length,
            options,
            step_id,
        )
        self.questions[question_id] = question
        return question

    def options(self, data: object, place: str, kind: str, parent: object) -> tuple[Option, ...]:
        if data is None:
            raise self.fail(place, f"a {kind} question needs options", parent)
        items = self.sequence(data, place)
        options = []
        values: set[object] = set()
        for i, item in enumerate(items):
            option_place = f"{place}[{i}]"
            node = self.mapping(item, option_place, ("value", "label"), ("points", "abstain"))
            value = node["value"]
            if kind == "scale" and not node.get("abstain") and (isinstance(value, bool) or not isinstance(value, int)):
                raise self.fail(f"{option_place}.value", f"a scale option's value must be a whole number, not {_kind(value)}", node)
            if isinstance(value, str) and not ID_PATTERN.match(value) or not isinstance(value, (str, int)) or isinstance(value, bool):
                raise self.fail(f"{option_place}.value", f"'{value}' is not a valid option value", node)
            if value in values:
                raise self.fail(f"{option_place}.value", f"duplicate option value '{value}'", node)
            values.add(value)
            abstain = node.get("abstain", False)
            if not isinstance(abstain, bool):
                raise self.fail(f"{option_place}.abstain", "must be true or false", node)
            if abstain and node.get("points"):
                raise self.fail(f"{option_place}.points", "an abstaining option ('I don't know') carries no points", node)
            if not abstain and "points" not in node:
                raise self.fail(option_place, "option has no points (use points: {} in an unscored question)", node)
            points = self.points(node.get("points") or {}, f"{option_place}.points", node)
            options.append(Option(value, self.text(node["label"], f"{option_place}.label", node), points, abstain))
        scored = any(option.points for option in options)
        for i, option in enumerate(options):
            if scored and not option.abstain and not option.points:
                raise self.fail(f"{place}[{i}].points", "option has no points although others in its question do", items[i])
        if kind != "scale" and any(not isinstance(o.value, str) for o in options):
            raise self.fail(place, "option values must be text except in scale questions", items)
        scale_values = [o.value for o in options if not o.abstain]
        if kind == "scale" and scale_values != sorted(scale_values):  # type: ignore[type-var]
            raise self.fail(place, "scale options must be in ascending order", items)
        return tuple(options)

    def points(self, data: object, place: str, parent: object) -> Mapping[str, float]:
        if not isinstance(data, dict):
            raise self.fail(place, f"must be a map from criterion to points, not {_kind(data)}", parent)
        points = {}
        for criterion_id, value in data.items():
            if criterion_id not in self.criteria:
                raise self.fail(place, f"unknown criterion '{criterion_id}'", data)
            points[criterion_id] = self.number(value, f"{place}.{criterion_id}", data)
        return points

    def check_profile(self, steps: tuple[Step, ...]) -> None:
        first = {q.id: q for q in steps[0].questions}
        expected = {"issue": ("single",), "stakeholder_group": ("single",), "organisation": TEXT_TYPES}
        for question_id in PROFILE_QUESTIONS:
            question = first.get(question_id)
            if question is None:
                raise self.fail(f"steps[0] ({steps[0].id})", f"the first step must ask '{question_id}'")
            if question.type not in expected[question_id]:
                raise self.fail(f"steps[0] ({steps[0].id})", f"'{question_id}' must be a {' or '.join(expected[question_id])} question")
            if question.show_if is not None:
                raise self.fail(f"steps[0] ({steps[0].id})", f"'{question_id}' must always be shown")
        if steps[0].show_if is not None:
            raise self.fail(f"steps[0] ({steps[0].id}).show_if", "the first step must always be shown")

    def tier(self, data: object, place: str, rank: int) -> Tier:
        node = self.mapping(data, place, ("id", "title", "verdict", "next_steps"))
        tier_id = self.new_id("tier", node["id"], place, node)
        self.tier_ranks[tier_id] = rank
        return Tier(
            tier_id,
            rank,
            self.text(node["title"], f"{place}.title", node),
            self.text(node["verdict"], f"{place}.verdict", node),
            self.role_texts(node["next_steps"], f"{place}.next_steps", node),
        )

    def matrix(self, data: object) -> Matrix:
        node = self.mapping(data, "matrix", ("benefit_thresholds", "risk_thresholds", "cells"))
        thresholds = {}
        for key in ("benefit_thresholds", "risk_thresholds"):
            values = self.sequence(node[key], f"matrix.{key}", allow_empty=True)
            numbers = tuple(self.number(v, f"matrix.{key}[{i}]", node) for i, v in enumerate(values))
            if any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)):
                raise self.fail(f"matrix.{key}", f"thresholds must rise strictly: {list(numbers)}", node)
            thresholds[key] = numbers
        rows = self.sequence(node["cells"], "matrix.cells")
        height, width = len(thresholds["risk_thresholds"]) + 1, len(thresholds["benefit_thresholds"]) + 1
        if len(rows) != height:
            raise self.fail("matrix.cells", f"needs {height} rows (one per risk band), has {len(rows)}", node)
        cells = []
        for r, row in enumerate(rows):
            row = self.sequence(row, f"matrix.cells[{r}]")
            if len(row) != width:
                raise self.fail(f"matrix.cells[{r}]", f"needs {width} cells (one per benefit band), has {len(row)}", node)
            for b, tier_id in enumerate(row):
                if not _known(tier_id, self.tier_ranks):
                    raise self.fail(f"matrix.cells[{r}][{b}]", f"unknown tier '{tier_id}'", node)
            cells.append(tuple(row))
        return Matrix(thresholds["benefit_thresholds"], thresholds["risk_thresholds"], tuple(cells))

    def gate(self, data: object, place: str) -> Gate:
        node = self.mapping(data, place, ("id", "criterion", "when", "title", "message"), ("next_steps",))
        gate_id = self.new_id("gate", node["id"], place, node)
        if not _known(node["criterion"], self.criteria):
            raise self.fail(f"{place}.criterion", f"unknown criterion '{node['criterion']}'", node)
        return Gate(
            gate_id,
            node["criterion"],
            self.condition(node["when"], f"{place}.when", answers_only=True),
            self.text(node["title"], f"{place}.title", node),
            self.text(node["message"], f"{place}.message", node),
            self.optional_text(node, "next_steps", place) or self.text(node["message"], f"{place}.message", node),
        )

    def actions(self, data: object, place: str, kind: str) -> tuple[Action, ...]:
        actions = []
        for i, item in enumerate(self.sequence(data, place)):
            item_place = f"{place}[{i}]"
            optional = ("first_step",) if kind == "channel" else ("principle",)
            node = self.mapping(item, item_place, ("id", "title", "description", "brief_sections"), ("rules", *optional))
            action_id = self.new_id(kind, node["id"], item_place, node)
            principle = node.get("principle", False)
            if not isinstance(principle, bool):
                raise self.fail(f"{item_place}.principle", "must be true or false", node)
            if principle and "rules" in node:
                raise self.fail(f"{item_place}.rules", "a standing principle applies to every result and has no rules", node)
            if not principle and "rules" not in node:
                raise self.fail(item_place, "missing key 'rules'", node)
            rules = []
            for j, rule_data in enumerate(self.sequence(node.get("rules", []), f"{item_place}.rules", allow_empty=principle)):
                rule_place = f"{item_place}.rules[{j}]"
                rule = self.mapping(rule_data, rule_place, ("id", "when", "reason"))
                rules.append(
                    Rule(
                        self.new_id("rule", rule["id"], rule_place, rule),
                        self.condition(rule["when"], f"{rule_place}.when", answers_only=False),
                        self.text(rule["reason"], f"{rule_place}.reason", rule),
                    )
                )
            actions.append(
                Action(
                    action_id,
                    kind,
                    self.text(node["title"], f"{item_place}.title", node),
                    self.text(node["description"], f"{item_place}.description", node),
                    self.section_refs(node["brief_sections"], f"{item_place}.brief_sections", node),
                    tuple(rules),
                    self.role_texts(node["first_step"], f"{item_place}.first_step", node) if "first_step" in node else None,
                    principle,
                )
            )
        return tuple(actions)

    # -- conditions ----------------------------------------------------------------------
    def condition(self, data: object, place: str, answers_only: bool) -> c.Condition:
        """Parse a condition; a `show_if` may only name questions of earlier steps.

        A page without JavaScript cannot show a question depending on an answer on the same page.
        """
        if not isinstance(data, dict) or len(data) == 0:
            raise self.fail(place, "must be a condition such as {q: issue, in: [arctic]}", data)
        if "all" in data or "any" in data:
            key = "all" if "all" in data else "any"
            self.mapping(data, place, (key,))
            items = self.sequence(data[key], f"{place}.{key}")
            parsed = tuple(self.condition(item, f"{place}.{key}[{i}]", answers_only) for i, item in enumerate(items))
            return c.All(parsed) if key == "all" else c.Any(parsed)
        if "not" in data:
            self.mapping(data, place, ("not",))
            return c.Not(self.condition(data["not"], f"{place}.not", answers_only))
        if "q" in data:
            return self.answer_atom(data, place)
        result_atom = self.result_atom(data, place)
        if answers_only:
            raise self.fail(place, "may only look at answers, not at the result", data)
        return result_atom

    def answer_atom(self, data: Mapping, place: str) -> c.Condition:
        operators = [key for key in ("in", "gte", "lte", "answered") if key in data]
        if len(operators) != 1 or len(data) != 2:
            raise self.fail(place, "an answer condition needs 'q' and one of 'in', 'gte', 'lte', 'answered'", data)
        if not isinstance(data["q"], str):
            raise self.fail(f"{place}.q", f"must be a question id, not {_kind(data['q'])}", data)
        question = self.questions.get(data["q"])
        if question is None and ".show_if" in place and data["q"] in self.later_questions:
            raise self.fail(f"{place}.q", f"'{data['q']}' is not asked in an earlier step", data)
        if question is None:
            raise self.fail(f"{place}.q", f"unknown question '{data['q']}'", data)
        if ".show_if" in place and question.id not in self.earlier_steps_questions:
            raise self.fail(f"{place}.q", f"'{question.id}' is not asked in an earlier step", data)
        operator = operators[0]
        value = data[operator]
        if operator == "answered":
            if not isinstance(value, bool):
                raise self.fail(f"{place}.answered", "must be true or false", data)
            return c.Answered(question.id, value)
        if operator == "in":
            if not question.is_choice:
                raise self.fail(f"{place}.in", f"'{question.id}' is a {question.type} question and has no options", data)
            values = self.sequence(value, f"{place}.in")
            for v in values:
                if question.option(v) is None:
                    raise self.fail(f"{place}.in", f"'{v}' is not an option of '{question.id}'", data)
            return c.AnswerIn(question.id, frozenset(values))
        if question.type != "scale":
            raise self.fail(f"{place}.{operator}", f"'{operator}' needs a scale question; '{question.id}' is {question.type}", data)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{place}.{operator}", "must be a whole number", data)
        return c.AnswerCompare(question.id, operator, value)

    def result_atom(self, data: Mapping, place: str) -> c.Condition:
        builders: dict[str, Callable[[], c.Condition]] = {
            "tier_at_least": lambda: self.tier_atom(data, place, "tier_at_least"),
            "tier_at_most": lambda: self.tier_atom(data, place, "tier_at_most"),
            "criterion": lambda: self.criterion_atom(data, place),
            "gated": lambda: self.gated_atom(data, place),
        }
        for key, build in builders.items():
            if key in data:
                return build()
        raise self.fail(place, f"unknown condition keys {sorted(map(str, data))}", data)

    def tier_atom(self, data: Mapping, place: str, key: str) -> c.Condition:
        self.mapping(data, place, (key,))
        if not _known(data[key], self.tier_ranks):
            raise self.fail(f"{place}.{key}", f"unknown tier '{data[key]}'", data)
        return c.TierCompare(data[key], self.tier_ranks[data[key]], key.removeprefix("tier_"))

    def criterion_atom(self, data: Mapping, place: str) -> c.Condition:
        operators = [key for key in ("gte", "lte") if key in data]
        if len(operators) != 1 or len(data) != 2:
            raise self.fail(place, "a criterion condition needs 'criterion' and one of 'gte', 'lte'", data)
        if not _known(data["criterion"], self.criteria):
            raise self.fail(f"{place}.criterion", f"unknown criterion '{data['criterion']}'", data)
        return c.CriterionCompare(data["criterion"], operators[0], self.number(data[operators[0]], f"{place}.{operators[0]}", data))

    def gated_atom(self, data: Mapping, place: str) -> c.Condition:
        self.mapping(data, place, ("gated",))
        if not isinstance(data["gated"], bool):
            raise self.fail(f"{place}.gated", "must be true or false", data)
        return c.Gated(data["gated"])


def _known(value: object, ids: Collection[str]) -> bool:
    """`value in ids`, where a list or mapping written in place of an id is simply not a known id."""
    return isinstance(value, str) and value in ids


def _kind(value: object) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "nothing" if value is None else type(value).__name__
