"""HTTP headers every page carries: no framing, no sniffing, no referrer (resume tokens live in URLs);
HSTS in production; no caching of pages that show a respondent's or an admin's data. Also the
proxy set-up: how many proxies' X-Forwarded-* headers to believe (PROXY_COUNT)."""

from flask import Flask, Response, request
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
# Blueprints whose every page may show answers, an organisation, a resume link or admin data.
PRIVATE_BLUEPRINTS = frozenset({"questionnaire", "admin"})


def init_app(app: Flask) -> None:
    trust_proxies(app, app.config.get("PROXY_COUNT", 0))
    hsts = _hsts_value(app.config.get("HSTS_MAX_AGE", 0))
    defaults = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        *([("Strict-Transport-Security", hsts)] if hsts else []),
    ]

    @app.after_request
    def set_headers(response: Response) -> Response:
        """Each header of `defaults` that the view did not set itself (one pass over the headers)."""
        present = {name.lower() for name in response.headers.keys()}
        response.headers.extend([(name, value) for name, value in defaults if name.lower() not in present])
        if request.blueprint in PRIVATE_BLUEPRINTS:
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        """A Host outside TRUSTED_HOSTS: no page, since no link may be built from that host."""
        return _("This site is not served under that host name.") + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def _hsts_value(max_age: int) -> str | None:
    """HSTS for `max_age` seconds (0: none, as in development, where the app speaks plain HTTP)."""
    return f"max-age={max_age}; includeSubDomains" if max_age > 0 else None


def trust_proxies(app: Flask, count: int) -> None:
    """Behind `count` reverse proxies, take the client's address, scheme and host from the
    X-Forwarded-* headers the nearest `count` proxies set (and from no one else)."""
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]  # Flask's documented way to add WSGI middleware
