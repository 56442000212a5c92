"""The writes of the questionnaire: start a response, save a step, submit.

Each is one transaction through `webapp.responses.store`: a save or a submission based on a row
that another tab changed meanwhile is merged again on the fresh row, never lost, and a second
submission (a double click, another tab) finds the response submitted and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from forms.answers import clean_answers, path_and_answers
from forms.conditions import AnswerValue
from forms.engine import score_clean
from forms.model import Instrument, Step
from webapp.questionnaire.progress import REVIEW, Progress
from webapp.responses.answers import answers_for, profile_columns
from webapp.responses.model import Response, ResponseStatus
from webapp.responses.scoring import result_columns
from webapp.responses.store import ResponseLocked, change_draft, start_draft
from webapp.timestamps import utcnow

__all__ = ["ResponseLocked", "save_step", "start_response", "submit_response"]


def start_response(instrument: Instrument, language: str) -> tuple[Response, str]:
    """A new draft and its private token (never stored)."""
    return start_draft(instrument, language)


def _set(response: Response, values: Mapping[str, object]) -> None:
    for name, value in values.items():
        setattr(response, name, value)


def save_step(
    response: Response, instrument: Instrument, step: Step, step_answers: Mapping[str, AnswerValue], language: str, advance: bool
) -> Progress:
    """Replace one step's answers, drop those that leave the path; returns where the response now stands.

    `advance` (a completed step) moves the furthest step reached on. Raises ResponseLocked when
    the response was submitted meanwhile.
    """
    step_ids = {q.id for q in step.questions}

    def merge(draft: Response) -> Progress:
        merged = {k: v for k, v in answers_for(draft, instrument).items() if k not in step_ids}
        merged.update(step_answers)
        path, kept = path_and_answers(instrument, merged)
        progress = Progress(instrument, kept, draft.current_step, path)
        furthest = progress.advanced(step.id) if advance else progress.furthest
        values = {"answers": kept, "current_step": furthest, "language": language, "instrument_version": instrument.version}
        _set(draft, {**values, **profile_columns(kept)})
        return progress.reaching(furthest)

    return change_draft(response, merge)


def submit_response(response: Response, instrument: Instrument, language: str) -> bool:
    """Score the saved answers and store the result once: True if this call submitted it.

    Raises AnswersError when a required answer is missing. A second call (double click, second
    tab) finds the response no longer a draft and changes nothing.
    """

    def submit(draft: Response) -> None:
        answers = clean_answers(instrument, answers_for(draft, instrument), require_complete=True)
        result = score_clean(instrument, answers, with_firmness=False)
        values = {
            "status": ResponseStatus.SUBMITTED.value,
            "submitted_at": utcnow(),
            "answers": answers,
            "current_step": REVIEW,
            "language": language,
            "instrument_version": instrument.version,
        }
        _set(draft, {**values, **profile_columns(answers), **result_columns(instrument, answers, result)})

    try:
        change_draft(response, submit)
    except ResponseLocked:
        return False
    return True
