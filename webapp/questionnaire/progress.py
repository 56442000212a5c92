"""Where a respondent is on the path: which steps show, which are open, where to go next.

`furthest` (stored as `Response.current_step`) is the furthest step the respondent may open: the
step after the last one they completed, or REVIEW once every step was passed. Steps are compared
by their place in the instrument, so a step that leaves or joins the path keeps its order.
Computed once per request from the answers already loaded: no query.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field

from forms.answers import walk_path
from forms.conditions import AnswerValue
from forms.model import Instrument, Question, Step
from forms.path_length import step_count_range

REVIEW = "_review"  # step ids start with a letter, so this never names a step


@dataclass
class Progress:
    instrument: Instrument
    answers: Mapping[str, AnswerValue]
    furthest: str | None
    path: list[tuple[Step, list[Question]]] = field(default_factory=list)  # walk_path(instrument, answers), if known

    def __post_init__(self) -> None:
        if not self.path:
            self.path = walk_path(self.instrument, self.answers)
        known = {step.id for step in self.instrument.steps} | {REVIEW}
        if self.furthest not in known:  # none yet, or a step a newer instrument version dropped
            self.furthest = self.instrument.steps[0].id

    @property
    def steps(self) -> list[Step]:
        """The steps the path shows, in order."""
        return [step for step, _ in self.path]

    @property
    def total_range(self) -> tuple[int, int]:
        """(fewest, most) steps the path can show once the questions still blank are answered
        (cached per instrument and deciding answers: no walk per request)."""
        return step_count_range(self.instrument, self.answers)

    def index(self, step_id: str) -> int:
        """A step's place in the instrument (REVIEW after all of them)."""
        if step_id == REVIEW:
            return len(self.instrument.steps)
        return self.instrument.step_index(step_id)

    def number(self, step_id: str) -> int:
        """1-based number of a step on the path ("Step 3 of 7")."""
        return next(n for n, step in enumerate(self.steps, 1) if step.id == step_id)

    def on_path(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)

    def may_open(self, step_id: str) -> bool:
        """A step the path shows and the respondent has reached."""
        return self.on_path(step_id) and self.index(step_id) <= self.index(self.furthest or "")

    def step_states(self, current_id: str) -> list[tuple[Step, str]]:
        """The steps the path shows, each with its state for the step list: "current" (`current_id`),
        "done" (continued from, with no required answer missing), "reached" (may be opened, not done) or "ahead"."""
        furthest = self.index(self.furthest or "")
        states = []
        for step, questions in self.path:
            index = self.index(step.id)
            if step.id == current_id:
                state = "current"
            elif index < furthest and all(not q.required or self.answers.get(q.id) is not None for q in questions):
                state = "done"
            else:
                state = "reached" if index <= furthest else "ahead"
            states.append((step, state))
        return states

    @property
    def reached_review(self) -> bool:
        return self.furthest == REVIEW

    def questions(self, step_id: str) -> list[Question]:
        return next((questions for step, questions in self.path if step.id == step_id), [])

    def next_step(self, step_id: str) -> Step | None:
        steps = self.steps
        later = [s for s in steps if self.index(s.id) > self.index(step_id)]
        return later[0] if later else None

    def previous_step(self, step_id: str) -> Step | None:
        earlier = [s for s in self.steps if self.index(s.id) < self.index(step_id)]
        return earlier[-1] if earlier else None

    def resume_at(self) -> str:
        """The step to go back to (or REVIEW): the furthest one, or the next one the path shows."""
        furthest = self.index(self.furthest or "")
        for step in self.steps:
            if self.index(step.id) >= furthest:
                return step.id
        return REVIEW

    def advanced(self, step_id: str) -> str:
        """The new `furthest` once `step_id` is completed."""
        following = self.next_step(step_id)
        target = following.id if following is not None else REVIEW
        return max(target, self.furthest or "", key=self.index)

    def reaching(self, furthest: str | None) -> Progress:
        """The same answers' progress with `furthest` moved (the path is not walked again)."""
        moved = copy.copy(self)
        moved.furthest = furthest
        return moved

    def first_incomplete(self) -> Step | None:
        """The first step on the path with a required question left blank."""
        for step, questions in self.path:
            if any(q.required and self.answers.get(q.id) is None for q in questions):
                return step
        return None
