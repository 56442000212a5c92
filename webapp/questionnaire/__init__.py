"""The stakeholder's questionnaire: start, steps, resume, review, submit, result."""

from flask import Blueprint

blueprint = Blueprint("questionnaire", __name__)

from webapp.questionnaire.records import release  # noqa: E402

# The questionnaire's database connection lives as long as the app context, whatever ends it.
blueprint.record_once(lambda state: state.app.teardown_appcontext(release))

from webapp.questionnaire import views  # noqa: E402,F401
