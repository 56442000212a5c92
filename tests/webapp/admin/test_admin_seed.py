"""`flask admin seed N`: realistic responses scored by the engine, spread over issues and groups."""

from __future__ import annotations

import pytest


def test_seed_inserts_scored_responses_spread_over_issues_and_groups(app, runner):
    result = runner.invoke(args=["admin", "seed", "120", "--seed", "7", "--batch", "50", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Inserted 120" in result.output
    from forms.answers import clean_answers
    from forms.engine import score_clean
    from webapp.instruments import registry
    from webapp.models import Response

    with app.app_context():
        responses = Response.query.all()
        assert len(responses) == 120
        submitted = [r for r in responses if r.status == "submitted"]
        assert len({r.issue for r in submitted}) >= 6 and len({r.stakeholder_group for r in submitted}) >= 5
        assert all(len(r.criterion_scores) == 14 for r in submitted)
        assert all(r.criterion_scores is None for r in responses if r.status == "draft")
        instrument = registry().default
        for response in submitted[:10]:
            rescored = score_clean(instrument, clean_answers(instrument, response.answers))
            assert rescored.benefit == pytest.approx(response.benefit) and rescored.tier == response.tier


def test_seed_gives_the_same_answers_with_or_without_worker_processes(app):
    from sqlalchemy import delete, select

    from webapp.admin.synthetic import insert_synthetic
    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response

    def run(workers: int) -> list[tuple]:
        with app.app_context():
            assert insert_synthetic(registry().default, 30, seed=5, batch=10, workers=workers) == 30
            columns = select(Response.issue, Response.stakeholder_group, Response.benefit)
            rows = db.session.execute(columns.order_by(Response.id)).all()
            db.session.execute(delete(Response))
            db.session.commit()
            return [tuple(row) for row in rows]

    assert run(workers=2) == run(workers=1)


def test_seeded_personas_split_only_the_contested_issues_and_spread_the_tiers(app):
    """Groups disagree on the contested issues only: those, and no others, come out split, while
    each group agrees with itself; every tier is used."""
    from webapp.admin import aggregates
    from webapp.admin.synthetic import CONTESTED, insert_synthetic
    from webapp.instruments import registry

    with app.app_context():
        instrument = registry().default
        insert_synthetic(instrument, 900, seed=11, batch=300, workers=1)
        figures = aggregates.issue_figures(instrument.slug)
        split = {issue for issue, f in figures.items() if f.n >= 20 and f.split}
        assert split == set(CONTESTED)
        for issue in CONTESTED:
            groups = [g for g in aggregates.issue_aggregate(instrument.slug, issue).groups if g.n >= 5]
            assert sum(g.agreement for g in groups) / len(groups) > figures[issue].agreement + 0.15
        tiers: dict[int, int] = {}
        for f in figures.values():
            for rank, count in f.tiers.items():
                tiers[rank] = tiers.get(rank, 0) + count
        total = sum(tiers.values())
        assert all(tiers.get(rank, 0) / total > 0.08 for rank in range(4)), tiers
        gated = sum(f.gated for f in figures.values())
        assert 0.02 < gated / total < 0.25
