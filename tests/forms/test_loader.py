"""The loader refuses every malformed instrument with a message naming the file, the place and the fault."""

from __future__ import annotations

import copy
import dataclasses
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.loader import InstrumentError, load_cached, load_instrument, parse_instrument
from tests.forms.support import MINI_PATH, MINI_TEXT


class _Yaml12(yaml.SafeLoader):
    """Reads the fixture as the loader does: only true/false are booleans, so `{en: No}` stays text."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


_MINI_DATA = yaml.load(MINI_TEXT, Loader=_Yaml12)  # noqa: S506 - a SafeLoader subclass
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def mini_data() -> dict:
    """The mini instrument as plain data, ready to be edited into a bad one."""
    return copy.deepcopy(_MINI_DATA)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def write_edited(tmp_path: Path, edit: Callable[[dict], object], name: str = "edited.yaml") -> Path:
    """Apply `edit` to the mini data and write the result to a file."""
    data = mini_data()
    edit(data)
    path = tmp_path / name
    path.write_text(dump(data), encoding="utf-8")
    return path


def refusal(path: Path) -> InstrumentError:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    return caught.value


def question(data: dict, step: int, index: int) -> dict:
    return data["steps"][step]["questions"][index]


# -- the fixture itself ------------------------------------------------------------------


def test_mini_round_trips_through_the_test_helpers(tmp_path):
    """The helpers keep the fixture valid: every refusal below comes from its own edit."""
    instrument = load_instrument(write_edited(tmp_path, lambda data: None))
    original = load_instrument(MINI_PATH)
    assert dataclasses.replace(instrument, source=original.source) == original


def test_mini_loads_into_the_model(mini):
    assert [c.id for c in mini.criteria] == ["B1", "B2", "R1", "R2"]
    assert [c.side for c in mini.criteria] == ["benefit", "benefit", "risk", "risk"]
    assert [s.id for s in mini.steps] == ["profile", "case", "trade"]
    assert [mini.step_index(s) for s in ("profile", "case", "trade")] == [0, 1, 2]
    assert mini.step("case") is mini.steps[1]
    with pytest.raises(KeyError):
        mini.step("nowhere")
    assert list(mini.questions) == [
        "issue",
        "stakeholder_group",
        "organisation",
        "interest",
        "partners",
        "sanctions",
        "security",
        "competitors",
        "market",
        "notes",
    ]
    interest = mini.question("interest")
    assert [o.value for o in interest.options] == [1, 2, 3, "dont_know"]
    assert interest.option("dont_know").abstain and not interest.option("dont_know").points
    assert interest.scored_criteria == {"B1"}
    assert mini.question("market").scored_criteria == {"B2", "R1", "R2"}
    assert mini.question("issue").scored_criteria == frozenset()
    assert mini.question("organisation").max_length == 50
    assert mini.question("competitors").step_id == "trade"
    assert [t.id for t in mini.tiers] == ["hold", "informal", "officials", "pragmatic"]
    assert [t.rank for t in mini.tiers] == [0, 1, 2, 3]
    assert mini.matrix.benefit_thresholds == (30.0, 55.0, 75.0)
    assert mini.source.endswith("mini.yaml")


def test_defaults_are_filled_in(tmp_path):
    def edit(data):
        del question(data, 0, 2)["max_length"]
        del question(data, 2, 2)["max_length"]
        question(data, 1, 1).pop("required", None)

    instrument = load_instrument(write_edited(tmp_path, edit))
    assert instrument.question("organisation").max_length == 200
    assert instrument.question("notes").max_length == 5000
    assert instrument.question("partners").required is False
    assert instrument.question("partners").weight == 1.0


def test_the_instrument_is_read_only(mini):
    with pytest.raises(TypeError):
        mini.questions["issue"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        mini.slug = "other"  # type: ignore[misc]


# -- faults: each names the file, the place and the fault ---------------------------------


def _set(path: list, value: object) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _delete(path: list) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


FAULTS = [
    # (name, edit, place, fault)
    ("missing top-level key", _delete(["tiers"]), "top level", "missing key 'tiers'"),
    ("missing criterion key", _delete(["criteria", 1, "weight"]), "criteria[1]", "missing key 'weight'"),
    ("missing question label", _delete(["steps", 1, "questions", 0, "label"]), "steps[1].questions[0]", "missing key 'label'"),
    (
        "unknown criterion in points",
        _set(["steps", 1, "questions", 0, "options", 0, "points"], {"B9": 10}),
        "steps[1].questions[0].options[0].points",
        "unknown criterion 'B9'",
    ),
    (
        "option without points",
        _delete(["steps", 1, "questions", 2, "options", 1, "points"]),
        "steps[1].questions[2].options[1]",
        "option has no points",
    ),
    (
        "option with empty points among scored ones",
        _set(["steps", 1, "questions", 2, "options", 1, "points"], {}),
        "steps[1].questions[2].options[1].points",
        "option has no points although others in its question do",
    ),
    (
        "abstaining option with points",
        _set(["steps", 1, "questions", 0, "options", 3, "points"], {"B1": 50}),
        "steps[1].questions[0].options[3].points",
        "carries no points",
    ),
    (
        "points outside 0-100",
        _set(["steps", 1, "questions", 0, "options", 2, "points", "B1"], 150),
        "steps[1].questions[0].options[2].points.B1",
        "150 is outside 0-100",
    ),
    (
        "duplicate question id",
        _set(["steps", 2, "questions", 0, "id"], "interest"),
        "steps[2].questions[0].id",
        "duplicate question id 'interest'",
    ),
    ("duplicate criterion id", _set(["criteria", 1, "id"], "B1"), "criteria[1].id", "duplicate criterion id 'B1'"),
    (
        "duplicate option value",
        _set(["steps", 1, "questions", 2, "options", 2, "value"], "maybe"),
        "steps[1].questions[2].options[2].value",
        "duplicate option value 'maybe'",
    ),
    (
        "rule naming an unknown question",
        _set(["channels", 0, "rules", 0, "when", "all", 0, "q"], "compettors"),
        "channels[0].rules[0].when.all[0].q",
        "unknown question 'compettors'",
    ),
    (
        "rule naming an unknown option",
        _set(["channels", 0, "rules", 0, "when", "all", 0, "in"], ["perhaps"]),
        "channels[0].rules[0].when.all[0].in",
        "'perhaps' is not an option of 'competitors'",
    ),
    (
        "gate naming an unknown question",
        _set(["gates", 0, "when", "q"], "sanction"),
        "gates[0].when.q",
        "unknown question 'sanction'",
    ),
    ("gate on an unknown criterion", _set(["gates", 0, "criterion"], "R9"), "gates[0].criterion", "unknown criterion 'R9'"),
    (
        "show_if naming a question of the same step",
        _set(["steps", 1, "questions", 2, "show_if"], {"q": "interest", "gte": 2}),
        "steps[1].questions[2].show_if.q",
        "'interest' is not asked in an earlier step",
    ),
    (
        "show_if naming a question of a later step",
        _set(["steps", 1, "questions", 3, "show_if"], {"q": "competitors", "in": ["yes"]}),
        "steps[1].questions[3].show_if.q",
        "'competitors' is not asked in an earlier step",
    ),
    (
        "step show_if naming its own question",
        _set(["steps", 2, "show_if"], {"any": [{"q": "issue", "in": ["trade"]}, {"q": "market", "in": ["open"]}]}),
        "steps[2].show_if.any[1].q",
        "'market' is not asked in an earlier step",
    ),
    (
        "threshold above 100",
        _set(["matrix", "benefit_thresholds"], [30, 55, 120]),
        "matrix.benefit_thresholds[2]",
        "120 is outside 0-100",
    ),
    ("threshold below 0", _set(["matrix", "risk_thresholds"], [-5, 60, 80]), "matrix.risk_thresholds[0]", "-5 is outside 0-100"),
    (
        "threshold not a number",
        _set(["matrix", "risk_thresholds"], [30, "sixty", 80]),
        "matrix.risk_thresholds[1]",
        "must be a number",
    ),
    (
        "thresholds equal",
        _set(["matrix", "benefit_thresholds"], [30, 30, 75]),
        "matrix.benefit_thresholds",
        "thresholds must rise strictly",
    ),
    (
        "thresholds falling",
        _set(["matrix", "risk_thresholds"], [60, 30, 80]),
        "matrix.risk_thresholds",
        "thresholds must rise strictly",
    ),
    (
        "matrix missing a row",
        lambda data: data["matrix"]["cells"].pop(),
        "matrix.cells",
        "needs 4 rows (one per risk band), has 3",
    ),
    (
        "matrix row too short",
        lambda data: data["matrix"]["cells"][2].pop(),
        "matrix.cells[2]",
        "needs 4 cells (one per benefit band), has 3",
    ),
    (
        "matrix naming an unknown tier",
        _set(["matrix", "cells", 1, 2], "ministers"),
        "matrix.cells[1][2]",
        "unknown tier 'ministers'",
    ),
    (
        "text without English",
        _set(["criteria", 0, "title"], {"fr": "Intérêt"}),
        "criteria[0].title",
        "has no English text ('en')",
    ),
    ("text as a bare string", _set(["steps", 1, "title"], "The case"), "steps[1].title", "must be a map from language to text"),
    ("empty English text", _set(["tiers", 2, "verdict"], {"en": "  "}), "tiers[2].verdict", "has no English text ('en')"),
    (
        "unknown key (typo)",
        _set(["steps", 1, "questions", 0, "requried"], True),
        "steps[1].questions[0]",
        "unknown key 'requried'",
    ),
    (
        "required not a boolean",
        _set(["steps", 1, "questions", 0, "required"], "yes"),
        "steps[1].questions[0].required",
        "must be true or false",
    ),
    (
        "unknown question type",
        _set(["steps", 1, "questions", 1, "type"], "checkbox"),
        "steps[1].questions[1].type",
        "'checkbox' is not a question type",
    ),
    (
        "scale option that is not a number",
        _set(["steps", 1, "questions", 0, "options", 1, "value"], "two"),
        "steps[1].questions[0].options[1].value",
        "must be a whole number",
    ),
    (
        "gate using a tier",
        _set(["gates", 0, "when"], {"tier_at_least": "officials"}),
        "gates[0].when",
        "may only look at answers",
    ),
    (
        "gate using a criterion score inside 'all'",
        _set(["gates", 0, "when"], {"all": [{"q": "sanctions", "in": ["yes"]}, {"criterion": "R1", "gte": 50}]}),
        "gates[0].when.all[1]",
        "may only look at answers",
    ),
    ("show_if using the result", _set(["steps", 2, "show_if"], {"gated": False}), "steps[2].show_if", "may only look at answers"),
    (
        "rule on an unknown tier",
        _set(["channels", 1, "rules", 0, "when"], {"tier_at_least": "ministerial"}),
        "channels[1].rules[0].when.tier_at_least",
        "unknown tier 'ministerial'",
    ),
    (
        "unknown brief section",
        _set(["criteria", 2, "brief_sections"], ["conclusion"]),
        "criteria[2].brief_sections",
        "unknown brief section 'conclusion'",
    ),
    (
        "first step without organisation",
        _set(["steps", 0, "questions", 2, "id"], "org_name"),
        "steps[0] (profile)",
        "the first step must ask 'organisation'",
    ),
    ("criterion on no side", _set(["criteria", 0, "side"], "cost"), "criteria[0].side", "'cost' must be 'benefit' or 'risk'"),
    # A list written where an id belongs is a fault like any other, not a crash.
    (
        "condition naming a list",
        _set(["gates", 0, "when", "q"], ["sanctions"]),
        "gates[0].when.q",
        "must be a question id, not a list",
    ),
    ("tier given as a list", _set(["matrix", "cells", 0, 0], ["hold"]), "matrix.cells[0][0]", "unknown tier"),
    (
        "section given as a list",
        _set(["criteria", 0, "brief_sections"], [["intro"]]),
        "criteria[0].brief_sections",
        "unknown brief section",
    ),
    ("gate criterion given as a map", _set(["gates", 0, "criterion"], {"id": "R1"}), "gates[0].criterion", "unknown criterion"),
    (
        "rule criterion given as a list",
        _set(["safeguards", 1, "rules", 0, "when"], {"criterion": ["R2"], "gte": 60}),
        "safeguards[1].rules[0].when.criterion",
        "unknown criterion",
    ),
    (
        "rule tier given as a map",
        _set(["channels", 1, "rules", 0, "when"], {"tier_at_least": {"id": "informal"}}),
        "channels[1].rules[0].when.tier_at_least",
        "unknown tier",
    ),
]


@pytest.mark.parametrize(("edit", "place", "fault"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_a_malformed_instrument_is_refused_naming_file_place_and_fault(tmp_path, edit, place, fault):
    path = write_edited(tmp_path, edit, name="broken.yaml")
    error = refusal(path)
    assert error.file == str(path)
    assert error.place == place
    assert fault in error.fault
    message = str(error)
    assert message.startswith(f"{path}: {place}")
    assert fault in message


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (_set(["steps", 2, "questions", 0, "id"], "interest"), "id: interest"),
        (_set(["steps", 1, "questions", 0, "requried"], True), "id: interest"),
    ],
    ids=["duplicate question id", "unknown key"],
)
def test_a_fault_names_the_line_of_the_faulty_entry(tmp_path, edit, needle):
    path = write_edited(tmp_path, edit)
    error = refusal(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    candidates = [number for number, line in enumerate(lines, 1) if needle in line]
    assert error.line == candidates[-1]
    assert f"(line {error.line})" in str(error)


def _replace_line(text: str, old: str, new: str) -> tuple[str, int]:
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip() == old)
    lines[number] = lines[number].replace(old, new)
    return "\n".join(lines) + "\n", number + 1


@pytest.mark.parametrize(
    ("old", "new", "fault", "offset"),
    [
        ("- id: interest", "- id: interest: oops", "mapping values are not allowed here", 0),
        # An unclosed bracket is noticed on the next line, where the flow sequence should have ended.
        ("type: scale", "type: [scale", "expected ',' or ']'", 1),
        # The duplicate is the line added below the original.
        ("required: true", "required: true\n        required: false", "duplicate key 'required'", 1),
    ],
    ids=["mapping value", "unclosed bracket", "duplicate key"],
)
def test_bad_yaml_is_refused_with_its_line_number(tmp_path, old, new, fault, offset):
    text, number = _replace_line(MINI_TEXT, old, new)
    path = _write(tmp_path, text, "bad.yaml")
    error = refusal(path)
    assert error.file == str(path)
    assert error.place == "file"
    assert error.fault.startswith("is not valid YAML")
    assert fault in error.fault
    assert error.line == number + offset
    assert str(error).startswith(f"{path}: file (line {number + offset}): is not valid YAML")


def _write(tmp_path: Path, text: str, name: str = "instrument.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "absent.yaml"
    error = refusal(path)
    assert error.file == str(path)
    assert "cannot be read" in error.fault


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    error = refusal(_write(tmp_path, "- just\n- a list\n"))
    assert error.place == "top level"
    assert "must be a mapping, not a list" in error.fault


def test_parse_instrument_names_the_given_file():
    with pytest.raises(InstrumentError) as caught:
        parse_instrument("slug: x\n", "somewhere/odd.yaml")
    assert str(caught.value).startswith("somewhere/odd.yaml: top level")


# -- YAML 1.2 booleans -------------------------------------------------------------------

YAML11_BOOLEANS = ["yes", "no", "Yes", "NO", "on", "off", "On", "OFF"]


@pytest.mark.parametrize("word", YAML11_BOOLEANS)
def test_yaml_1_1_booleans_stay_text(tmp_path, word):
    """`{en: No}` and `value: yes` are text, as in YAML 1.2; only true/false are booleans."""
    text = MINI_TEXT.replace("{value: open, label: {en: Open}", f"{{value: {word}, label: {{en: {word}}}")
    assert text != MINI_TEXT
    instrument = load_instrument(_write(tmp_path, text))
    option = instrument.question("market").options[0]
    assert option.value == word
    assert option.label == {"en": word}


def test_unquoted_yes_and_no_values_load_as_text(tmp_path):
    text = MINI_TEXT.replace('"yes"', "yes").replace('"no"', "no")
    assert '"yes"' not in text and '"no"' not in text
    instrument = load_instrument(_write(tmp_path, text))
    assert [o.value for o in instrument.question("sanctions").options] == ["no", "maybe", "yes"]
    assert instrument.question("sanctions").options[0].label == {"en": "No"}
    assert [o.value for o in instrument.question("competitors").options] == ["yes", "no"]
    # The gate's condition still matches the text value.
    assert instrument.gates[0].when.values == frozenset({"yes"})


def test_yes_is_not_a_boolean_where_one_is_expected(tmp_path):
    text = MINI_TEXT.replace("required: true", "required: yes", 1)
    error = refusal(_write(tmp_path, text))
    assert error.place == "steps[0].questions[0].required"
    assert error.fault == "must be true or false"


# -- caching -----------------------------------------------------------------------------


def test_load_cached_reloads_only_when_the_file_changes(tmp_path):
    path = _write(tmp_path, MINI_TEXT)
    first = load_cached(path)
    assert load_cached(path) is first
    path.write_text(MINI_TEXT.replace('version: "0.1"', 'version: "0.2"'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    second = load_cached(path)
    assert second is not first
    assert second.version == "0.2"


# -- robustness: any malformed file is an InstrumentError, never a crash ------------------


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in the data, as a path of keys and indexes."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


MINI_PLACES = _paths(mini_data())
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["B1", "R2", "hold", "issue", "yes", "arctic", "en"]),
    st.lists(st.integers(0, 5), max_size=3),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.sampled_from(["en", "q", "in", "id", "x"]), st.text(max_size=3), max_size=2),
    st.just([[1, 2]]),
    st.just({"q": ["issue"], "in": ["arctic"]}),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(places=st.lists(st.sampled_from(MINI_PLACES), min_size=1, max_size=3), junk=st.lists(JUNK, min_size=3, max_size=3))
def test_any_edit_either_loads_or_is_refused_with_an_instrument_error(places, junk):
    data = mini_data()
    for place, value in zip(places, junk, strict=False):
        node = data
        try:
            for key in place[:-1]:
                node = node[key]
            node[place[-1]] = copy.deepcopy(value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this place
    try:
        parse_instrument(dump(data), "fuzzed.yaml")
    except InstrumentError as error:
        assert error.file == "fuzzed.yaml"
        assert error.place and error.fault


def test_instrument_error_survives_pickling_to_another_process():
    import pickle

    from forms.loader import InstrumentError

    error = InstrumentError("x.yaml", "steps[0]", "missing key 'id'", 12)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.place, copy.fault, copy.line, str(copy)) == (error.file, error.place, error.fault, error.line, str(error))
