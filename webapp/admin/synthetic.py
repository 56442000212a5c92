"""Realistic synthetic responses for demos and benchmarks, scored by the real engine.

Each issue gets a leaning (how favourable respondents tend to be) and some issues are polarised
(respondents split into two camps); each stakeholder group shifts the leaning a little. Every
respondent walks the questionnaire's path with random answers drawn around that leaning, the
engine scores them, and the rows go in by bulk insert (`INSERT ... RETURNING` in batches).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from forms.answers import on_path, walk_path
from forms.conditions import AnswerValue
from forms.engine import score_clean
from forms.loader import load_instrument
from forms.model import Instrument, Option, Question
from webapp.extensions import db
from webapp.models import CriterionResult, Response, ResponseStatus
from webapp.responses.scoring import criterion_rows, result_columns

ORGANISATIONS = (
    "Northern Research Institute",
    "Prairie Exporters Association",
    "Atlantic Fisheries Council",
    "Office of Arctic Affairs",
    "Clean Cold Tech Inc.",
    "University of the North",
    "Civil Liberties Forum",
    "Ukrainian Canadian Heritage Society",
    "Yukon Economic Development",
    "Maple Machinery Ltd.",
    "Centre for Eurasian Studies",
    "Global Health Partners",
)
COMMENTS = (
    "Start with scientists and officials; keep it quiet at first.",
    "Our members lost contracts to European competitors last year.",
    "Any contact must be coordinated with Ukraine and our allies.",
    "The Arctic Council working groups are the natural place to begin.",
    "We tried a joint project in 2019 and it worked well.",
    "Sanctions compliance costs are the real barrier for small firms.",
)


@dataclass(frozen=True)
class Leaning:
    """How favourable respondents on an issue tend to be, and whether they split into camps."""

    centre: float
    polarised: bool


def favourability(instrument: Instrument, option: Option) -> float:
    """Benefit points minus risk points: how much an option argues for re-engaging."""
    return sum((1 if instrument.criterion(c).side == "benefit" else -1) * p for c, p in option.points.items())


class AnswerSampler:
    """Draws on-path answer sets around a leaning; option orders are computed once."""

    def __init__(self, instrument: Instrument, rng: random.Random) -> None:
        self.instrument = instrument
        self.rng = rng
        self.ordered = {
            q.id: sorted((o for o in q.options if not o.abstain), key=lambda o: favourability(instrument, o))
            for q in instrument.questions.values()
            if q.is_choice
        }
        profile = instrument.steps[0]
        self.text_questions = [q for q in instrument.questions.values() if not q.is_choice and q.id != "organisation"]
        self.profile_ids = {q.id for q in profile.questions if q.id in ("issue", "stakeholder_group", "organisation")}

    def _choice(self, question: Question, lean: float) -> AnswerValue | None:
        rng = self.rng
        if not question.required and rng.random() < 0.12:
            return None
        if any(o.abstain for o in question.options) and rng.random() < 0.04:
            return next(o.value for o in question.options if o.abstain)
        options = self.ordered[question.id]
        if question.type == "multiple":
            return self._multiple(question, lean)
        position = min(1.0, max(0.0, rng.gauss(lean, 0.18)))
        return options[round(position * (len(options) - 1))].value

    def _multiple(self, question: Question, lean: float) -> AnswerValue | None:
        """Options ticked around the leaning; an exclusive one ("None of these") only alone."""
        rng = self.rng
        options = [o for o in self.ordered[question.id] if not o.exclusive]
        chosen = {o.value for o in options if rng.random() < (lean if favourability(self.instrument, o) > 0 else 1 - lean)}
        if not chosen:
            alone = [o.value for o in self.ordered[question.id] if o.exclusive]
            chosen = {rng.choice(alone)} if alone else ({rng.choice(options).value} if question.required and options else set())
        values = tuple(o.value for o in question.options if o.value in chosen)
        return values or None

    def answers(self, issue: str, group: str, lean: float) -> dict[str, AnswerValue]:
        answers: dict[str, AnswerValue] = {"issue": issue, "stakeholder_group": group}
        for question in self.instrument.questions.values():
            if question.id in self.profile_ids or not question.is_choice:
                continue
            value = self._choice(question, lean)
            if value is not None:
                answers[question.id] = value
        if self.rng.random() < 0.6 and "organisation" in self.instrument.questions:
            answers["organisation"] = self.rng.choice(ORGANISATIONS)
        for question in self.text_questions:
            if self.rng.random() < 0.1:
                answers[question.id] = self.rng.choice(COMMENTS)
        return on_path(self.instrument, answers)


def leanings(instrument: Instrument, rng: random.Random) -> tuple[dict[str, Leaning], dict[str, float], list[float]]:
    """Per issue a leaning, per group a shift, and issue weights (some issues draw more answers)."""
    issues = [o.value for o in instrument.question("issue").options]
    groups = [o.value for o in instrument.question("stakeholder_group").options]
    by_issue = {str(i): Leaning(rng.uniform(0.2, 0.85), rng.random() < 0.3) for i in issues}
    shifts = {str(g): rng.gauss(0, 0.08) for g in groups}
    weights = [rng.uniform(0.5, 3.0) for _ in issues]
    return by_issue, shifts, weights


def _reference() -> str:
    return "DEMO-" + secrets.token_hex(5).upper()


def _token_hash() -> str:
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


WORLD_SEED = 2020  # the issues' leanings and weights: the same in every batch, whatever its seed


def build_rows(instrument: Instrument, count: int, seed: int | str, draft_share: float = 0.05, days: int = 90):  # type: ignore[no-untyped-def]
    """Yield (response row, criterion rows) pairs: scored by the engine, ready to insert."""
    by_issue, shifts, weights = leanings(instrument, random.Random(WORLD_SEED))
    rng = random.Random(seed)
    sampler = AnswerSampler(instrument, rng)
    issues, groups = list(by_issue), list(shifts)
    now = datetime.now(UTC)
    for _ in range(count):
        issue, group = rng.choices(issues, weights)[0], rng.choice(groups)
        leaning = by_issue[issue]
        centre = (0.15 if rng.random() < 0.5 else 0.9) if leaning.polarised else leaning.centre + shifts[group]
        answers = sampler.answers(issue, group, min(0.95, max(0.05, centre)))
        row = _common_columns(instrument, answers, issue, group, rng, started=now - timedelta(days=rng.uniform(0, days)))
        if rng.random() < draft_share:
            yield {**row, **_draft_columns(instrument, answers, row["created_at"], rng)}, []
            continue
        result = score_clean(instrument, answers, with_firmness=False)
        finished = row["created_at"] + timedelta(minutes=rng.uniform(5, 40))
        submitted = {"status": ResponseStatus.SUBMITTED.value, "answers": answers, "current_step": None, "updated_at": finished}
        yield {**row, **submitted, "submitted_at": finished, **result_columns(result)}, criterion_rows(result)


def _common_columns(instrument: Instrument, answers: dict, issue: str, group: str, rng: random.Random, started: datetime) -> dict:
    """The columns of a demo response, draft or submitted."""
    return {
        "reference": _reference(),
        "token_hash": _token_hash(),
        "instrument_slug": instrument.slug,
        "instrument_version": instrument.version,
        "language": "fr" if rng.random() < 0.15 else "en",
        "issue": issue,
        "stakeholder_group": group,
        "organisation": answers.get("organisation"),
        "anonymised": False,
        "created_at": started,
    }


def _draft_columns(instrument: Instrument, answers: dict, started: datetime, rng: random.Random) -> dict:
    """A draft stopped at a random step on its path: the answers before it, no result."""
    steps = [step.id for step, _ in walk_path(instrument, answers)]
    cut = rng.randrange(1, len(steps))
    kept_questions = {q.id for step in instrument.steps[:cut] for q in step.questions}
    unscored = dict.fromkeys(("submitted_at", "benefit", "risk", "tier", "tier_rank", "scored_tier", "scored_tier_rank", "confidence", "result"))
    return {
        "status": ResponseStatus.DRAFT.value,
        "answers": {k: v for k, v in answers.items() if k in kept_questions},
        "current_step": steps[cut],
        "updated_at": started + timedelta(minutes=rng.uniform(1, 30)),
        "gated": False,
        **unscored,
    }


def _chunks(count: int, batch: int, seed: int) -> list[tuple[int, str]]:
    """(size, seed) of each batch: batch i always gets the same answers, with or without workers."""
    return [(min(batch, count - start), f"{seed}:{number}") for number, start in enumerate(range(0, count, batch))]


_worker_instrument: Instrument | None = None


def _load_worker(source: str) -> None:
    global _worker_instrument
    _worker_instrument = load_instrument(source)


def _build_chunk(job: tuple[int, str]) -> list[tuple[dict, list[dict]]]:
    assert _worker_instrument is not None
    return list(build_rows(_worker_instrument, *job))


def insert_synthetic(
    instrument: Instrument,
    count: int,
    seed: int = 2020,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> int:
    """Score and bulk-insert `count` synthetic responses; returns how many were inserted.

    With `workers` > 1, batches are answered and scored in that many processes (the engine is
    the slow part) while this one inserts; the answers are the same either way.
    """
    done = 0
    jobs = _chunks(count, batch, seed)
    if workers > 1 and len(jobs) > 1 and instrument.source:
        context = multiprocessing.get_context("spawn")  # never fork a process holding database connections
        with context.Pool(workers, initializer=_load_worker, initargs=(instrument.source,)) as pool:
            for rows in pool.imap(_build_chunk, jobs):
                done += _flush(rows)
                if progress:
                    progress(done)
        return done
    for size, chunk_seed in jobs:
        done += _flush(list(build_rows(instrument, size, chunk_seed)))
        if progress:
            progress(done)
    return done


def _flush(pending: list[tuple[dict, list[dict]]]) -> int:
    connection = db.session.connection()
    statement = insert(Response).returning(Response.id, sort_by_parameter_order=True)
    ids = connection.execute(statement, [row for row, _ in pending]).scalars().all()
    criteria = [{**c, "response_id": response_id} for response_id, (_, rows) in zip(ids, pending, strict=True) for c in rows]
    if criteria:
        connection.execute(insert(CriterionResult), criteria)
    db.session.commit()
    return len(pending)
