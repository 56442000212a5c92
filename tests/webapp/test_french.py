"""The web app in French: the language toggle, French pages and PDF, and a complete catalogue.

Runs on the brief's own instrument (the shared `app`), whose texts carry French (`fr:` keys), and on
the UI catalogue in webapp/translations (one catalogue for the pages and the PDFs).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from forms.answers import walk_path
from forms.checks import extreme_answers
from forms.loader import default_instrument_path, load_instrument

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "webapp" / "translations" / "fr" / "LC_MESSAGES"
NBSP = "\u00a0"
NNBSP = "\u202f"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdfg]|%%")


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def in_french(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/language/fr?next=/")
    assert response.status_code == 302
    assert response.location.endswith("/")


def start(client):  # type: ignore[no-untyped-def]
    """Start the questionnaire from the start page; returns the first step's page."""
    page = client.get("/")
    response = client.post("/start", data={"csrf_token": csrf(page.text)})
    assert response.status_code == 302, response.text
    return client.get(response.location)


# ---------------------------------------------------------------------------- pages
def test_the_start_page_is_in_french_after_the_toggle(client):
    in_french(client)
    page = client.get("/").text
    assert '<html lang="fr">' in page
    assert "<h1>Renouer avec la Russie, un enjeu à la fois</h1>" in page  # the instrument's title
    assert "<h2>À quoi sert cet outil</h2>" in page  # a UI heading from the catalogue
    assert "5 novembre 2020" in page  # the brief's date, in French
    assert "Commencer" in page
    # The toggle now offers English, and the header carries the French organisation name.
    assert 'href="/language/en?next=/" lang="en" hreflang="en">English</a>' in page
    assert "Consultation sur le réengagement" in page
    assert "What this tool is for" not in page


def test_step_one_asks_its_questions_in_french(client):
    in_french(client)
    page = start(client).text
    assert '<html lang="fr">' in page
    assert "<h1>Vous et l&#39;enjeu</h1>" in page
    assert f"Quel enjeu évaluez-vous{NNBSP}?" in page  # question label, with French typography
    assert f"Au nom de qui répondez-vous{NNBSP}?" in page
    assert "Arctique" in page and "Une province ou un territoire" in page  # option labels
    assert "Nom de votre organisation (facultatif)" in page
    assert "(facultatif)</span>" not in page  # the "(optional)" mark is not doubled
    assert "Étape 1 sur" in page and "Enregistrer et continuer" in page
    assert "Which issue are you assessing?" not in page


def test_errors_are_in_french(client):
    in_french(client)
    page = start(client).text
    response = client.post("/step/profile", data={"csrf_token": csrf(page), "action": "next"})
    assert response.status_code == 400
    page = response.text
    assert re.search(rf"<title>Erreur{NBSP}: ", page)
    assert "Il y a un problème" in page
    assert "Indiquez l&#39;enjeu que vous évaluez" in page  # the question's own short message


def test_a_french_browser_gets_french_and_english_stays_the_default(client):
    assert '<html lang="en">' in client.get("/").text
    page = client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}).text
    assert '<html lang="fr">' in page


