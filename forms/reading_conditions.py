"""Conditions in an instrument (`show_if`, gates, rules), parsed and checked against what was read before."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from forms import conditions as c
from forms.reading import ReaderBase, kind_of, known


class ConditionReader(ReaderBase):
    """Parses conditions: answer atoms everywhere, result atoms (tier, criterion, red line) in rules only."""

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
            raise self.fail(f"{place}.q", f"must be a question id, not {kind_of(data['q'])}", data)
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
        if not known(data[key], self.tier_ranks):
            raise self.fail(f"{place}.{key}", f"unknown tier '{data[key]}'", data)
        return c.TierCompare(data[key], self.tier_ranks[data[key]], key.removeprefix("tier_"))

    def criterion_atom(self, data: Mapping, place: str) -> c.Condition:
        operators = [key for key in ("gte", "lte") if key in data]
        if len(operators) != 1 or len(data) != 2:
            raise self.fail(place, "a criterion condition needs 'criterion' and one of 'gte', 'lte'", data)
        if not known(data["criterion"], self.criteria):
            raise self.fail(f"{place}.criterion", f"unknown criterion '{data['criterion']}'", data)
        return c.CriterionCompare(data["criterion"], operators[0], self.number(data[operators[0]], f"{place}.{operators[0]}", data))

    def gated_atom(self, data: Mapping, place: str) -> c.Condition:
        self.mapping(data, place, ("gated",))
        if not isinstance(data["gated"], bool):
            raise self.fail(f"{place}.gated", "must be true or false", data)
        return c.Gated(data["gated"])
