"""Steps, questions and their options, read and checked."""

from __future__ import annotations

from collections.abc import Mapping

from forms.model import CHOICE_TYPES, PROFILE_QUESTIONS, QUESTION_TYPES, TEXT_TYPES, Option, Question, Step
from forms.reading import ID_PATTERN, kind_of
from forms.reading_conditions import ConditionReader

DEFAULT_TEXT_LENGTH = {"text": 200, "textarea": 5000}
# The most characters of a short label and of a question's error message, in any language.
MESSAGE_LIMITS = {"short_label": 80, "error": 120}


class QuestionReader(ConditionReader):
    """Reads steps and questions; a `show_if` may name only questions of earlier steps."""

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
            data,
            place,
            ("id", "type", "label"),
            ("required", "help", "show_if", "weight", "max_length", "options", "short_label", "error"),
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
        label = self.text(node["label"], f"{place}.label", node)
        if "error" in node and not required:
            raise self.fail(f"{place}.error", "only a required question has a message for a blank answer", node)
        question = Question(
            question_id,
            kind,
            label,
            self.optional_text(node, "help", place),
            required,
            show_if,
            weight,
            max_length,
            options,
            step_id,
            short_label=self.message_text(node, "short_label", place, label),
            error=self.message_text(node, "error", place, label),
        )
        self.questions[question_id] = question
        return question

    def message_text(self, node: Mapping, key: str, place: str, label: Mapping[str, str]) -> Mapping[str, str] | None:
        """A short label or an error message: one short line in every language of the label, that
        says what to do without repeating the question (a label of a word or three may be in it)."""
        text = self.optional_text(node, key, place)
        if text is None:
            return None
        missing = sorted(set(label) - set(text))
        if missing:
            raise self.fail(f"{place}.{key}", f"has no text in '{missing[0]}', which the question's label has", node)
        for language, value in text.items():
            where, stripped = f"{place}.{key}.{language}", value.strip()
            if not stripped or "\n" in stripped or len(stripped) > MESSAGE_LIMITS[key]:
                raise self.fail(where, f"must be one line of 1 to {MESSAGE_LIMITS[key]} characters", node)
            if stripped[-1] in ".?!:;":
                raise self.fail(where, f"must not end with '{stripped[-1]}': say what to do, without a full stop", node)
            if language in label and len(label[language].split()) >= 4 and _plain(label[language]) in _plain(stripped):
                raise self.fail(where, "repeats the question's label: say what to do in a few words", node)
        return {language: value.strip() for language, value in text.items()}

    def options(self, data: object, place: str, kind: str, parent: object) -> tuple[Option, ...]:
        if data is None:
            raise self.fail(place, f"a {kind} question needs options", parent)
        items = self.sequence(data, place)
        options = []
        values: set[object] = set()
        for i, item in enumerate(items):
            option_place = f"{place}[{i}]"
            node = self.mapping(item, option_place, ("value", "label"), ("points", "abstain", "exclusive"))
            value = node["value"]
            if kind == "scale" and not node.get("abstain") and (isinstance(value, bool) or not isinstance(value, int)):
                raise self.fail(f"{option_place}.value", f"a scale option's value must be a whole number, not {kind_of(value)}", node)
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
            exclusive = node.get("exclusive", False)
            if not isinstance(exclusive, bool):
                raise self.fail(f"{option_place}.exclusive", "must be true or false", node)
            if exclusive and kind != "multiple":
                raise self.fail(f"{option_place}.exclusive", "only an option of a multiple choice can be exclusive", node)
            # "I don't know" in a multiple choice is never ticked with another option either.
            exclusive = exclusive or (abstain and kind == "multiple")
            options.append(Option(value, self.text(node["label"], f"{option_place}.label", node), points, abstain, exclusive))
        scored = any(option.points for option in options)
        for i, option in enumerate(options):
            if scored and not option.abstain and not option.points:
                raise self.fail(f"{place}[{i}].points", "option has no points although others in its question do", items[i])
        if kind != "scale" and any(not isinstance(o.value, str) for o in options):
            raise self.fail(place, "option values must be text except in scale questions", items)
        scale_values = [o.value for o in options if not o.abstain]
        if kind == "scale" and scale_values != sorted(scale_values):
            raise self.fail(place, "scale options must be in ascending order", items)
        return tuple(options)

    def points(self, data: object, place: str, parent: object) -> Mapping[str, float]:
        if not isinstance(data, dict):
            raise self.fail(place, f"must be a map from criterion to points, not {kind_of(data)}", parent)
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


def _plain(text: str) -> str:
    """Text compared without case, end punctuation or the spaces French puts before it."""
    return text.casefold().rstrip(" ?!.:;\u00a0\u202f")
