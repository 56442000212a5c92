"""The brief's instrument is bilingual: every user-facing text has a French version.

A later edit that adds or rewrites an English text without its `fr:` fails here, naming the place.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping

import pytest

from forms.loader import default_instrument_path, load_instrument
from forms.model import Instrument

NBSP = "\u00a0"  # no-break space: before a colon, inside « »
NNBSP = "\u202f"  # narrow no-break space: before ; ? !


def texts(instrument: Instrument) -> Iterator[tuple[str, Mapping[str, str]]]:
    """Every Text map of the instrument, with a readable place, listed by hand from the model."""
    yield "title", instrument.title
    yield "description", instrument.description
    yield "brief.title", instrument.brief.title
    for section in instrument.brief.sections:
        yield f"brief.sections[{section.id}].title", section.title
    for criterion in instrument.criteria:
        yield f"criteria[{criterion.id}].title", criterion.title
        yield f"criteria[{criterion.id}].description", criterion.description
    for step in instrument.steps:
        yield f"steps[{step.id}].title", step.title
        if step.intro is not None:
            yield f"steps[{step.id}].intro", step.intro
        for question in step.questions:
            yield f"questions[{question.id}].label", question.label
            if question.help is not None:
                yield f"questions[{question.id}].help", question.help
            for key in ("short_label", "error"):
                if getattr(question, key) is not None:
                    yield f"questions[{question.id}].{key}", getattr(question, key)
            for option in question.options:
                yield f"questions[{question.id}].options[{option.value}].label", option.label
    for gate in instrument.gates:
        yield f"gates[{gate.id}].title", gate.title
        yield f"gates[{gate.id}].message", gate.message
        yield f"gates[{gate.id}].next_steps", gate.next_steps
    for tier in instrument.tiers:
        yield f"tiers[{tier.id}].title", tier.title
        yield f"tiers[{tier.id}].verdict", tier.verdict
        for role, text in tier.next_steps.items():
            yield f"tiers[{tier.id}].next_steps.{role}", text
    for kind, actions in (("channels", instrument.channels), ("safeguards", instrument.safeguards), ("principles", instrument.principles)):
        for action in actions:
            yield f"{kind}[{action.id}].title", action.title
            yield f"{kind}[{action.id}].description", action.description
            for role, text in (action.first_step or {}).items():
                yield f"{kind}[{action.id}].first_step.{role}", text
            for rule in action.rules:
                yield f"{kind}[{action.id}].rules[{rule.id}].reason", rule.reason


def every_text_map(value: object, seen: set[int] | None = None) -> Iterator[Mapping[str, str]]:
    """Any language map anywhere in the model (a mapping with an 'en' key), found by walking it."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if not field.name.startswith("_"):
                yield from every_text_map(getattr(value, field.name), seen)
    elif isinstance(value, Mapping):
        if "en" in value:
            yield value
        else:
            for item in value.values():
                yield from every_text_map(item, seen)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from every_text_map(item, seen)


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument(default_instrument_path())


def test_every_text_has_french(instrument):
    listed = list(texts(instrument))
    missing = [place for place, text in listed if not (text.get("fr") or "").strip()]
    assert not missing, f"no French for: {missing}"
    assert len(listed) > 300  # the brief's instrument has some 400 texts


def test_the_list_above_covers_every_text_in_the_model(instrument):
    """A new Text field in forms.model must be added to `texts()` (and so be checked for French)."""
    listed = {id(text) for _, text in texts(instrument)}
    found = list(every_text_map(instrument))
    assert found, "the walker found no texts"
    unlisted = [dict(text) for text in found if id(text) not in listed]
    assert not unlisted, f"texts not covered by texts(): {unlisted[:5]}"
    assert all((text.get("fr") or "").strip() for text in found)


def test_french_follows_french_typography(instrument):
    """No plain space before : ; ? ! or inside « » (the non-breaking space keeps them on the line)."""
    faults = []
    for place, text in texts(instrument):
        french = text.get("fr", "")
        if re.search(r" [:;?!»]", french) or "« " in french or '"' in french:
            faults.append((place, french))
        if re.search(r"[^\s\u00a0\u202f][;?!»]", french) or re.search(r"[^\s\u00a0\u202f\d]:", french):
            faults.append((place, french))
        if re.search(r"«[^\u00a0\u202f]", french):
            faults.append((place, french))
        if " - " in french:  # the English texts' spaced hyphen is not French punctuation
            faults.append((place, french))
    assert not faults, faults


def test_french_spacing_is_canadian(instrument):
    """Canadian usage: a narrow no-break space before ; ? ! and a no-break space before : and inside « »."""
    faults = []
    for place, text in texts(instrument):
        french = text.get("fr", "")
        if re.search(r"[^\u202f][;?!]", french) or re.search(rf"[^{NBSP}\d]:(?!\d)", french):
            faults.append((place, french))
        if re.search(rf"«[^{NBSP}]|[^{NBSP}]»", french):
            faults.append((place, french))
    assert not faults, faults


def test_french_uses_one_term_per_english_term(instrument):
    """The weakest tier is « Retenue » everywhere, and the population is named inclusively."""
    assert instrument.tiers[0].title["fr"] == "Retenue"
    every = " ".join(text.get("fr", "") for _place, text in texts(instrument))
    assert "Attente" not in every
    assert not re.search(r"\bles Canadiens\b|\bdes Canadiens\b", every)
    assert "la population canadienne" in every


def test_french_is_a_translation_not_a_copy(instrument):
    """Only words that are the same in both languages may be left as they are."""
    same_in_both = {"Introduction", "Possible"}
    copies = [
        place for place, text in texts(instrument) if text.get("fr") == text["en"] and text["en"] not in same_in_both
    ]
    assert not copies, copies
