"""The code keeps the house's shape: modules under 400 lines, functions under 50, views under 20.

A function's length runs from its `def` line to its last line (decorators apart); a view is any
function the app serves a URL with, found through the app's URL map.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("forms", "reports", "webapp", "bench")
MODULE_LINES, FUNCTION_LINES, VIEW_LINES = 400, 50, 20


def _modules() -> list[Path]:
    return [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py")) if "migrations" not in path.parts]


def _functions_in(source: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(ast.parse(source)) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return _functions_in(path.read_text())


def _lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


def test_no_module_is_over_400_lines():
    long = {str(path.relative_to(ROOT)): n for path in _modules() if (n := len(path.read_text().splitlines())) > MODULE_LINES}
    assert long == {}


def test_no_function_is_over_50_lines():
    long = {
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}": _lines(node)
        for path in _modules()
        for node in _functions(path)
        if _lines(node) > FUNCTION_LINES
    }
    assert long == {}


def _view_lengths(app: Flask) -> dict[str, int]:
    """Each of the app's own views (not Flask's static files) and its length, decorators apart."""
    lengths = {}
    for endpoint, view in app.view_functions.items():
        function = inspect.unwrap(view)
        source = inspect.getsourcefile(function)
        if source is None or not Path(source).resolve().is_relative_to(ROOT / "webapp"):
            continue
        lines, _start = inspect.getsourcelines(function)
        lengths[endpoint] = _lines(_functions_in(textwrap.dedent("".join(lines)))[0])
    return lengths


def test_no_view_is_over_20_lines(app):
    assert {endpoint: n for endpoint, n in _view_lengths(app).items() if n > VIEW_LINES} == {}


def test_the_view_check_reads_views_of_every_kind(app):
    """Blueprint routes, views behind the rate limiter and views added with add_url_rule are all measured."""
    measured = _view_lengths(app)
    assert {"questionnaire.step", "api.score", "admin.sign_in", "switch_language", "metrics"} <= set(measured)
    assert "static" not in measured
    assert measured["api.score"] > 5  # the view's own body, not a decorator's wrapper
