"""Fixtures for the report: instruments, answer sets per case, and renders memoised per session."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from forms.engine import score_answers
from forms.loader import InstrumentError, default_instrument_path, load_instrument, parse_instrument
from forms.model import Instrument
from forms.result import Result
from reports.context import ReportMeta
from reports.fetcher import PackageFetcher
from reports.pdf import render_recommendation_pdf

FIXTURES = Path(__file__).parent.parent / "fixtures"
REFERENCE = "RE-2025-000123"

# Mini answer sets, one per case; `test_answer_sets_reach_their_case` proves each does what it says.
_BASE = {"issue": "arctic", "stakeholder_group": "ngo", "sanctions": "no"}
MINI_ANSWERS: dict[str, dict] = {
    "hold": {**_BASE, "interest": 1, "security": "high"},
    "informal": {**_BASE, "interest": 1, "security": "low"},
    "officials": {**_BASE, "interest": 2, "security": "low"},
    "pragmatic": {**_BASE, "interest": 3, "security": "low", "partners": ["us", "eu"], "organisation": "Arctic Institute"},
    "gated": {**_BASE, "interest": 3, "security": "low", "sanctions": "yes"},
    # Trade step shown; every optional question left blank, one "I don't know".
    "skipped": {
        "issue": "trade",
        "stakeholder_group": "exporter",
        "interest": "dont_know",
        "sanctions": "maybe",
        "security": "high",
        "competitors": "yes",
    },
}

HOSTILE = (
    '<script>alert("pwned")</script> <img src=http://evil/x> <a href="http://evil/a">click</a> '
    "url(http://evil/) @import 'http://evil/i.css'; <link rel=stylesheet href=file:///etc/passwd> "
    "file:///etc/passwd <style>body{background:url(http://evil/bg)}</style> &amp; </dd></dl>"
)


def make_meta(**overrides: object) -> ReportMeta:
    values: dict = {
        "reference": REFERENCE,
        "created_at": datetime(2025, 11, 25, 10, 30, tzinfo=UTC),
        "issue_label": "Arctic",
        "group_label": "NGO",
        "organisation": None,
        "language": "en",
    }
    values.update(overrides)
    return ReportMeta(**values)


def long_text(length: int = 5000) -> str:
    """Paragraphs of prose plus one unbroken 300-character token; at most `length` characters, ending "END"."""
    sentence = "The Arctic Council kept a channel open when little else did, and regional partners still call. "
    body = "https://example.org/" + "x" * 280 + "\n\n"
    count = 0
    while len(body) < length:
        count += 1
        body += sentence + ("\n\n" if count % 5 == 0 else "")
    return body[: length - 4].rstrip() + " END"


@dataclass
class Rendered:
    pdf: bytes
    fetcher: PackageFetcher
    result: Result
    reader: PdfReader = field(init=False)
    _texts: list[str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.reader = PdfReader(io.BytesIO(self.pdf))

    @property
    def pages(self) -> list[str]:
        """Each page's text with whitespace collapsed (pypdf breaks lines where the layout does)."""
        if self._texts is None:
            self._texts = [re.sub(r"\s+", " ", page.extract_text() or "") for page in self.reader.pages]
        return self._texts

    @property
    def text(self) -> str:
        return " ".join(self.pages)


@pytest.fixture(scope="session")
def mini() -> Instrument:
    return load_instrument(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def mini_long_notes() -> Instrument:
    """The mini instrument with a 5000-character textarea, the loader's default limit."""
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    assert "max_length: 300" in text
    return parse_instrument(text.replace("max_length: 300", "max_length: 5000"), str(FIXTURES / "mini.yaml"))


@pytest.fixture(scope="session")
def brief_instrument() -> Instrument:
    """The brief's instrument; it is still being written, so a broken or missing file skips."""
    try:
        return load_instrument(default_instrument_path())
    except InstrumentError as error:
        pytest.skip(f"brief instrument not loadable yet: {error}")


@pytest.fixture(scope="session")
def render_memo() -> Callable[..., Rendered]:
    """Render once per distinct case per session: each PDF serves many assertions."""
    memo: dict[str, Rendered] = {}

    def render(key: str, instrument: Instrument, answers: dict, meta: ReportMeta | None = None, **options: object) -> Rendered:
        if key not in memo:
            result = score_answers(instrument, answers)
            fetcher = PackageFetcher()
            pdf = render_recommendation_pdf(instrument, result, meta or make_meta(), fetcher=fetcher, **options)
            memo[key] = Rendered(pdf, fetcher, result)
        return memo[key]

    return render


@pytest.fixture(scope="session")
def mini_case(mini: Instrument, render_memo: Callable[..., Rendered]) -> Callable[[str], Rendered]:
    """`mini_case("hold")`: the mini instrument rendered for one of MINI_ANSWERS."""
    return lambda case: render_memo(f"mini-{case}", mini, MINI_ANSWERS[case])
