"""Every `next`-style parameter: only a path on this site, as a browser would read it, never a 500."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.webapp.admin.conftest import ADMIN_EMAIL, csrf_from
from webapp.redirects import safe_target

HOSTILE = [
    "/%09/evil.example",
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "/%252F%252Fevil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " //evil.example",
    "/\r\n/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "\x00/evil",
]


def browser_reading(location: str) -> str:
    """What a browser makes of a Location: tabs and line breaks dropped, controls and spaces trimmed, `\\` as `/`."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(0x21))))
    return cleaned.replace("\\", "/")


def stays_on_site(location: str) -> bool:
    for reading in (browser_reading(location), browser_reading(unquote(location))):
        parts = urlsplit(reading)
        if parts.scheme or parts.netloc or not reading.startswith("/") or reading.startswith("//"):
            return False
    return True


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_fall_back_to_the_default(target):
    assert safe_target(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/", "/admin/responses?issue=arctic", "/step/about-you?change=1"])
def test_local_paths_are_kept(target):
    assert safe_target(target, "/home") == target


def test_non_ascii_local_path_is_percent_encoded():
    assert safe_target("/réponse", "/home") == "/r%C3%A9ponse"


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("/\\.:%@?#ae \t\n\r\x00\x0b09AFfc")), max_size=20) | st.text(max_size=30))
def test_whatever_the_target_the_browser_stays_on_the_site(target):
    result = safe_target(target, "/home")
    assert result == "/home" or stays_on_site(result)


@pytest.mark.parametrize("target", HOSTILE + ["/a\nb", "/" + "x" * 5000])
def test_language_switch_never_leaves_the_site(client, target):
    answer = client.get("/language/fr", query_string={"next": target})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"


def test_language_switch_returns_to_the_page(client):
    assert client.get("/language/fr?next=/review").headers["Location"] == "/review"


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_next_never_leaves_the_site(app, accounts, target):
    client = app.test_client()
    page = client.get("/admin/sign-in")
    answer = client.post(
        "/admin/sign-in",
        query_string={"next": target},
        data={"email": ADMIN_EMAIL, "password": "a long enough password", "csrf_token": csrf_from(page.get_data(as_text=True))},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/admin/responses"
    # Already signed in: the same rule.
    assert client.get("/admin/sign-in", query_string={"next": target}).headers["Location"] == "/admin/responses"
