"""The stakeholder's questionnaire: start, steps, resume, review, submit, result."""

from flask import Blueprint

blueprint = Blueprint("questionnaire", __name__)

from webapp.questionnaire import resume_choice, scale_layout, views  # noqa: E402,F401
