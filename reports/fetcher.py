"""A WeasyPrint URL fetcher that serves the package's own stylesheet and fonts and refuses the rest.

No network, no file outside `reports/static` and `reports/fonts`, no data: URLs. Every URL asked
for is recorded (`fetched`, `refused`) so tests can prove that nothing else was reached.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent
SERVED_DIRS = (PACKAGE_DIR / "static", PACKAGE_DIR / "fonts")
MEDIA_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png"}
BASE_URL = PACKAGE_DIR.as_uri() + "/"

log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the report may not load; WeasyPrint logs it and renders without the resource."""


@lru_cache(maxsize=32)
def _read(path: Path) -> bytes:
    # Package files do not change while the process runs (TEMPLATE_VERSION is fixed at import).
    return path.read_bytes()


def served_path(url: str) -> Path | None:
    """The package file a URL names, or None when the URL is not one we serve."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if path.suffix.lower() not in MEDIA_TYPES or not path.is_file():
        return None
    if not any(path.is_relative_to(folder) for folder in SERVED_DIRS):
        return None
    return path


class PackageFetcher(URLFetcher):
    """Serve `reports/static` and `reports/fonts` only; log and refuse every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = served_path(url)
        if path is None:
            self.refused.append(url)
            log.warning("report fetcher refused %.200s", url)
            raise RefusedURL(f"not a report resource: {url[:200]}")
        self.fetched.append(url)
        return URLFetcherResponse(path.as_uri(), _read(path), {"Content-Type": MEDIA_TYPES[path.suffix.lower()]})