def test_the_result_and_the_pdf_are_in_french(client):
    in_french(client)
    instrument = load_instrument(default_instrument_path())
    answers = extreme_answers(instrument, favourable=True)
    page = start(client)
    for step, questions in walk_path(instrument, answers):
        data: dict = {"csrf_token": csrf(page.text), "action": "next"}
        for question in questions:
            value = answers.get(question.id)
            if value is not None:
                data[question.id] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        response = client.post(f"/step/{step.id}", data=data)
        assert response.status_code == 302, (step.id, re.findall(r'class="field-error"[^>]*>(.*?)</p>', response.text))
        page = client.get(response.location)
    assert page.request.path == "/review", page.request.path
    assert "Vérifiez vos réponses avant de les soumettre" in page.text
    response = client.post("/submit", data={"csrf_token": csrf(page.text)})
    assert response.status_code == 302, response.text
    result = client.get(response.location).text
    assert "Vos réponses ont été soumises" in result
    assert "Réengagement pragmatique" in result  # tier title, from the instrument
    assert "Palier 4 sur 4" in result  # UI string, from the catalogue

    pdf = client.get("/result/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.data))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Recommandation sur le réengagement" in text
    assert "Réengagement pragmatique" in text
    assert re.search(r"Page\s+2\s+sur\s+\d+", text)
    assert "Pourquoi cette recommandation" in text and "Critère par critère" in text
    assert "Why this recommendation" not in text and "Criterion by criterion" not in text
    assert str(reader.metadata.title).startswith("Recommandation sur le réengagement")


def test_the_api_answers_in_the_language_asked_for(client):
    listing = client.get("/api/v1/instruments?lang=fr").get_json()
    assert listing["instruments"][0]["title"] == "Renouer avec la Russie, un enjeu à la fois"
    response = client.post("/api/v1/instruments/canada-russia-2020/score?lang=fr", json={"answers": {"issue": "nope"}})
    assert response.status_code == 400
    messages = [p["message"] for p in response.get_json()["problems"]]
    wanted = f"«{NBSP}nope{NBSP}» ne fait pas partie des choix offerts pour «{NBSP}Quel enjeu évaluez-vous{NNBSP}?{NBSP}»."
    assert wanted in messages
    assert not any("Which issue" in m or "Who are you" in m for m in messages), messages
    english = client.post("/api/v1/instruments/canada-russia-2020/score", json={"answers": {"issue": "nope"}}).get_json()
    assert "'nope' is not one of the choices for 'Which issue are you assessing?'." in english["message"]


# ---------------------------------------------------------------------------- the catalogue
@pytest.fixture(scope="module")
def french():
    with open(CATALOGUE / "messages.po", "rb") as file:
        return read_po(file, locale="fr")


def _pairs(message) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(English, French) for each form of a message: one pair, or singular and plural."""
    if isinstance(message.id, str):
        return [(message.id, message.string)]
    return list(zip((message.id[0], *[message.id[1]] * (len(message.string) - 1)), message.string, strict=True))


def test_every_message_has_a_french_translation(french):
    untranslated = [m.id for m in french if m.id and not all(fr for _, fr in _pairs(m))]
    fuzzy = [m.id for m in french if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy (check, then remove the flag): {fuzzy}"


def test_translations_keep_their_placeholders(french):
    faults = []
    for english, string in [pair for message in french if message.id for pair in _pairs(message)]:
        if sorted(PLACEHOLDER.findall(string)) != sorted(PLACEHOLDER.findall(english)):
            faults.append((english, string))
        elif "%" in string and not PLACEHOLDER.search(string):
            faults.append((english, string))  # Jinja formats every string: a lone % breaks it
    assert not faults, faults
    assert not list(french.check())


def test_translations_follow_french_typography(french):
    faults = [
        (english, string)
        for m in french if m.id
        for english, string in _pairs(m)
        if re.search(r" [:;?!»]|« |[^\s\u00a0\u202f][;?!»]|[^\s\u00a0\u202f\d]:", string) or " - " in string
    ]
    assert not faults, faults


def _strings(message) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """A message's French, every plural form of it included."""
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_translations_use_canadian_spacing(french):
    """A narrow no-break space before ; ? ! and a no-break space before : and inside « »."""
    faults = [
        (english, string)
        for m in french if m.id
        for english, string in _pairs(m)
        if re.search(r"[^\u202f][;?!](\s|$)", string) or re.search(rf"[^{NBSP}\d]:(\s|$)", string) or re.search(rf"«[^{NBSP}]|[^{NBSP}]»", string)
    ]
    assert not faults, faults


def test_translations_count_with_sur_and_name_people_inclusively(french):
    strings = {english: string for m in french if m.id for english, string in _pairs(m)}
    assert strings["Page %(page)s of %(pages)s"] == "Page %(page)s sur %(pages)s"
    assert strings["Step %(number)s of %(total)s"] == "Étape %(number)s sur %(total)s"
    every = " ".join(string for m in french if m.id for string in _strings(m))
    assert not re.search(r"\b(les|des|aux|du|au) répondants?\b|\borganisateurs\b|\btableur\b|Avantages moyens", every)


def test_the_compiled_catalogue_matches_its_source(french):
    with open(CATALOGUE / "messages.mo", "rb") as file:
        compiled = read_mo(file)
    def forms(text):  # type: ignore[no-untyped-def]
        return text if isinstance(text, str) else tuple(text)

    source = {forms(m.id): forms(m.string) for m in french if m.id}
    built = {forms(m.id): forms(m.string) for m in compiled if m.id}
    assert built == source, "messages.mo is stale: run `make translations` (or pybabel compile -d webapp/translations)"


def test_every_ui_string_in_the_code_is_in_the_catalogue(french):
    """Extract as `make translations` does: a new string without French fails here."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_l": None, "lazy_gettext": None}
    found = set()
    for folder in ("webapp", "forms", "reports"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / folder), method_map, options_map, keywords=keywords
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    assert len(found) > 300
    missing = sorted(found - {m.id if isinstance(m.id, str) else m.id[0] for m in french})
    assert not missing, f"not in the French catalogue (run `make translations`, then translate): {missing}"
