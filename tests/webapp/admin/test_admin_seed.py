"""`flask admin seed N`: realistic responses scored by the engine, spread over issues and groups."""

from __future__ import annotations

import pytest


def test_seed_inserts_scored_responses_spread_over_issues_and_groups(app, runner):
    result = runner.invoke(args=["admin", "seed", "120", "--seed", "7", "--batch", "50"])
    assert result.exit_code == 0, result.output
    assert "Inserted 120" in result.output
    from forms.answers import clean_answers
    from forms.engine import score_clean
    from webapp.instruments import registry
    from webapp.models import CriterionResult, Response

    with app.app_context():
        responses = Response.query.all()
        assert len(responses) == 120
        submitted = [r for r in responses if r.status == "submitted"]
        assert len({r.issue for r in submitted}) >= 6 and len({r.stakeholder_group for r in submitted}) >= 5
        assert CriterionResult.query.count() == 14 * len(submitted)
        instrument = registry().default
        for response in submitted[:10]:
            rescored = score_clean(instrument, clean_answers(instrument, response.answers))
            assert rescored.benefit == pytest.approx(response.benefit) and rescored.tier == response.tier
