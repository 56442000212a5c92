"""What-if weights on the priority list: the form, the side-by-side ranking, and the weights as an instrument file.

The form is a GET form (nothing changes, so no CSRF token and a bookmarkable address); the
ranking comes from `whatif_query` and the published one from `aggregates`, both by the same rule.
The instrument file is the instrument's own file with the tried weights and a new version, for
the organisers to check with `flask instrument validate` and publish; nothing is stored here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import TextInput

from forms.i18n import text_for
from forms.model import Instrument
from webapp.admin import aggregates
from webapp.admin.pages import issue_order, labels
from webapp.admin.whatif_query import reweighted_priority_list, versions_answered

WEIGHT_MIN, WEIGHT_MAX = 0.0, 100.0  # a criterion weight of 0 leaves it out; an instrument file needs more than 0


class WeightField(FloatField):
    """A number typed either way: 1.5 or 1,5 (as French writes it), in a text box that keeps what was typed."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        super().process_formdata([value.strip().replace(",", ".") for value in valuelist])

    def post_validate(self, form, validation_stopped):
        """One message per fault: a bad number fails both the parse and the range check with the same words."""
        self.errors = list(dict.fromkeys(self.errors))  # type: ignore[has-type]  # WTForms ships no types


class WhatIfForm(FlaskForm):
    """One number per criterion weight, named `w_<criterion id>`; built per instrument by `whatif_form`."""

    sides: dict[str, str] = {}

    class Meta:
        csrf = False

    def weight_fields(self) -> list[tuple[str, Any]]:
        return [(name[2:], field) for name, field in self._fields.items() if name.startswith("w_")]

    def problems(self) -> list[tuple[str, str]]:
        """(link to the field, message) for the error summary."""
        return [(f"#{field.id}", str(message)) for _criterion, field in self.weight_fields() for message in field.errors]

    def weights(self) -> dict[str, float]:
        return {criterion: float(field.data) for criterion, field in self.weight_fields()}

    def validate(self, extra_validators=None) -> bool:
        """Each weight a number in range, and on each side at least one weight above 0 (else that side has no score)."""
        ok = super().validate(extra_validators)
        for side, message in SIDE_MESSAGES.items():
            fields = [field for criterion, field in self.weight_fields() if self.sides[criterion] == side]
            if fields and not any(field.errors for field in fields) and not any(field.data and field.data > 0 for field in fields):
                fields[0].errors.append(message)
                ok = False
        return ok


SIDE_MESSAGES = {
    "benefit": _l("Give at least one benefit criterion a weight above 0: with every benefit weight at 0 no benefit score can be worked out."),
    "risk": _l("Give at least one risk criterion a weight above 0: with every risk weight at 0 no risk score can be worked out."),
}


def whatif_form(instrument: Instrument, language: str, formdata) -> WhatIfForm:
    """The form for `instrument`: a field per criterion, its label the criterion, its default the instrument's weight."""
    fields = {}
    for criterion in instrument.criteria:
        title = f"{criterion.id} {text_for(criterion.title, language)}"
        message = _l("Enter the weight of %(criterion)s as a number from %(low)s to %(high)s, such as 1.5", criterion=title, low=0, high=100)
        fields[f"w_{criterion.id}"] = WeightField(
            title,
            default=criterion.weight,
            validators=[InputRequired(message), NumberRange(WEIGHT_MIN, WEIGHT_MAX, message)],
            invalid_value_message=message,
        )
    form_class = type("InstrumentWhatIfForm", (WhatIfForm,), {**fields, "sides": {c.id: c.side for c in instrument.criteria}})
    return form_class(formdata=formdata)


def whatif_page(instrument: Instrument, weights: dict[str, float], language: str) -> dict[str, Any]:
    """The published ranking and the ranking under `weights`, issue by issue, with how far each moved."""
    names = labels(instrument, language)
    order = issue_order(instrument)
    published = {row.issue: row for row in aggregates.priority_list(instrument.slug, order)}
    tried = reweighted_priority_list(instrument.slug, weights, order)
    rows = []
    for row in tried:
        before = published.get(row.issue)
        before_rank = before.rank if before is not None else 0
        moved = before_rank - row.rank if before_rank and row.rank else None
        rows.append(
            {
                "issue": row.issue,
                "label": names.issue(row.issue),
                "n": row.figures.n,
                "rank": row.rank,
                "published_rank": before_rank,
                "moved": moved,
                "score": row.score,
                "published_score": before.score if before is not None else None,
                "benefit": row.figures.benefit.mean,
                "risk": row.figures.risk.mean,
                "red_lined": row.red_lined,
                "too_few": row.too_few,
            }
        )
    return {
        "rows": rows,
        "moved": sum(1 for row in rows if row["moved"]),
        "versions": versions_answered(instrument.slug),
        "changed": [c.id for c in instrument.criteria if weights.get(c.id) != c.weight],
        "changed_text": ", ".join(
            gettext("%(criterion)s %(weight)s (was %(before)s)", criterion=c.id, weight=format_decimal(weights[c.id]), before=format_decimal(c.weight))
            for c in instrument.criteria
            if weights.get(c.id) != c.weight
        ),
        "downloadable": all(w > 0 for w in weights.values()),
    }


def movement(moved: int | None) -> str:
    """“Up 2”, “Down 1”, “No change”, or “–” for an issue unranked in either list."""
    if moved is None:
        return "–"
    if moved > 0:
        return gettext("Up %(places)s", places=moved)
    if moved < 0:
        return gettext("Down %(places)s", places=-moved)
    return gettext("No change")


class _InstrumentYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads an instrument file as `forms.loader` does: only true/false are booleans, so `no` and `yes` stay text."""


_InstrumentYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_InstrumentYamlLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def weights_instrument_file(instrument: Instrument, weights: dict[str, float], today: datetime | None = None) -> tuple[str, str]:
    """(file name, YAML text): the instrument's own file with the tried weights and a new version.

    Comments of the original are not kept; every other field is, so `flask instrument validate`
    checks it as it would any instrument file.
    """
    text = Path(instrument.source).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_InstrumentYamlLoader)  # nosec B506 # _InstrumentYamlLoader is a (C)SafeLoader subclass
    for criterion in data["criteria"]:
        if criterion["id"] in weights:
            criterion["weight"] = weights[criterion["id"]]
    stamp = (today or datetime.now(UTC)).strftime("%Y%m%d")
    data["version"] = f"{instrument.version}-weights-{stamp}"
    header = (
        f"# {instrument.slug} version {data['version']}: the weights tried on the priority list, from version {instrument.version}.\n"
        "# Check it with `flask instrument validate <this file>` before publishing it as a new version.\n"
    )
    text = header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return f"{instrument.slug}-{data['version']}.yaml", text
