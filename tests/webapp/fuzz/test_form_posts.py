"""Hypothesis posts at every form, with text holding NUL, control characters, very long strings
and odd Unicode: no response is a 500, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.loader import default_instrument_path, load_instrument

INSTRUMENT = load_instrument(default_instrument_path())  # the one the app serves by default

CONTROLS = "".join(map(chr, [*range(0, 32), 0x7F, 0x85, 0x9B, 0x2028, 0x2029, 0xFEFF, 0x202E]))
# Any text but lone surrogates (a browser cannot send them: forms are UTF-8).
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
# Short text with a control character in it: NUL, Word's vertical tab and ESC most often.
WITH_CONTROL = st.builds(
    lambda before, control, after: before + control + after,
    st.text(max_size=10),
    st.sampled_from("\x00\x0b\x1b") | st.sampled_from(CONTROLS),
    st.text(max_size=10),
)
HOSTILE_TEXT = st.one_of(
    WITH_CONTROL,
    ANY_TEXT,
    st.text(alphabet=CONTROLS + "ab\u00e9\u4e2d\U0001f600/%\\'\"<>&", min_size=1, max_size=40),
    st.text(alphabet=CONTROLS, min_size=1, max_size=5),
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(500, 4000)),
)
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def never_a_server_error(answer) -> None:  # type: ignore[no-untyped-def]
    assert answer.status_code < 500, (answer.status_code, answer.get_data(as_text=True)[:500])


def posted_values(question):  # type: ignore[no-untyped-def]
    """Mostly what a browser could send (a valid choice, one text), so that posts reach the save;
    sometimes anything at all."""
    if question.is_choice:
        valid = st.sampled_from([str(o.value) for o in question.options]).map(lambda value: [value])
        return st.one_of(valid, valid, valid, st.lists(HOSTILE_TEXT, max_size=3))
    return st.one_of(HOSTILE_TEXT.map(lambda text: [text]), st.lists(HOSTILE_TEXT, max_size=2))


def started(client):  # type: ignore[no-untyped-def]
    assert client.post("/start").status_code == 302
    return client


@pytest.mark.parametrize("step", INSTRUMENT.steps, ids=lambda step: step.id)
@FUZZ
@given(data=st.data())
def test_every_step_takes_any_post_without_a_server_error(app, step, data):
    client = started(app.test_client())
    body = {q.id: data.draw(posted_values(q)) for q in step.questions}
    body["action"] = data.draw(st.sampled_from(["later", "later", "next", "\x00"]))
    never_a_server_error(client.post(f"/step/{step.id}", data=body))
    never_a_server_error(client.get(f"/step/{step.id}"))


@FUZZ
@given(email=HOSTILE_TEXT, password=HOSTILE_TEXT)
def test_sign_in_takes_any_post_without_a_server_error(app, email, password):
    never_a_server_error(app.test_client().post("/admin/sign-in", data={"email": email, "password": password}))


# The filters, and keys `url_for` would read itself if they were passed on blindly.
FILTERS = ["issue", "group", "tier", "status", "gated", "date_from", "date_to", "sort", "order", "page", "instrument", "_scheme", "_external", "endpoint"]


@FUZZ
@given(query=st.dictionaries(st.sampled_from(FILTERS), HOSTILE_TEXT, max_size=4))
def test_admin_lists_and_exports_take_any_filters_without_a_server_error(admin_client, query):
    for url in ("/admin/responses", "/admin/audit", "/admin/priorities", "/admin/export/responses.csv"):
        never_a_server_error(admin_client.get(url, query_string=query))


@FUZZ
@given(part=HOSTILE_TEXT.filter(lambda text: text not in ("", ".", "..")))
def test_url_parts_never_cause_a_server_error(admin_client, part):
    from urllib.parse import quote

    part = quote(part, safe="")
    for url in (f"/admin/responses/{part}", f"/admin/responses/{part}/pdf", f"/admin/issues/{part}", f"/resume/{part}", f"/step/{part}"):
        never_a_server_error(admin_client.get(url))
    never_a_server_error(admin_client.get(f"/api/v1/instruments/{part}"))


@FUZZ
@given(target=HOSTILE_TEXT)
def test_the_language_switch_takes_any_next(client, target):
    answer = client.get("/language/fr", query_string={"next": target})
    assert answer.status_code == 302
