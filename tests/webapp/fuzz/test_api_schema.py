"""Schemathesis against the API's own OpenAPI document: every operation, generated requests, each
response as documented and never a 500. The API stores nothing, so an app of the module's own
(no database behind it, no rate limits) serves it."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from webapp import create_app

API_APP = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATE_LIMITS_ENABLED": False})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", API_APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_and_never_fails(case):
    # Unknown query values (an unsupported ?lang=) fall back to a default by design, so requests
    # outside the schema may succeed; everything else is checked.
    case.call_and_validate(excluded_checks=[checks.negative_data_rejection])
