"""Pages drawn once per key, with holes that each request fills in.

Most of a questionnaire step page (layout, progress list, headings, buttons, translated texts) is
the same for every respondent at the same place on the same path; only a few parts differ (the
answers' inputs, the CSRF token, the private link). A template calls `hole(name)` for each such
part. With a key, the page is rendered once with a marker in each hole, split at the markers and
kept; later requests with the same key only join the kept pieces with their own hole values.
Without a key (a page with errors, say) it is rendered in full, calling the same hole functions,
so both ways give the same HTML.

Hole values are escaped as Jinja's autoescape would (Markup passes through). A hole must be
output bare (`{{ hole("x") }}`, no filter), and everything else on the page must follow from the
key. The memo is a bounded per-process cache of derived output: no other process needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from flask import current_app, render_template
from markupsafe import Markup, escape

MEMO_KEY = "page_skeletons"
MEMO_LIMIT = 2048
_MARKER = "\x00hole:{}\x00"
_MARKERS = re.compile("\x00hole:([A-Za-z_]+)\x00")

HoleValues = Mapping[str, Callable[[], Any]]


def render_with_holes(template: str, key: Hashable | None, holes: HoleValues, **context: Any) -> str:
    """`template` rendered with `hole(name)` standing for `holes[name]()`, its skeleton memoised by `key`."""
    if key is None:
        return render_template(template, hole=lambda name: holes[name](), **context)
    memo: dict = current_app.extensions.setdefault(MEMO_KEY, {})
    full_key = (template, key)
    pieces = memo.get(full_key)
    if pieces is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        skeleton = render_template(template, hole=lambda name: Markup(_MARKER.format(name)), **context)
        pieces = memo[full_key] = tuple(_MARKERS.split(skeleton))
    return fill(pieces, holes)


def fill(pieces: tuple[str, ...], holes: HoleValues) -> str:
    """Join a skeleton's pieces: even ones are page text, odd ones name a hole."""
    return "".join(piece if index % 2 == 0 else escape(holes[piece]()) for index, piece in enumerate(pieces))
