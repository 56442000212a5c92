"""Answering the questionnaire through the app's own forms, as a browser posts them (no clicks):
for tests that look at pages further on."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from forms.answers import walk_path

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def answer_steps(page, instrument, answers: dict) -> None:  # type: ignore[no-untyped-def]
    """Start a response in `page`'s browser and continue from every step the answers lead to."""
    request = page.request
    request.post("/start", data=urlencode({"csrf_token": _token(request.get("/").text())}), headers=FORM)
    for step, questions in walk_path(instrument, answers):
        pairs = [("csrf_token", _token(request.get(f"/step/{step.id}").text())), ("action", "next")]
        for question in questions:
            value = answers.get(question.id)
            if value is not None:
                pairs += [(question.id, str(v)) for v in (value if isinstance(value, tuple | list) else (value,))]
        assert request.post(f"/step/{step.id}", data=urlencode(pairs), headers=FORM).ok, step.id


def submit(page, instrument, answers: dict) -> None:  # type: ignore[no-untyped-def]
    """Answer every step, then submit from the review page."""
    answer_steps(page, instrument, answers)
    review = page.request.get("/review").text()
    assert page.request.post("/submit", data=urlencode({"csrf_token": _token(review)}), headers=FORM).ok
