"""`flask instrument ...`: validate, outline and score instruments from the command line."""

from __future__ import annotations

import json
import sys

import click
import yaml

from forms.answers import AnswersError
from forms.checks import check_instrument
from forms.engine import score_answers
from forms.i18n import text_for
from forms.loader import InstrumentError, default_instrument_path, load_instrument
from forms.outline import outline

instrument_cli = click.Group("instrument", help="Validate, outline and score instruments.")


def _load(path: str | None):
    try:
        return load_instrument(path or default_instrument_path())
    except InstrumentError as error:
        click.echo(f"Refused: {error}", err=True)
        sys.exit(1)


@instrument_cli.command("validate")
@click.argument("path", required=False)
def validate(path: str | None) -> None:
    """Check an instrument file's shape and its scoring model; print what was found."""
    instrument = _load(path)
    click.echo(f"{instrument.source}: {instrument.slug} version {instrument.version}: file is well formed")
    findings = check_instrument(instrument)
    for finding in findings:
        click.echo(str(finding))
    failed = [f for f in findings if not f.ok]
    if failed:
        click.echo(f"Refused: {len(failed)} problem(s) in the scoring model.", err=True)
        sys.exit(1)
    click.echo("Valid.")


@instrument_cli.command("outline")
@click.argument("path", required=False)
def print_outline(path: str | None) -> None:
    """Print the steps, questions and what each scores."""
    click.echo(outline(_load(path)))


@instrument_cli.command("score")
@click.argument("answers_file", type=click.File("r"))
@click.option("--instrument", "path", help="Instrument file (default: the brief's).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def score(answers_file, path: str | None, as_json: bool) -> None:
    """Score an answers file (JSON or YAML: {question_id: value} or {"answers": {...}})."""
    instrument = _load(path)
    try:
        data = yaml.safe_load(answers_file)
    except yaml.YAMLError as error:
        click.echo(f"Refused: {answers_file.name} is not valid JSON or YAML: {error}", err=True)
        sys.exit(1)
    answers = data.get("answers", data) if isinstance(data, dict) else data
    try:
        result = score_answers(instrument, answers)
    except AnswersError as error:
        for problem in error.problems:
            click.echo(f"Refused: {problem.message()}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(render_text(result))


def render_text(result) -> str:
    t = text_for
    lines = [
        f"Tier: {t(result.tier_title)}"
        + (f"  [RED LINE HIT; tier from the scores alone, before the red line: {t(result.scored_tier_title)}]" if result.gated else ""),
        f"Verdict: {t(result.verdict)}",
        *(f"Next: {t(step)}" for step in result.next_steps),
        f"Benefit {_fmt(result.benefit)} / risk {_fmt(result.risk)}   confidence {result.confidence.share:.0%}",
        "",
        "Criteria:",
    ]
    for criterion in result.criteria:
        drivers = ", ".join(f"{d.question}={d.points:g}" for d in criterion.drivers) or "no answer"
        lines.append(f"  {criterion.id:<3} {_fmt(criterion.score):>5}  {t(criterion.title)}  ({drivers})")
    for gate in result.gates:
        lines.append(f"Red line {gate.id}: {t(gate.message)}")
    for heading, items in (("Channels", result.channels), ("Safeguards", result.safeguards)):
        lines.append("")
        lines.append(f"{heading}:")
        for item in items:
            lines.append(f"  {item.id} {t(item.title)}: " + " ".join(t(r.text) for r in item.reasons))
    if result.principles:
        lines.append("")
        lines.append("Principles for every engagement: " + "; ".join(t(p.title) for p in result.principles))
    if result.confidence.blank:
        lines.append("")
        lines.append("Left blank: " + ", ".join(result.confidence.blank))
    lines.append(f"Instrument {result.record.instrument} {result.record.instrument_version}, engine {result.record.engine_version}")
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
