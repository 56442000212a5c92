"""Realistic synthetic responses for demos and benchmarks, scored by the real engine.

Respondents are drawn from personas: each issue has a centre (how favourable respondents are on
the whole) and each stakeholder group a tilt, in general and on the issues where it has a stake;
on a few contested issues the groups' tilts pull far apart, so those issues, and only those,
come out split. Each respondent strays a little from the persona's leaning, walks the
questionnaire's path with answers drawn around it (some personas favour particular answers, such
as exporters who say that trade needs sanctions relief), the engine scores them, and the rows
go in by bulk insert (one multi-row `INSERT` per batch).
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
from webapp.models import Response, ResponseStatus
from webapp.responses.scoring import result_columns

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
    "The Arctic Council working groups are the natural place to begin.",
    "We tried a joint project in 2019 and it worked well.",
    "Whatever happens, set the goal before the first meeting.",
)
# What each kind of respondent tends to write (the group's own pool, then the shared one).
GROUP_COMMENTS = {
    "exporter": ("Our members lost contracts to European competitors last year.",
                 "Sanctions compliance costs are the real barrier for small firms.",
                 "Without export credit the deals simply do not close."),
    "business_association": ("Our members need to know what is allowed before they invest time.",
                             "German and Finnish firms are back at the trade fairs; we are not."),
    "diaspora_organisation": ("Any contact must be coordinated with Ukraine and our allies.",
                              "Talks now would be read as rewarding aggression.",
                              "Our community would see this as a betrayal unless Ukraine agrees."),
    "ngo": ("Civil society contacts in Russia are under pressure; protect them first.",
            "Human rights must be on the agenda from the first meeting."),
    "university": ("Joint field research in the Arctic stopped in 2014 and our data series broke.",
                   "Graduate exchanges are the cheapest channel we have."),
    "province_territory": ("Northern regions share the same problems: permafrost, fisheries, remote health care.",
                           "Our premier would support regional ties if Ottawa gives the signal."),
    "federal_department": ("Officials' talks should come first, with a clear mandate.",
                           "Coordinate with the G7 before any announcement."),
    "independent_expert": ("Expect competition and cooperation at the same time.",
                           "Few people in Canada follow this closely enough to engage well."),
}


@dataclass(frozen=True)
class Persona:
    """How favourable one kind of respondent (a stakeholder group) is on one issue: a leaning from
    0 (against re-engaging) to 1 (for), around which each respondent's answers are drawn."""

    lean: float


# The issues of the brief's instrument: how favourable respondents are on the whole (others: drawn).
ISSUE_CENTRES = {
    "climate": 0.66, "health": 0.62, "arctic": 0.6, "academic_research": 0.6, "clean_tech": 0.57,
    "counter_terrorism": 0.55, "trade_value_added": 0.5, "regional_security": 0.46, "cyber": 0.34, "other": 0.5,
}
# Each group's tilt: in general, and on particular issues (its own stake in them).
GROUP_TILTS: dict[str, tuple[float, dict[str, float]]] = {
    "federal_department": (0.0, {"cyber": -0.08, "regional_security": 0.1}),
    "province_territory": (0.04, {"arctic": 0.12, "clean_tech": 0.08, "trade_value_added": 0.06}),
    "exporter": (0.06, {"trade_value_added": 0.12, "clean_tech": 0.12, "cyber": -0.04, "regional_security": 0.06}),
    "business_association": (0.05, {"trade_value_added": 0.1, "regional_security": 0.05}),
    "university": (0.05, {"academic_research": 0.15, "climate": 0.06, "health": 0.06}),
    "ngo": (-0.04, {"regional_security": -0.1, "trade_value_added": -0.1, "health": 0.06}),
    "diaspora_organisation": (-0.2, {"trade_value_added": -0.04, "regional_security": -0.02}),
    "independent_expert": (0.0, {"cyber": -0.06, "regional_security": 0.08}),
    "other": (0.0, {"trade_value_added": -0.06, "regional_security": -0.08}),
}
# Issues on which the groups' views pull far apart: their tilts are multiplied by this much.
CONTESTED = {"trade_value_added": 3.0, "regional_security": 3.0}
# Answers some personas give more often than their leaning alone would: exporters who say that
# trade needs sanctions relief hit the red line.
FAVOURED_ANSWERS: dict[tuple[str, str], dict[str, tuple[str, float]]] = {
    ("trade_value_added", "exporter"): {"sanctions_relief": ("needs_it", 0.3)},
    ("trade_value_added", "business_association"): {"sanctions_relief": ("needs_it", 0.2)},
    ("clean_tech", "exporter"): {"sanctions_relief": ("needs_it", 0.1)},
}
NOISE = 0.06  # how far one respondent strays from the persona's leaning
COMMENT_SHARE = 0.3


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
        favoured = FAVOURED_ANSWERS.get((issue, group), {})
        for question in self.instrument.questions.values():
            if question.id in self.profile_ids or not question.is_choice:
                continue
            value = self._choice(question, lean)
            if question.id in favoured and self.rng.random() < favoured[question.id][1]:
                value = favoured[question.id][0] if question.option(favoured[question.id][0]) else value
            if value is not None:
                answers[question.id] = value
        if self.rng.random() < 0.6 and "organisation" in self.instrument.questions:
            answers["organisation"] = self.rng.choice(ORGANISATIONS)
        for question in self.text_questions:
            if self.rng.random() < COMMENT_SHARE:
                own = GROUP_COMMENTS.get(group, ())
                answers[question.id] = self.rng.choice(own if own and self.rng.random() < 0.75 else COMMENTS)
        return on_path(self.instrument, answers)


