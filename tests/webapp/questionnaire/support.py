"""Helpers for the questionnaire tests: a respondent driving the pages, and looks into the database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, select

MINI = str(Path(__file__).resolve().parents[2] / "fixtures" / "mini.yaml")
PROFILE = {"issue": "arctic", "stakeholder_group": "ngo", "organisation": "Northern Institute"}
CASE = {"interest": "3", "partners": ["us", "eu"], "sanctions": "no", "security": "low"}


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Respondent:
    """A browser going through the questionnaire: keeps the CSRF token of the last page."""

    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.token = ""

    def get(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        response = self.client.get(url, **kwargs)
        if 'name="csrf_token"' in response.text:
            self.token = csrf_token(response.text)
        return response

    def start(self):  # type: ignore[no-untyped-def]
        self.get("/")
        response = self.client.post("/start", data={"csrf_token": self.token})
        assert response.status_code == 302, response.text
        return self.get(response.location)

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs):  # type: ignore[no-untyped-def]
        body = dict(data or {})
        if csrf:
            body["csrf_token"] = self.token
        return self.client.post(url, data=body, **kwargs)

    def step(self, step_id: str, answers: dict, action: str = "next", query: str = ""):  # type: ignore[no-untyped-def]
        return self.post(f"/step/{step_id}{query}", {**answers, "action": action})

    def complete(self, profile: dict | None = None, case: dict | None = None, trade: dict | None = None):  # type: ignore[no-untyped-def]
        """Answer every step up to the review page."""
        self.start()
        assert self.step("profile", profile or PROFILE).status_code == 302
        response = self.step("case", case or CASE)
        assert response.status_code == 302, response.text
        if response.location.endswith("/step/trade"):
            response = self.step("trade", trade or {"competitors": "yes", "market": "open"})
            assert response.status_code == 302, response.text
        assert response.location.endswith("/review")
        return self.get("/review")

    def submit(self):  # type: ignore[no-untyped-def]
        return self.post("/submit")

    def resume_token(self) -> str:
        """The private token, unsealed from the session cookie (which holds it encrypted)."""
        from webapp.questionnaire.session_token import unseal

        with self.client.session_transaction() as session:
            sealed = session["response_token"]
        with self.client.application.app_context():
            token = unseal(sealed)
        assert token, "the session holds no token of ours"
        return token


def only_response(app):  # type: ignore[no-untyped-def]
    """The one response in the database (fails when there are none or several)."""
    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        rows = db.session.execute(select(Response)).scalars().all()
        assert len(rows) == 1, rows
        db.session.expunge_all()
        return rows[0]


@contextmanager
def counted_queries(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """SQL statements sent while the block runs (transaction control excluded)."""
    from webapp.extensions import db

    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def only_record():  # type: ignore[no-untyped-def]
    """The one response, loaded in the session of the current app context (each app context has
    its own session: two nested contexts are two requests, or two tabs)."""
    from webapp.extensions import db
    from webapp.models import Response

    return db.session.execute(select(Response)).scalar_one()
