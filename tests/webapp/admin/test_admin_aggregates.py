"""The aggregates against figures computed by hand on a small fixture, and the priority list order."""

from __future__ import annotations

import math

import pytest

from tests.webapp.admin.conftest import SLUG

SD = math.sqrt(500)  # benefit 80, 60, 20, 40 (and risk 20, 40, 80, 60): mean 50, deviations ±30 and ±10


@pytest.fixture
def arctic(make_response):  # type: ignore[no-untyped-def]
    make_response(group="exporter", benefit=80, risk=20, tier_rank=3, criteria={"B1": 100, "R1": 0})
    make_response(group="exporter", benefit=60, risk=40, tier_rank=2, criteria={"B1": 50, "R1": 20})
    make_response(group="ngo", benefit=20, risk=80, tier_rank=0, gated=True, criteria={"B1": 0, "R1": 100})
    make_response(group="ngo", benefit=40, risk=60, tier_rank=1, criteria={"B1": 50, "R1": None})
    # Not counted: a draft, another issue, another instrument.
    make_response(status="draft", group="ngo")
    make_response(issue="cyber", benefit=70, risk=30, tier_rank=3, criteria={"B1": 90})
    make_response(slug="other-instrument", benefit=0, risk=100, tier_rank=0, criteria={"B1": 0})


def test_issue_figures_match_hand_computation(app, arctic):
    from webapp.admin.aggregates import issue_aggregate

    with app.app_context():
        aggregate = issue_aggregate(SLUG, "arctic")
    overall = aggregate.overall
    assert overall.n == 4 and overall.gated == 1
    assert overall.tiers == {0: 1, 1: 1, 2: 1, 3: 1}
    assert overall.benefit.mean == pytest.approx(50) and overall.benefit.median == pytest.approx(50)
    assert overall.benefit.spread == pytest.approx(SD) and overall.risk.spread == pytest.approx(SD)
    assert overall.agreement == pytest.approx(1 - SD / 50) and not overall.split
    b1, r1 = overall.criteria["B1"], overall.criteria["R1"]
    assert (b1.n, b1.mean, b1.median, b1.low, b1.high) == (4, pytest.approx(50), pytest.approx(50), 0, 100)
    assert b1.spread == pytest.approx(math.sqrt(1250)) and b1.split  # agreement 0.29
    assert (r1.n, r1.mean, r1.median) == (3, pytest.approx(40), pytest.approx(20))  # 0, 20, 100; one unscored
    assert r1.spread == pytest.approx(math.sqrt(5600 / 3))


def test_issue_figures_by_stakeholder_group(app, arctic):
    from webapp.admin.aggregates import issue_aggregate

    with app.app_context():
        groups = {g.key: g for g in issue_aggregate(SLUG, "arctic").groups}
    assert set(groups) == {"exporter", "ngo"}
    exporter, ngo = groups["exporter"], groups["ngo"]
    assert (exporter.n, exporter.gated, exporter.tiers) == (2, 0, {3: 1, 2: 1})
    assert exporter.benefit.mean == pytest.approx(70) and exporter.benefit.spread == pytest.approx(10)
    assert exporter.risk.mean == pytest.approx(30) and exporter.agreement == pytest.approx(0.8)
    assert exporter.criteria["B1"].median == pytest.approx(75) and exporter.criteria["R1"].median == pytest.approx(10)
    assert (ngo.n, ngo.gated) == (2, 1)
    assert ngo.benefit.mean == pytest.approx(30) and ngo.risk.median == pytest.approx(70)
    assert ngo.criteria["B1"].mean == pytest.approx(25) and ngo.criteria["B1"].median == pytest.approx(25)
    assert (ngo.criteria["R1"].n, ngo.criteria["R1"].mean, ngo.criteria["R1"].spread) == (1, pytest.approx(100), pytest.approx(0))


def test_median_of_an_odd_count_is_the_middle_value(app, make_response):
    from webapp.admin.aggregates import issue_aggregate

    for score in (10, 90, 30, 70, 20):
        make_response(issue="health", criteria={"B2": score}, benefit=score)
    with app.app_context():
        overall = issue_aggregate(SLUG, "health").overall
    assert overall.criteria["B2"].median == pytest.approx(30) and overall.benefit.median == pytest.approx(30)


def test_an_issue_without_responses_has_empty_figures(app):
    from webapp.admin.aggregates import issue_aggregate

    with app.app_context():
        aggregate = issue_aggregate(SLUG, "health")
    assert aggregate.overall.n == 0 and aggregate.overall.agreement is None and aggregate.groups == []


def test_priority_list_order_and_scores(app, arctic, make_response):
    from webapp.admin.aggregates import MIN_RESPONSES, priority_list

    # trade: the best net case, but both responses hit the red line: after all others.
    make_response(issue="trade_value_added", benefit=90, risk=10, tier_rank=0, gated=True)
    make_response(issue="trade_value_added", benefit=90, risk=10, tier_rank=0, gated=True)
    # climate and health: the same score (net 20, no spread); climate rests on more responses.
    make_response(issue="health", benefit=60, risk=40)
    for _ in range(2):
        make_response(issue="climate", benefit=60, risk=40)
    with app.app_context():
        rows = priority_list(SLUG, ["arctic", "climate", "cyber", "health", "trade_value_added", "clean_tech"])
    order = [row.issue for row in rows]
    assert order == ["cyber", "climate", "health", "arctic", "trade_value_added", "clean_tech"]
    scores = {row.issue: row.score for row in rows}
    assert scores["cyber"] == pytest.approx(40)  # 70 - 30, one response: no spread
    assert scores["arctic"] == pytest.approx(0 - SD / 2)
    assert scores["clean_tech"] is None
    assert [row.rank for row in rows] == [1, 2, 3, 4, 5, 0]
    by_issue = {row.issue: row for row in rows}
    assert by_issue["trade_value_added"].red_lined and not by_issue["cyber"].red_lined
    assert all(row.too_few for row in rows) and MIN_RESPONSES > 4


def test_priority_page_explains_the_rule_and_warns(admin_client, arctic):
    body = admin_client.get("/admin/priorities").get_data(as_text=True)
    assert "How the list is ranked" in body and "net case" in body
    assert 'role="img"' in body and "<title" in body and "<desc" in body
    assert body.index("Cybersecurity") < body.index("The Arctic")
    assert "too few to rely on" in body


def test_issue_page_shows_the_figures_in_tables_and_charts(admin_client, arctic):
    response = admin_client.get("/admin/issues/arctic")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.count('role="img"') == 2 and "Tier distribution" in body
    assert "B1 What Canada has at stake" in body and "An exporter or other company" in body
    assert "55%" in body  # agreement 1 - 22.4/50
    assert "split" in body  # B1's agreement is 29%
    assert admin_client.get("/admin/issues/atlantis").status_code == 404
