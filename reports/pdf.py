"""The recommendation as a tagged PDF: Jinja2 templates and a print stylesheet, laid out by WeasyPrint.

`render_recommendation_pdf` is the one call most code needs; `render_report_html` and
`html_to_pdf` are its two halves (the benchmark and tests use them apart). `cache_key` names a
rendered PDF by everything it depends on, including the templates themselves (TEMPLATE_VERSION).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Mapping
from pathlib import Path

import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint.text.fonts import FontConfiguration

from forms.model import Instrument
from forms.result import Result
from reports.context import ReportMeta, build_report_context
from reports.fetcher import BASE_URL, PACKAGE_DIR, PackageFetcher
from reports.i18n import Gettext, Translator, identity

TEMPLATES_DIR = PACKAGE_DIR / "templates"
PAGE_SIZES = ("A4", "Letter")
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}  # PDF 1.7, tagged (structure tree, alt text), with PDF/UA metadata


def _template_version() -> str:
    """A short hash of every file that shapes the PDF: templates, stylesheet, fonts, layout code."""
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}".encode())
    files = [p for folder in ("templates", "static", "fonts") for p in (PACKAGE_DIR / folder).rglob("*") if p.is_file()]
    files += [PACKAGE_DIR / name for name in ("context.py", "charts.py", "i18n.py", "pdf.py")]
    for path in sorted(files):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


TEMPLATE_VERSION = _template_version()


def css_string(value: str) -> Markup:
    """A CSS string literal that cannot break out of its quotes or its <style> element."""
    safe = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in " .,:;-_" else f"\\{ord(ch):06x}" for ch in value)
    return Markup(f'"{safe}"')  # nosec B704 # every character but [A-Za-z0-9 .,:;-_] is CSS-escaped above


def _page_counter(_: Translator) -> Markup:
    """`"Page " counter(page) " of " counter(pages)` from one translatable sentence."""
    pieces = re.split(r"%\((page|pages)\)s", _.gettext("Page %(page)s of %(pages)s"))
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(f"counter({piece})")
        elif piece:
            out.append(css_string(piece))
    return Markup(" ".join(out))  # nosec B704 # joins css_string() results only


_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_report_html(
    instrument: Instrument,
    result: Result,
    meta: ReportMeta,
    language: str = "en",
    page_size: str = "A4",
    gettext: Gettext = identity,
    annex: bool = True,
) -> str:
    """The report's HTML, ready for `html_to_pdf` (stylesheet and fonts are relative to BASE_URL).

    `annex=False` gives the two-page recommendation alone (pages 1 and 2, without the annex).
    """
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    translate = Translator(gettext)
    context = build_report_context(instrument, result, meta, language, gettext)
    page = {"size": page_size, "counter": _page_counter(translate)}
    return _environment.get_template("report.html").render(**context, page=page, annex=annex, _=translate)


_fonts = threading.local()


def shared_font_config() -> FontConfiguration:
    """One font configuration per thread, reused for every report it renders.

    A fresh `FontConfiguration` per document costs memory that is never given back (about
    0.25 MiB a render with this report, measured: bench/bench_pdf.py); reusing one keeps the
    process flat. Per thread, because the fontconfig and Pango objects behind it are not shared
    safely between threads.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def html_to_pdf(html: str, fetcher: PackageFetcher | None = None) -> bytes:
    """Lay out report HTML with WeasyPrint, loading resources only through a `PackageFetcher`."""
    fetcher = fetcher if fetcher is not None else PackageFetcher()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(font_config=shared_font_config(), **PDF_OPTIONS)


def render_recommendation_pdf(
    instrument: Instrument,
    result: Result,
    meta: ReportMeta,
    language: str = "en",
    page_size: str = "A4",
    gettext: Gettext = identity,
    fetcher: PackageFetcher | None = None,
    annex: bool = True,
) -> bytes:
    """The recommendation PDF for one scored response (pass `fetcher` to inspect what was loaded;
    `annex=False` for the two-page recommendation alone)."""
    html = render_report_html(instrument, result, meta, language, page_size, gettext, annex)
    return html_to_pdf(html, fetcher)


def answers_digest(answers: Mapping[str, object]) -> str:
    """A stable digest of a response's answers (tuples and lists alike, keys in any order)."""
    canonical = json.dumps(
        {str(k): list(v) if isinstance(v, (tuple, list)) else v for k, v in answers.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def cache_key(
    response_reference: str,
    answers_digest: str,
    instrument_version: str,
    language: str,
    page_size: str,
    *,
    salt: str = "",
) -> str:
    """The cache key of one rendered PDF; any change to the templates changes TEMPLATE_VERSION.

    `salt` is for anything else the PDF shows that may change (a translation catalogue's version).
    Keys share the prefix `report-pdf:<TEMPLATE_VERSION>:` so stale ones can be dropped together.
    """
    parts = [response_reference, answers_digest, instrument_version, language, page_size, salt]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:40]
    return f"report-pdf:{TEMPLATE_VERSION}:{digest}"


def template_files() -> list[Path]:
    """The template and stylesheet files, for tools that watch or list them."""
    return sorted(p for folder in ("templates", "static") for p in (PACKAGE_DIR / folder).rglob("*") if p.is_file())
