"""How firm a result is: exact margins, stability under the weights, and what drove it.

A side's score is a weighted mean of its criteria, so with one weight w_k scaled by f the score
is (A + f w_k s_k) / (W + f w_k): monotone in f, and it meets a threshold t at the root of a
linear equation, f = (t W - A) / (w_k (s_k - t)). Margins are those roots, not a search. The
answer changes that would move the tier live in `forms.firmness_changes`.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from operator import itemgetter, mul

from forms.firmness_changes import Rescore, answer_changes, outcome_of, rescoping_changes
from forms.firmness_model import Contribution, Firmness, Margin, Shift, Stability, Suggestion
from forms.model import Instrument, Matrix
from forms.result import Result

STABILITY_SAMPLES = 1000
STABILITY_SPREAD = 0.25
STABILITY_SEED = 2020


def assess_firmness(instrument: Instrument, result: Result, rescore: Rescore = outcome_of) -> Firmness:
    """The firmness of `result`; `rescore` scores changed answers to check each suggested change."""
    gated = result.gated
    criteria = [(c.id, c.side, c.weight, c.score) for c in result.criteria]
    base_tier = _tier_of(instrument.matrix, criteria)
    if gated:
        weights: tuple[Margin, ...] = ()
        thresholds: tuple[Margin, ...] = ()
        up: tuple[Suggestion, ...]
        down: tuple[Suggestion, ...]
        stability = Stability(1.0, STABILITY_SAMPLES, STABILITY_SAMPLES, STABILITY_SPREAD, STABILITY_SEED)
        up, down, rescoping = (), (), rescoping_changes(instrument, result, rescore)
    else:
        weights = weight_margins(instrument, result)
        thresholds = threshold_margins(instrument, result)
        stability = weight_stability(instrument.matrix, criteria, base_tier)
        up, down = answer_changes(instrument, result, rescore)
        rescoping = ()
    return Firmness(
        tier=result.tier,
        decided_by_red_line=gated,
        weights=weights,
        thresholds=thresholds,
        stability=stability,
        up=up,
        down=down,
        rescoping=rescoping,
        contributions=contributions(result),
    )


# ---------------------------------------------------------------- the tier from criterion scores
def _side(criteria: list[tuple[str, str, float, float | None]], side: str) -> float | None:
    scored = [(w, s) for _, sd, w, s in criteria if sd == side and s is not None and w]
    total = sum(w for w, _ in scored)
    return sum(w * s for w, s in scored) / total if total else None


def _tier_of(matrix: Matrix, criteria: list[tuple[str, str, float, float | None]]) -> str:
    """The matrix tier, judged as the engine does (an unscored side counts as its worst value)."""
    benefit, risk = _side(criteria, "benefit"), _side(criteria, "risk")
    return matrix.tier_for(0.0 if benefit is None else benefit, 100.0 if risk is None else risk)


def tier_under_weights(instrument: Instrument, result: Result, weights: Mapping[str, float]) -> str:
    """The tier `result` would have with other criterion weights (the red line still decides)."""
    if result.gated:
        return result.tier
    criteria = [(c.id, c.side, weights.get(c.id, c.weight), c.score) for c in result.criteria]
    return _tier_of(instrument.matrix, criteria)


def tier_under_thresholds(instrument: Instrument, result: Result, benefit: tuple[float, ...], risk: tuple[float, ...]) -> str:
    """The tier `result` would have with other tier thresholds."""
    if result.gated:
        return result.tier
    matrix = Matrix(benefit, risk, instrument.matrix.cells)
    return _tier_of(matrix, [(c.id, c.side, c.weight, c.score) for c in result.criteria])


# ---------------------------------------------------------------- margins
def weight_margins(instrument: Instrument, result: Result) -> tuple[Margin, ...]:
    """For each criterion weight, the smallest relative change up and down that moves the tier."""
    matrix = instrument.matrix
    base_tier = _tier_of(matrix, [(c.id, c.side, c.weight, c.score) for c in result.criteria])
    margins = []
    for criterion in result.criteria:
        others = [c for c in result.criteria if c.side == criterion.side and c.id != criterion.id and c.score is not None and c.weight]
        rest_weight = sum(c.weight for c in others)
        up = down = None
        if criterion.score is not None and criterion.weight and rest_weight:
            rest_sum = sum(c.weight * (c.score or 0.0) for c in others)
            crossings = _weight_crossings(matrix, result, criterion.side, criterion.weight, criterion.score, rest_sum, rest_weight)
            up = _first_move(instrument, base_tier, [(change, tier, reached) for way, change, tier, reached in crossings if way == "up"])
            down = _first_move(instrument, base_tier, [(change, tier, reached) for way, change, tier, reached in crossings if way == "down"])
        margins.append(Margin("weight", criterion.id, criterion.title, criterion.weight, up, down))
    return tuple(margins)


def _weight_crossings(
    matrix: Matrix, result: Result, side: str, weight: float, score: float, rest_sum: float, rest_weight: float
) -> list[tuple[str, float, str, bool]]:
    """Where the side's score meets each threshold as one weight changes: (way, change, tier past it, reached).

    The score moves towards the criterion's own score as its weight grows and away from it as it
    shrinks. A threshold at or below the side's score is crossed when the score falls below it;
    one above, when the score reaches it (a score equal to a threshold is in the band above).
    """
    thresholds = matrix.benefit_thresholds if side == "benefit" else matrix.risk_thresholds
    band = _bands(matrix, result)[0 if side == "benefit" else 1]
    crossings = []
    for position, threshold in enumerate(thresholds):
        if score == threshold:
            continue
        factor = (threshold * rest_weight - rest_sum) / (weight * (score - threshold))
        rising = position >= band
        way = "up" if (score > threshold) == rising else "down"
        if factor < 0 or (way == "down" and factor == 0 and not rising):
            continue  # a weight cannot go below zero
        after = position + 1 if rising else position
        crossings.append((way, abs(factor - 1.0), _cell(matrix, result, side, after), rising))
    return crossings


def _cell(matrix: Matrix, result: Result, side: str, band: int) -> str:
    benefit_band, risk_band = _bands(matrix, result)
    return matrix.cells[risk_band][band] if side == "benefit" else matrix.cells[band][benefit_band]


def _bands(matrix: Matrix, result: Result) -> tuple[int, int]:
    return matrix.bands(0.0 if result.benefit is None else result.benefit, 100.0 if result.risk is None else result.risk)


def _first_move(instrument: Instrument, base_tier: str, moves: list[tuple[float, str, bool]]) -> Shift | None:
    """The smallest change whose tier differs from `base_tier` (a crossing into a band of the same tier does not count)."""
    for change, tier, reached in sorted(moves):
        if tier != base_tier:
            return Shift(change, tier, instrument.tier(tier).rank, instrument.tier(tier).title, reached)
    return None


def threshold_margins(instrument: Instrument, result: Result) -> tuple[Margin, ...]:
    """For each tier threshold, the smallest relative change up and down that moves the tier.

    Only the thresholds either side of a score can move it: the others would have to pass them.
    Raising the one below a score moves the score down a band once it passes the score; lowering
    the one above it moves it up a band on reaching it.
    """
    matrix = instrument.matrix
    base_tier = _tier_of(matrix, [(c.id, c.side, c.weight, c.score) for c in result.criteria])
    margins = []
    for side, thresholds, score in (
        ("benefit", matrix.benefit_thresholds, 0.0 if result.benefit is None else result.benefit),
        ("risk", matrix.risk_thresholds, 100.0 if result.risk is None else result.risk),
    ):
        band = bisect_right(thresholds, score)
        for position, threshold in enumerate(thresholds):
            up = down = None
            if threshold > 0 and position == band - 1:
                up = _first_move(instrument, base_tier, [((score - threshold) / threshold, _cell(matrix, result, side, band - 1), False)])
            elif threshold > 0 and position == band:
                down = _first_move(instrument, base_tier, [((threshold - score) / threshold, _cell(matrix, result, side, band + 1), True)])
            margins.append(Margin(f"{side}_threshold", str(position + 1), None, threshold, up, down))
    return tuple(margins)


# ---------------------------------------------------------------- stability
@lru_cache(maxsize=16)
def _factor_samples(count: int, samples: int, spread: float, seed: int) -> tuple[tuple[float, ...], ...]:
    """Seeded weight factors, each uniform within 1 ± spread: the same for every result."""
    rng = random.Random(seed)  # nosec B311 # seeded weight factors, reproducible by design, not a secret
    return tuple(tuple(rng.uniform(1.0 - spread, 1.0 + spread) for _ in range(count)) for _ in range(samples))


def weight_stability(matrix: Matrix, criteria: list[tuple[str, str, float, float | None]], base_tier: str) -> Stability:
    """Share of sampled weight vectors that keep `base_tier`.

    When even the extreme weights of the box keep each side's score in its band, every sample
    keeps the tier: the share is 1 without drawing them.
    """
    factors = _factor_samples(len(criteria), STABILITY_SAMPLES, STABILITY_SPREAD, STABILITY_SEED)
    benefit, risk = _scored(criteria, "benefit"), _scored(criteria, "risk")
    if _stays_in_band(matrix.benefit_thresholds, benefit) and _stays_in_band(matrix.risk_thresholds, risk):
        return Stability(1.0, len(factors), len(factors), STABILITY_SPREAD, STABILITY_SEED)
    (b_pick, b_ws, b_w), (r_pick, r_ws, r_w) = benefit, risk
    kept = 0
    for sample in factors:
        kept += matrix.tier_for(_mean(b_pick(sample), b_ws, b_w, 0.0), _mean(r_pick(sample), r_ws, r_w, 100.0)) == base_tier
    return Stability(kept / len(factors), kept, len(factors), STABILITY_SPREAD, STABILITY_SEED)


# One side's scored criteria: (pick their factors from a sample, w*s per criterion, w per criterion).
_Side = tuple[Callable[[tuple[float, ...]], tuple[float, ...]], list[float], list[float]]


def _scored(criteria: list[tuple[str, str, float, float | None]], side: str) -> _Side:
    """The side's criteria that have a score and a weight, ready for `_mean`."""
    scored = [(i, w, s) for i, (_, sd, w, s) in enumerate(criteria) if sd == side and s is not None and w]
    indexes = [i for i, _, _ in scored]
    pick: Callable[[tuple[float, ...]], tuple[float, ...]]
    if len(indexes) > 1:
        pick = itemgetter(*indexes)
    else:
        pick = lambda sample: tuple(sample[i] for i in indexes)  # noqa: E731
    return pick, [w * s for _, w, s in scored], [w for _, w, _ in scored]


