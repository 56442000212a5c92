"""What-if weights on the priority list: re-ranking from stored criterion scores, the form's checks, the file."""

from __future__ import annotations

import re

import pytest
import yaml

from forms.loader import parse_instrument
from tests.webapp.admin.conftest import SLUG

ISSUES = ["arctic", "climate", "cyber", "health", "trade_value_added", "clean_tech"]


@pytest.fixture
def two_issues(app, make_response):  # type: ignore[no-untyped-def]
    """Arctic strong on B1, climate on B2; the same risk. Stored side scores are what the shipped weights give."""
    w = weights(app)
    for _ in range(3):
        for issue, b1, b2 in (("arctic", 90.0, 10.0), ("climate", 20.0, 70.0)):
            benefit = (w["B1"] * b1 + w["B2"] * b2) / (w["B1"] + w["B2"])
            make_response(issue=issue, benefit=benefit, risk=20.0, criteria={"B1": b1, "B2": b2, "R1": 20.0})


def weights(app, **changes: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from webapp.instruments import registry

    with app.app_context():
        base = {c.id: c.weight for c in registry().default.criteria}
    return {**base, **changes}


def test_side_scores_are_recomputed_from_the_stored_criterion_scores_under_the_weights(app, two_issues):
    from webapp.admin.whatif_query import reweighted_issue_figures

    tried = weights(app, B1=1.0, B2=3.0)
    with app.app_context():
        figures = reweighted_issue_figures(SLUG, tried)
    assert figures["arctic"].n == 3
    assert figures["arctic"].benefit.mean == pytest.approx((90 * 1 + 10 * 3) / 4)
    assert figures["climate"].benefit.mean == pytest.approx((20 * 1 + 70 * 3) / 4)
    assert figures["arctic"].risk.mean == pytest.approx(20.0)
    assert figures["arctic"].benefit.spread == pytest.approx(0.0, abs=1e-9)


def test_a_weight_of_zero_leaves_the_criterion_out(app, two_issues):
    from webapp.admin.whatif_query import reweighted_issue_figures

    with app.app_context():
        figures = reweighted_issue_figures(SLUG, weights(app, B1=0.0))
    assert figures["arctic"].benefit.mean == pytest.approx(10.0)


def test_with_the_instruments_weights_the_ranking_is_the_published_one(app, make_response):
    # Stored side scores that are what the instrument's weights give from the stored criterion scores.
    w = weights(app)
    for issue, b1, b2, r1, gated in [
        ("arctic", 80, 40, 20, False), ("arctic", 60, 20, 50, False), ("cyber", 30, 90, 40, False),
        ("health", 10, 20, 90, True), ("climate", 70, 70, 30, False), ("climate", 50, 60, 10, False),
    ]:
        benefit = (w["B1"] * b1 + w["B2"] * b2) / (w["B1"] + w["B2"])
        make_response(issue=issue, benefit=benefit, risk=r1, gated=gated, tier_rank=0 if gated else 1, criteria={"B1": b1, "B2": b2, "R1": r1})
    from webapp.admin.aggregates import priority_list
    from webapp.admin.whatif_query import reweighted_priority_list

    with app.app_context():
        published = [(r.issue, r.rank) for r in priority_list(SLUG, ISSUES)]
        tried = [(r.issue, r.rank) for r in reweighted_priority_list(SLUG, weights(app), ISSUES)]
    assert tried == published


def test_the_page_shows_both_rankings_and_what_moved_without_storing_anything(app, admin_client, two_issues):
    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        before = [(r.benefit, r.tier) for r in db.session.query(Response).order_by(Response.id)]
    query = "&".join(f"w_{k}={v}" for k, v in weights(app, B1=1.0, B2=5.0).items())
    response = admin_client.get(f"/admin/priorities/what-if?{query}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "The ranking under these weights" in body and "Published rank" in body
    rows = re.findall(r"<tr[^>]*>\s*<td class=\"number\">(\d|–)</td>\s*<th scope=\"row\">([^<]+)", body)
    assert [name for _, name in rows][:2] == ["Climate change and the environment", "The Arctic"]
    assert "Up 1" in body and "Down 1" in body
    assert "Published ranking: the benefit and risk scores as each response was scored when submitted (1.0.0: 6)" in body
    with app.app_context():
        assert [(r.benefit, r.tier) for r in db.session.query(Response).order_by(Response.id)] == before


def test_the_form_starts_with_the_instruments_weights_and_works_without_javascript(app, admin_client):
    body = admin_client.get("/admin/priorities/what-if").get_data(as_text=True)
    assert '<form method="get"' in body and "<script" not in body
    assert re.search(r'name="w_B1"[^>]*value="1.5"', body)
    assert "The ranking under these weights" not in body


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Enter the weight of B1"),
        ("-1", "Enter the weight of B1"),
        ("101", "Enter the weight of B1"),
        ("", "Enter the weight of B1"),
    ],
)
def test_a_bad_weight_gets_a_clear_message_beside_the_field_and_in_the_summary(app, admin_client, value, message):
    query = "&".join(f"w_{k}={v}" for k, v in weights(app).items() if k != "B1") + f"&w_B1={value}"
    response = admin_client.get(f"/admin/priorities/what-if?{query}")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error:" in body and 'href="#w_B1"' in body and 'id="w_B1-error"' in body
    assert body.count(message) == 2
    assert f'value="{value}"' in body  # what was typed stays in the box


