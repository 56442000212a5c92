"""The instrument's outline for authors (`flask instrument outline`): steps, questions, what each
scores, and how often each channel and safeguard fires in the specificity sample."""

from __future__ import annotations

from forms.i18n import text_for
from forms.model import Instrument
from forms.specificity import measure


def outline(instrument: Instrument, language: str = "en") -> str:
    """A plain-text outline: steps, questions, which criteria each scores, and the conditions."""
    t = lambda text: text_for(text, language)  # noqa: E731
    lines = [f"{t(instrument.title)} ({instrument.slug}, version {instrument.version})", ""]
    for number, step in enumerate(instrument.steps, 1):
        condition = " [conditional]" if step.show_if else ""
        lines.append(f"Step {number}: {t(step.title)}{condition}")
        for question in step.questions:
            flags = ["required" if question.required else "optional", question.type]
            if question.show_if:
                flags.append("conditional")
            scores = f"scores {', '.join(sorted(question.scored_criteria))}" if question.scored_criteria else "unscored"
            lines.append(f"  - {question.id}: {t(question.label)} ({', '.join(flags)}; {scores})")
    lines.append("")
    lines.append("Criteria: " + ", ".join(f"{c.id} {t(c.title)} (x{c.weight:g})" for c in instrument.criteria))
    lines.append("Tiers: " + " < ".join(t(tier.title) for tier in instrument.tiers))
    lines.append("Channels: " + ", ".join(a.id for a in instrument.channels) + "; safeguards: " + ", ".join(a.id for a in instrument.safeguards))
    if instrument.principles:
        lines.append("Standing principles (stated on every result): " + ", ".join(p.id for p in instrument.principles))
    lines.extend(["", *specificity_lines(instrument, language)])
    return "\n".join(lines)


def specificity_lines(instrument: Instrument, language: str = "en") -> list[str]:
    """How often each channel and safeguard fires in a seeded sample, and how many per result."""
    figures = measure(instrument)
    weakest = text_for(instrument.tiers[0].title, language)
    lines = [
        f"How often each fires, in {figures.counted} of {figures.sampled} sampled results that are not gated "
        f"and above '{weakest}' (every issue with every stakeholder group):"
    ]
    for action in instrument.actions:
        lines.append(f"  {action.id:<4} {figures.share[action.id]:>4.0%}  {text_for(action.title, language)}")
    lines.append(f"Mean per result: {figures.mean_channels:.1f} channels, {figures.mean_safeguards:.1f} safeguards")
    if figures.always_together:
        lines.append("Always together: " + ", ".join(f"{a}+{b}" for a, b in figures.always_together))
    return lines
