"""The score API's `firmness`: present, described in the OpenAPI document, its sentences in the requested language."""

from forms.checks import extreme_answers
from webapp.instruments import registry


def _answers(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        answers = dict(extreme_answers(registry().default, favourable=True))
    return answers


def test_the_score_carries_how_firm_it_is(app, client):
    body = client.post("/api/v1/instruments/canada-russia-2020/score", json={"answers": _answers(app)}).get_json()
    firmness = body["firmness"]
    assert firmness["verdict"] in ("firm", "fragile") and firmness["summary"].startswith(("Firm: ", "Fragile: "))
    assert {m["key"] for m in firmness["weights"]} == {c["id"] for c in body["criteria"]}
    assert firmness["stability"]["samples"] == 1000
    assert abs(sum(c["benefit"] for c in firmness["contributions"]) - body["benefit"]) < 0.1


def test_the_sentences_follow_the_requested_language(app, client):
    body = client.post("/api/v1/instruments/canada-russia-2020/score?lang=fr", json={"answers": _answers(app)}).get_json()
    assert body["firmness"]["summary"].startswith(("Solide\u00a0:", "Fragile\u00a0:"))


def test_openapi_describes_firmness(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert schemas["Result"]["properties"]["firmness"] == {"$ref": "#/components/schemas/Firmness"}
    assert {"verdict", "summary", "weights", "thresholds", "stability", "up", "down", "rescoping", "contributions"} <= set(
        schemas["Firmness"]["properties"]
    )
