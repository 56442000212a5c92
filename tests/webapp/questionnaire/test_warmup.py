"""The start-up warm-up prepares every step form and every choice question, in every language."""

from webapp.questionnaire.forms import CACHE_KEY
from webapp.questionnaire.fragments import MEMO_KEY
from webapp.questionnaire.warmup import warm_step_pages


def test_warm_up_draws_each_choice_question_in_each_language(app, respondent):
    instrument = app.extensions["instruments"].default
    choices = [q for q in instrument.questions.values() if q.is_choice]
    warm_step_pages(app)
    memo = app.extensions[MEMO_KEY]
    for language in app.config["LANGUAGES"]:
        for question in choices:
            chosen = {key[3] for key in memo if key[1] == question.id and key[2] == language}
            assert frozenset() in chosen
            assert {frozenset([str(o.value)]) for o in question.options} <= chosen
    forms = app.extensions[CACHE_KEY]
    assert {(step.id, language) for (_, _, step_id, language) in forms for step in instrument.steps if step.id == step_id} == {
        (step.id, language) for step in instrument.steps for language in app.config["LANGUAGES"]
    }
    memo_size = len(app.extensions[MEMO_KEY])
    respondent.start()  # an unanswered first step is drawn from what the warm-up prepared
    assert len(app.extensions[MEMO_KEY]) == memo_size


def test_a_worker_warm_up_draws_each_step_page_for_a_new_draft(app, respondent):
    from webapp.skeletons import MEMO_KEY as SKELETONS

    instrument = app.extensions["instruments"].default
    app.extensions.setdefault(SKELETONS, {}).clear()
    app.extensions.setdefault(MEMO_KEY, {}).clear()
    assert warm_step_pages(app, every_choice=False) == 0
    drawn = {(key[1][3], key[1][4]) for key in app.extensions[SKELETONS]}  # (step, language)
    assert drawn == {(step.id, language) for step in instrument.steps for language in app.config["LANGUAGES"]}
    kept = len(app.extensions[SKELETONS])
    respondent.start()  # a new draft's first page is built on the warm-up's skeleton
    assert len(app.extensions[SKELETONS]) == kept


def test_the_profile_paths_cover_each_path_the_first_step_leads_to(app):
    from forms.answers import walk_path
    from webapp.questionnaire.warmup import profile_paths

    instrument = app.extensions["instruments"].default
    paths = profile_paths(instrument)
    steps = [tuple(step.id for step, _ in walk_path(instrument, answers)) for answers in paths]
    assert len(set(steps)) == len(steps) == 2  # with and without the trade step
    assert any("trade" in path for path in steps) and any("trade" not in path for path in steps)


def test_a_draft_that_reached_the_review_is_served_from_a_warm_up_skeleton(app, respondent):
    from webapp.skeletons import MEMO_KEY as SKELETONS

    for profile in ({"issue": "trade", "stakeholder_group": "ngo"}, {"issue": "arctic", "stakeholder_group": "ngo"}):
        respondent.complete(profile=profile)
        app.extensions.setdefault(SKELETONS, {}).clear()
        warm_step_pages(app, every_choice=False)
        kept = len(app.extensions[SKELETONS])
        for step in ("profile", "case"):
            assert respondent.get(f"/step/{step}").status_code == 200
        assert len(app.extensions[SKELETONS]) == kept