def personas(instrument: Instrument, rng: random.Random) -> tuple[dict[tuple[str, str], Persona], list[str], list[str], list[float]]:
    """A persona per (issue, stakeholder group), the issues and groups, and issue weights (some
    issues draw more answers). Issues and groups the tables above do not know get a drawn centre
    and no tilt."""
    issues = [str(o.value) for o in instrument.question("issue").options]
    groups = [str(o.value) for o in instrument.question("stakeholder_group").options]
    centres = {issue: ISSUE_CENTRES.get(issue, rng.uniform(0.35, 0.7)) for issue in issues}
    weights = [rng.uniform(0.5, 3.0) for _ in issues]
    table = {}
    for issue in issues:
        for group in groups:
            general, specific = GROUP_TILTS.get(group, (0.0, {}))
            tilt = (general + specific.get(issue, 0.0)) * CONTESTED.get(issue, 1.0)
            table[(issue, group)] = Persona(min(0.95, max(0.05, centres[issue] + tilt)))
    return table, issues, groups, weights


def _reference() -> str:
    return "DEMO-" + secrets.token_hex(5).upper()


def _token_hash() -> str:
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


WORLD_SEED = 2020  # the issues' leanings and weights: the same in every batch, whatever its seed


def build_rows(instrument: Instrument, count: int, seed: int | str, draft_share: float = 0.05, days: int = 90):
    """Yield response rows, scored by the engine, ready to insert."""
    table, issues, groups, weights = personas(instrument, random.Random(WORLD_SEED))  # nosec B311 # synthetic demo data, seeded, not a secret
    rng = random.Random(seed)  # nosec B311 # synthetic demo data, seeded, not a secret
    sampler = AnswerSampler(instrument, rng)
    now = datetime.now(UTC)
    for _ in range(count):
        issue, group = rng.choices(issues, weights)[0], rng.choice(groups)
        lean = table[(issue, group)].lean + rng.gauss(0, NOISE)
        answers = sampler.answers(issue, group, min(0.95, max(0.05, lean)))
        row = _common_columns(instrument, answers, issue, group, rng, started=now - timedelta(days=rng.uniform(0, days)))
        if rng.random() < draft_share:
            yield {**row, **_draft_columns(instrument, answers, row["created_at"], rng)}
            continue
        result = score_clean(instrument, answers, with_firmness=False)
        finished = row["created_at"] + timedelta(minutes=rng.uniform(5, 40))
        submitted = {"status": ResponseStatus.SUBMITTED.value, "answers": answers, "current_step": None, "updated_at": finished}
        yield {**row, **submitted, "submitted_at": finished, **result_columns(instrument, answers, result)}


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
    unscored = dict.fromkeys(
        ("submitted_at", "benefit", "risk", "tier", "tier_rank", "scored_tier", "scored_tier_rank", "confidence", "criterion_scores", "called_for", "result")
    )
    return {
        "status": ResponseStatus.DRAFT.value,
        "answers": {k: v for k, v in answers.items() if k in kept_questions},
        "current_step": steps[cut],
        "updated_at": started + timedelta(minutes=rng.uniform(1, 30)),
        "gated": False,
        "free_text_answers": 0,
        **unscored,
    }


def _chunks(count: int, batch: int, seed: int) -> list[tuple[int, str]]:
    """(size, seed) of each batch: batch i always gets the same answers, with or without workers."""
    return [(min(batch, count - start), f"{seed}:{number}") for number, start in enumerate(range(0, count, batch))]


_worker_instrument: Instrument | None = None


def _load_worker(source: str) -> None:
    global _worker_instrument
    _worker_instrument = load_instrument(source)


def _build_chunk(job: tuple[int, str]) -> list[dict]:
    assert _worker_instrument is not None  # nosec B101 # set by the pool initialiser; a programming check
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


def _flush(pending: list[dict]) -> int:
    db.session.connection().execute(insert(Response), pending)
    db.session.commit()
    return len(pending)
