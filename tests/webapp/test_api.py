"""The JSON contracts of product.md: instruments, stateless scoring, OpenAPI."""

from forms.checks import extreme_answers
from webapp.instruments import registry


def test_lists_instruments_with_default(client):
    body = client.get("/api/v1/instruments").get_json()
    assert body["instruments"][0] == {"slug": "canada-russia-2020", "title": body["instruments"][0]["title"], "version": "2.0.0", "default": True}
    assert len(body["instruments"]) == 1  # the archived 1.0.0 is kept for old responses, not offered


def test_instrument_has_criteria_steps_questions_gates_tiers(client):
    body = client.get("/api/v1/instruments/canada-russia-2020").get_json()
    assert {c["id"] for c in body["criteria"]} >= {f"B{i}" for i in range(1, 8)} | {f"R{i}" for i in range(1, 8)}
    question = body["steps"][1]["questions"][0]
    assert {"id", "type", "required", "options"} <= set(question)
    assert all("points" in option for option in question["options"])
    assert body["gates"][0]["criterion"] == "R1"
    assert [t["id"] for t in body["tiers"]] == ["hold", "informal", "officials", "pragmatic"]


def test_unknown_instrument_is_404_json(client):
    response = client.get("/api/v1/instruments/nope")
    assert response.status_code == 404
    assert response.get_json()["error"]


def test_score_returns_result_and_stores_nothing(app, client):
    with app.app_context():
        answers = extreme_answers(registry().default, favourable=True)
    response = client.post("/api/v1/instruments/canada-russia-2020/score", json={"answers": answers})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["tier"]["id"] == "pragmatic"
    assert {"benefit", "risk", "criteria", "gates", "channels", "safeguards", "confidence"} <= set(body)
    with app.app_context():
        from webapp.models import Response

        assert Response.query.count() == 0


def test_score_names_unknown_questions_and_values(client):
    response = client.post("/api/v1/instruments/canada-russia-2020/score", json={"answers": {"issue": "atlantis", "colour": "blue"}})
    assert response.status_code == 400
    body = response.get_json()
    named = {(p["question"], p["code"]) for p in body["problems"]}
    assert ("issue", "not_an_option") in named and ("colour", "unknown_question") in named
    assert "atlantis" in body["message"] and "colour" in body["message"]


def test_score_refuses_a_body_without_answers(client):
    response = client.post("/api/v1/instruments/canada-russia-2020/score", data="not json", content_type="application/json")
    assert response.status_code == 400
    assert "answers" in response.get_json()["message"]


def test_openapi_describes_the_three_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/instruments", "/api/v1/instruments/{slug}", "/api/v1/instruments/{slug}/score"} <= set(document["paths"])


def test_a_gated_score_reports_the_weakest_tier_and_the_scored_one_apart(app, client):
    with app.app_context():
        answers = {**extreme_answers(registry().default, favourable=True), "sanctions_relief": "needs_it"}
    body = client.post("/api/v1/instruments/canada-russia-2020/score", json={"answers": answers}).get_json()
    assert body["gated"] is True
    assert body["tier"] == {"id": "hold", "rank": 0, "title": "Hold"}
    assert body["scored_tier"]["id"] == "pragmatic"
    assert body["channels"] == [] and len(body["next_steps"]) == 1
    assert [p["id"] for p in body["principles"]] == ["G1", "G7"]


def test_score_refuses_none_of_these_ticked_with_another_option(app, client):
    with app.app_context():
        answers = {**extreme_answers(registry().default, favourable=True), "stake_areas": ["economic", "none"]}
    response = client.post("/api/v1/instruments/canada-russia-2020/score", json={"answers": answers})
    assert response.status_code == 400
    (problem,) = response.get_json()["problems"]
    assert (problem["question"], problem["code"]) == ("stake_areas", "exclusive_option")
    assert "'None of these' cannot be ticked with another answer" in problem["message"]


def test_openapi_names_the_tier_from_the_scores_alone_apart_from_the_recommendation(client):
    result = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Result"]
    assert {"scored_tier", "next_steps", "principles"} <= set(result["required"])
    assert "weakest tier" in result["properties"]["tier"]["description"]
    assert "before the red line" in result["properties"]["scored_tier"]["description"]
    assert result["properties"]["next_steps"]["type"] == "array"


def test_the_app_keeps_version_1_0_0_for_the_responses_answered_on_it(app):
    with app.app_context():
        old = registry().version("canada-russia-2020", "1.0.0")
        assert old is not None and old.archived
        assert registry().answered_on("canada-russia-2020", "1.0.0") is old
        assert registry().default.version == "2.0.0"
