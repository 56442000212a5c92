"""A stakeholder's browser in a few lines of the standard library: cookies, CSRF tokens, forms.

The benchmarks use it to prepare drafts and submissions over real HTTP, and to fill the whole
questionnaire concurrently. It reads each step page for the questions shown (the path depends on
earlier answers) and answers them from a dict, falling back to each question's first option.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from forms.model import Instrument

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FIELD = re.compile(r'<(?:input|textarea)\b[^>]*\bname="([^"]+)"[^>]*>')
REFERENCE = re.compile(r'class="reference">([^<]+)<')


class FlowError(RuntimeError):
    """The server answered something a stakeholder would not expect (status, page)."""


class StakeholderClient:
    """One visitor: its own cookie jar, following redirects like a browser."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.timeout = timeout
        self.url = ""
        self.html = ""

    def get(self, path: str) -> str:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields: list[tuple[str, str]]) -> str:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=data, method="POST"))

    def _open(self, request: urllib.request.Request) -> str:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                self.url, self.html = response.geturl(), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            raise FlowError(f"{request.get_method()} {request.full_url}: HTTP {error.code}") from error
        return self.html

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    def csrf_token(self) -> str:
        match = CSRF.search(self.html)
        if match is None:
            raise FlowError(f"no CSRF token on {self.url}")
        return match.group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    # ---------------------------------------------------------------- the questionnaire
    def start(self) -> str:
        """Open the start page and press "Start now": a new draft; returns the first step's path."""
        self.get("/")
        self.post("/start", [("csrf_token", self.csrf_token())])
        if not self.path.startswith("/step/"):
            raise FlowError(f"start led to {self.url}")
        return self.path

    def step_fields(self, instrument: Instrument, answers: dict) -> list[tuple[str, str]]:
        """The form of the step page on screen, answered: its CSRF token and every question shown."""
        fields = [("csrf_token", self.csrf_token()), ("action", "next")]
        for name in dict.fromkeys(FIELD.findall(self.html)):
            if name == "csrf_token":
                continue
            value = answers.get(name, _fallback(instrument, name))
            values = value if isinstance(value, (list, tuple)) else [value]
            fields += [(name, str(v)) for v in values]
        return fields

    def answer_steps(self, instrument: Instrument, answers: dict, until: str | None = None) -> None:
        """Answer step after step ("Save and continue") until the review page, or until the step `until`."""
        for _ in range(len(instrument.steps) + 1):
            if not self.path.startswith("/step/") or self.path == until:
                break
            here = self.path
            self.post(here, self.step_fields(instrument, answers))
            if self.path == here:
                raise FlowError(f"{here} refused the answers")
        if until is None and self.path != "/review":
            raise FlowError(f"expected the review page, got {self.url}")

    def submit(self) -> str:
        """Press "Submit your answers" on the review page; returns the reference shown on the result."""
        self.post("/submit", [("csrf_token", self.csrf_token())])
        match = REFERENCE.search(self.html)
        if self.path != "/result" or match is None:
            raise FlowError(f"submission led to {self.url}")
        return match.group(1).strip()

    def complete(self, instrument: Instrument, answers: dict) -> str:
        """A whole questionnaire: start, every step, submit; returns the reference."""
        self.start()
        self.answer_steps(instrument, answers)
        return self.submit()


def _fallback(instrument: Instrument, name: str) -> object:
    question = instrument.questions.get(name)
    if question is None or not question.is_choice:
        return "Benchmark answer."
    first = question.options[0].value
    return [first] if question.type == "multiple" else first