def _mean(factors: Iterable[float], ws: list[float], w: list[float], empty: float) -> float:
    return sum(map(mul, factors, ws)) / sum(map(mul, factors, w)) if w else empty


def _stays_in_band(thresholds: tuple[float, ...], scored: _Side) -> bool:
    """Whether a side's score stays in its band for every weight vector of the box.

    A weighted mean is highest with the weights of the criteria above some cut at their top and
    the others at their bottom (lowest the other way round), so trying every cut bounds it.
    """
    _, ws, w = scored
    if not w:
        return True
    scores = [x / y for x, y in zip(ws, w, strict=True)]
    low_f, high_f = 1.0 - STABILITY_SPREAD, 1.0 + STABILITY_SPREAD
    extremes = []
    for cut in [*sorted(set(scores)), float("inf")]:
        extremes.append(_mean([high_f if s >= cut else low_f for s in scores], ws, w, 0.0))
        extremes.append(_mean([low_f if s >= cut else high_f for s in scores], ws, w, 0.0))
    return bisect_right(thresholds, min(extremes)) == bisect_right(thresholds, max(extremes))


# ---------------------------------------------------------------- contributions
def contributions(result: Result) -> tuple[Contribution, ...]:
    """Each answer's points in the benefit and the risk score; they add up to each score.

    A criterion's score is the weighted mean of its answers' points and a side's score the
    weighted mean of its criteria, so an answer gives a side (w_c / W) * (v_q * p_qc / V_c) for
    each criterion c it scores.
    """
    side_weight = {side: sum(c.weight for c in result.criteria if c.side == side and c.score is not None) for side in ("benefit", "risk")}
    points: dict[str, dict[str, float]] = {}
    labels: dict[str, tuple] = {}
    for criterion in result.criteria:
        answered = sum(d.weight for d in criterion.drivers)
        if criterion.score is None or not answered or not side_weight[criterion.side]:
            continue
        share = criterion.weight / side_weight[criterion.side]
        for driver in criterion.drivers:
            entry = points.setdefault(driver.question, {"benefit": 0.0, "risk": 0.0})
            entry[criterion.side] += share * driver.weight * driver.points / answered
            labels[driver.question] = (driver.label, driver.answer_labels)
    found = [Contribution(q, labels[q][0], labels[q][1], p["benefit"], p["risk"]) for q, p in points.items()]
    found.sort(key=lambda c: -c.size)
    return tuple(found)
