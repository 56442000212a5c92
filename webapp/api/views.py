"""Thin views: load the instrument, check the body, score, answer JSON. Nothing is stored."""

from __future__ import annotations

from flask import Response, jsonify, request
from flask_babel import force_locale, gettext

from forms.answers import AnswerProblem, AnswersError
from forms.engine import score_answers
from forms.export import instrument_summary, instrument_to_dict
from forms.messages import ANSWER_MESSAGES
from forms.model import Instrument
from webapp.api import blueprint
from webapp.api.body import BodyError, json_body
from webapp.api.openapi import openapi_document
from webapp.extensions import csrf
from webapp.i18n import current_language
from webapp.instruments import instrument_or_404, registry

csrf.exempt(blueprint)  # a JSON API with no cookies or session: CSRF does not apply


@blueprint.get("/instruments")
def list_instruments():
    reg = registry()
    language = _language()
    return jsonify({"instruments": [instrument_summary(i, slug == reg.default_slug, language) for slug, i in reg.instruments.items()]})


@blueprint.get("/instruments/<slug>")
def show_instrument(slug: str):
    return jsonify(instrument_to_dict(instrument_or_404(slug), _language()))


@blueprint.post("/instruments/<slug>/score")
def score(slug: str):
    instrument = instrument_or_404(slug)
    try:
        body = json_body()
    except BodyError as error:
        return _error(error.code, str(error))
    if not isinstance(body, dict) or "answers" not in body:
        return _error("bad_request", 'Send a JSON object such as {"answers": {"question_id": "value"}}.')
    try:
        result = score_answers(instrument, body["answers"])
    except AnswersError as error:
        return _invalid_answers(instrument, error)
    language = _language()
    with force_locale(language):
        return jsonify(result.to_dict(language, gettext))


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


def _error(code: str, message: str, **details: object) -> tuple[Response, int]:
    """A 400 answer in the API's error shape (openapi.py's `Error`)."""
    return jsonify({"error": code, "message": message, **details}), 400


def _invalid_answers(instrument: Instrument, error: AnswersError) -> tuple[Response, int]:
    """The problems with the answers, each in the requested language, and all of them in one message."""
    language = _language()
    with force_locale(language):
        problems = [
            {"question": p.question, "code": p.code, "message": _problem_message(instrument, p, language)}
            for p in error.problems
        ]
    return _error("invalid_answers", " ".join(p["message"] for p in problems), problems=problems)


def _problem_message(instrument: Instrument, problem: AnswerProblem, language: str) -> str:
    """The message in the requested language, naming the question by its label in that language too."""
    params = problem.params_in(instrument.questions.get(problem.question), language)
    return gettext(ANSWER_MESSAGES[problem.code]) % params


def _language() -> str:
    requested = request.args.get("lang")
    return requested if requested in ("en", "fr") else current_language()
