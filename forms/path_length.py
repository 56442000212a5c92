"""How many steps the path can show: the fewest and the most that any answers lead to.

Only the questions that steps' `show_if` conditions name (and the questions deciding whether
those show in turn) can change the number of steps. Each takes a few representative values (no
answer, every option of a single choice or scale, the telling subsets of a multiple choice, some
text), and every combination of the questions still unanswered is walked. Results are cached per
instrument and per answers to those questions, so a step page pays a dictionary look-up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import combinations, product

from forms.answers import walk_path
from forms.conditions import All, AnswerIn, AnswerValue, Any, Condition, Not
from forms.model import Instrument, InstrumentKey, Question

# Beyond this many combinations the range falls back to its safe bounds (steps always shown, all steps).
MAX_COMBINATIONS = 20_000
Given = tuple[AnswerValue | None, ...]


def _conditions(instrument: Instrument) -> list[Condition]:
    steps = [step.show_if for step in instrument.steps]
    questions = [q.show_if for q in instrument.questions.values()]
    return [condition for condition in steps + questions if condition is not None]


def _named_values(condition: Condition, question_id: str) -> set[str | int]:
    """The option values a condition names for one question (what sets a multiple choice apart)."""
    if isinstance(condition, AnswerIn):
        return set(condition.values) if condition.question == question_id else set()
    if isinstance(condition, (All, Any)):
        return set().union(*(_named_values(item, question_id) for item in condition.items))
    if isinstance(condition, Not):
        return _named_values(condition.item, question_id)
    return set()


@lru_cache(maxsize=16)
def _deciding(key: InstrumentKey) -> tuple[Question, ...]:
    """The questions that can change which steps show, in the instrument's order."""
    instrument = key.instrument
    names: set[str] = set()
    pending = [name for step in instrument.steps if step.show_if is not None for name in step.show_if.questions()]
    while pending:
        name = pending.pop()
        question = instrument.questions.get(name)
        if name in names or question is None:
            continue
        names.add(name)
        for condition in (question.show_if, instrument.step(question.step_id).show_if):
            pending += sorted(condition.questions()) if condition is not None else []
    return tuple(q for q in instrument.questions.values() if q.id in names)


def _subsets(question: Question, telling: Iterable[str | int]) -> list[tuple[str | int, ...]]:
    """The non-empty selections of `telling` options a respondent could tick together."""
    chosen = list(telling)
    exclusive = {o.value for o in question.options if o.exclusive}
    order = {o.value: i for i, o in enumerate(question.options)}
    selections = []
    for size in range(1, len(chosen) + 1):
        for picked in combinations(chosen, size):
            if size == 1 or not exclusive.intersection(picked):
                selections.append(tuple(sorted(picked, key=order.__getitem__)))
    return selections


@lru_cache(maxsize=64)
def _representatives(key: InstrumentKey, question_id: str) -> tuple[AnswerValue | None, ...]:
    """No answer, then one value for each way the question's answer can weigh in the conditions."""
    question = key.instrument.question(question_id)
    if question.type == "multiple":
        named = set().union(*(_named_values(c, question_id) for c in _conditions(key.instrument)))
        telling = [o.value for o in question.options if o.value in named]
        telling += [o.value for o in question.options if o.value not in named][:1]  # any other option: "answered"
        return (None, *_subsets(question, telling))
    if question.is_choice:
        return (None, *(o.value for o in question.options))
    return (None, "text")


@lru_cache(maxsize=4096)
def _range(key: InstrumentKey, given: Given) -> tuple[int, int]:
    instrument = key.instrument
    questions = _deciding(key)
    choices = [(value,) if value is not None else _representatives(key, q.id) for q, value in zip(questions, given, strict=True)]
    if math.prod(len(values) for values in choices) > MAX_COMBINATIONS:
        return sum(1 for step in instrument.steps if step.show_if is None), len(instrument.steps)
    ids = [q.id for q in questions]
    counts = set()
    for combination in product(*choices):
        answers = {i: value for i, value in zip(ids, combination, strict=True) if value is not None}
        counts.add(len(walk_path(instrument, answers)))
    return min(counts), max(counts)


def step_count_range(instrument: Instrument, answers: Mapping[str, AnswerValue] | None = None) -> tuple[int, int]:
    """(fewest, most) steps the path can show once every question still unanswered in `answers` is
    answered in any way (or left blank); with no answers, the instrument's own range."""
    key = InstrumentKey(instrument)
    given = answers or {}
    values = tuple(_hashable(given.get(q.id)) for q in _deciding(key))
    return _range(key, values)


def _hashable(value: object) -> AnswerValue | None:
    """An answer as a cache key part (a multiple choice read from JSON may come as a list)."""
    if isinstance(value, list):
        return tuple(value)
    return value if isinstance(value, str | int | tuple) else None