def test_every_weight_of_a_side_at_zero_is_refused(app, admin_client):
    zero = {k: 0 for k in weights(app) if k.startswith("R")}
    query = "&".join(f"w_{k}={v}" for k, v in weights(app, **zero).items())
    body = admin_client.get(f"/admin/priorities/what-if?{query}").get_data(as_text=True)
    assert "Give at least one risk criterion a weight above 0" in body


def test_a_french_decimal_comma_is_read_as_a_number(app, admin_client, two_issues):
    query = "&".join(f"w_{k}={v}" for k, v in weights(app).items() if k != "B1") + "&w_B1=2,5"
    assert admin_client.get(f"/admin/priorities/what-if?{query}").status_code == 200


def test_the_weights_download_as_an_instrument_file_that_validates_with_a_new_version(app, admin_client):
    from webapp.instruments import registry

    query = "&".join(f"w_{k}={v}" for k, v in weights(app, B1=2.25, R3=0.5).items())
    response = admin_client.get(f"/admin/priorities/what-if/instrument.yaml?{query}")
    assert response.status_code == 200 and response.mimetype == "application/yaml"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    instrument = parse_instrument(text, "downloaded.yaml")
    with app.app_context():
        published = registry().default
    assert instrument.criterion("B1").weight == 2.25 and instrument.criterion("R3").weight == 0.5
    assert instrument.version.startswith(published.version + "-weights-") and instrument.version != published.version
    assert yaml.safe_load(text)["slug"] == published.slug


def test_no_file_while_a_weight_is_zero(app, admin_client):
    query = "&".join(f"w_{k}={v}" for k, v in weights(app, B1=0).items())
    response = admin_client.get(f"/admin/priorities/what-if/instrument.yaml?{query}")
    assert response.status_code == 302 and "/admin/priorities/what-if?" in response.headers["Location"]


def test_the_what_if_pages_demand_sign_in(client):
    for url in ("/admin/priorities/what-if", "/admin/priorities/what-if/instrument.yaml"):
        assert client.get(url).status_code == 302


def test_the_downloaded_file_keeps_everything_but_the_weights_and_the_version(app):
    from forms.export import instrument_to_dict
    from webapp.admin.whatif import weights_instrument_file
    from webapp.instruments import registry

    with app.app_context():
        published = registry().default
    _name, text = weights_instrument_file(published, {"B1": 3.0})
    again = parse_instrument(text, "downloaded.yaml")
    before, after = instrument_to_dict(published), instrument_to_dict(again)
    assert after["version"] != before["version"]
    assert {c["id"]: c["weight"] for c in after["criteria"]}["B1"] == 3.0
    for key in before:
        if key not in ("version", "criteria"):
            assert after[key] == before[key], key
