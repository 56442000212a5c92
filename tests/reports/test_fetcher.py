"""The URL fetcher serves the package's stylesheet and fonts and refuses everything else."""

from __future__ import annotations

import pytest

from reports.fetcher import PACKAGE_DIR, PackageFetcher, RefusedURL

ALLOWED = [
    (PACKAGE_DIR / "static" / "print.css").as_uri(),
    (PACKAGE_DIR / "fonts" / "DejaVuSans.ttf").as_uri(),
    "file://localhost" + str(PACKAGE_DIR / "fonts" / "DejaVuSans-Bold.ttf"),
]
REFUSED = [
    "http://evil/x",
    "https://example.org/font.ttf",
    "ftp://evil/x.css",
    "data:text/css,body{}",
    "file:///etc/passwd",
    "file://evil-host" + str(PACKAGE_DIR / "static" / "print.css"),
    (PACKAGE_DIR / "static" / "print.css").as_uri() + "?x=1",
    (PACKAGE_DIR / "static").as_uri() + "/../pdf.py",
    (PACKAGE_DIR / "static").as_uri() + "/../../forms/engine.py",
    (PACKAGE_DIR / "static").as_uri() + "/%2e%2e/%2e%2e/pyproject.toml",
    (PACKAGE_DIR / "templates" / "report.html").as_uri(),
    (PACKAGE_DIR / "fonts" / "LICENSE.txt").as_uri(),
    (PACKAGE_DIR / "static" / "missing.css").as_uri(),
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", ALLOWED)
def test_serves_package_resources(url):
    fetcher = PackageFetcher()
    response = fetcher.fetch(url)
    assert response.read()[:4] in (b"/* P", b"\x00\x01\x00\x00")
    assert fetcher.fetched == [url] and fetcher.refused == []


@pytest.mark.parametrize("url", REFUSED)
def test_refuses_everything_else_and_records_it(url):
    fetcher = PackageFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url] and fetcher.fetched == []
