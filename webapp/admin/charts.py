"""Inline SVG charts of the aggregates: vector, no script, role="img" with <title> and <desc>.

Each chart's figures are also in a table beside it on the page; the description says in words
what the chart shows. Every text is escaped here. Presentation attributes only (no style=, which
the Content-Security-Policy forbids).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import format_percent
from markupsafe import Markup, escape

from reports.charts import svg_chart

# Sequential blues, weakest tier lightest (colour repeats the legend; the table has the numbers).
TIER_FILLS = ("#e8e6e3", "#b7cfe6", "#6d9cc9", "#2b5d8c", "#0f3050")
TIER_INK = ("#0b0c0c", "#0b0c0c", "#0b0c0c", "#ffffff", "#ffffff")
SIDE_FILLS = {"benefit": "#2f6da3", "risk": "#a35a12"}
INK, MUTED, RULE = "#0b0c0c", "#505a5f", "#b1b4b6"
FONT = 'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif"'

Translate = Callable[..., str]


def _svg(chart_id: str, width: int, height: float, title: str, desc: str, body: list[str]) -> Markup:
    return svg_chart(chart_id, width, height, title, desc, body, font=FONT)


def _text(
    x: float, y: float, content: str, size: float = 12, anchor: str = "start", weight: str = "normal", fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}">{escape(content)}</text>'
    )


LINE_H = 14  # the extra height of a row whose label takes a second line


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def label_lines(label: str, limit: int, most: int = 2) -> list[str]:
    """A label wrapped at word boundaries into at most `most` lines of about `limit` characters;
    the last line is abbreviated with "…" when the label is longer still."""
    lines = textwrap.wrap(label, limit, break_long_words=True) or [""]
    if len(lines) > most:
        lines = lines[: most - 1] + [_clip(" ".join(lines[most - 1:]), limit)]
    return lines


def _label(x: float, y: float, label: str, limit: int, size: float = 12) -> str:
    """A row label (wrapped, see `label_lines`) with the whole label as its <title> (a tooltip).
    `y` is the baseline of a one-line label; a second line moves both lines down by half a line."""
    lines = label_lines(label, limit)
    top = y - (LINE_H / 2 if len(lines) > 1 else 0)
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + i * LINE_H:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text font-size="{size}" fill="{INK}"><title>{escape(label)}</title>{spans}</text>'


def tier_colours(position: int, count: int) -> tuple[str, str]:
    """Fill and ink of the tier at `position` (0 = weakest) of `count` tiers."""
    index = 0 if count <= 1 else round(position * (len(TIER_FILLS) - 1) / (count - 1))
    return TIER_FILLS[index], TIER_INK[index]


def tier_chart(chart_id: str, rows: Sequence[dict[str, Any]], tiers: Sequence[str], _: Translate) -> Markup:
    """One 100% stacked bar per row (the issue, then each group): the share of each tier.

    rows: {"label": str, "n": int, "counts": [count per tier, weakest first]}.
    """
    width, label_w, bar_w, row_h = 720, 230, 440, 30
    body: list[str] = []
    y = 24
    for tick in (0, 25, 50, 75, 100):
        tx = label_w + bar_w * tick / 100
        body.append(_text(tx, 14, format_percent(tick / 100), 11, "middle", fill=MUTED))
    for row in rows:
        half = (len(label_lines(f"{row['label']} (n={row['n']})", 34)) - 1) * LINE_H / 2  # the row grows, its bar stays centred
        y += half
        body.append(_label(0, y + 19, f"{row['label']} (n={row['n']})", 34))
        x = float(label_w)
        for position, count in enumerate(row["counts"]):
            if not row["n"] or not count:
                continue
            w = bar_w * count / row["n"]
            fill, ink = tier_colours(position, len(tiers))
            body.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{fill}" stroke="#ffffff"/>')
            if w > 26:
                body.append(_text(x + w / 2, y + 19, f"{100 * count / row['n']:.0f}", 11, "middle", "bold", ink))
            x += w
        y += row_h + half
    y += 10
    for position, title in enumerate(tiers):
        fill, _ink = tier_colours(position, len(tiers))
        lx = (position % 2) * 360
        ly = y + (position // 2) * 22
        body.append(f'<rect x="{lx}" y="{ly}" width="16" height="16" fill="{fill}" stroke="{RULE}"/>')
        body.append(_text(lx + 24, ly + 13, title, 12))
    height = y + ((len(tiers) + 1) // 2) * 22 + 6
    title = _("Tier distribution")
    parts = []
    for row in rows:
        shares = ", ".join(
            f"{tier} {format_percent(count / row['n'])}" for tier, count in zip(tiers, row["counts"], strict=True) if row["n"]
        )
        parts.append(f"{row['label']} ({row['n']}): {shares or _('no responses')}.")
    desc = _("Share of responses in each tier, weakest first.") + " " + " ".join(parts)
    return _svg(chart_id, width, height, title, desc, body)


def criteria_chart(chart_id: str, criteria: Sequence[dict[str, Any]], _: Translate) -> Markup:
    """Per criterion: the range (thin line), mean plus or minus one spread (bar), median (tick), mean (dot).

    criteria: {"id", "title", "side", "n", "mean", "median", "spread", "low", "high"} (None when unscored).
    """
    width, label_w, plot_w, row_h = 720, 250, 440, 28
    x = lambda v: label_w + plot_w * v / 100  # noqa: E731
    body: list[str] = []
    for tick in (0, 25, 50, 75, 100):
        body.append(_text(x(tick), 14, str(tick), 11, "middle", fill=MUTED))
    y = 22
    top = y
    for c in criteria:
        half = (len(label_lines(f"{c['id']}  {c['title']}", 38)) - 1) * LINE_H / 2
        y += half
        body.append(_label(0, y + 18, f"{c['id']}  {c['title']}", 38))
        if c["mean"] is None:
            body.append(_text(x(0) + 4, y + 18, _("no scores"), 11, fill=MUTED))
            y += row_h + half
            continue
        mid = y + row_h / 2
        fill = SIDE_FILLS.get(c["side"], INK)
        body.append(
            f'<line x1="{x(c["low"]):.1f}" y1="{mid:.1f}" x2="{x(c["high"]):.1f}" y2="{mid:.1f}" '
            f'stroke="{MUTED}" stroke-width="1.5"/>'
        )
        lo, hi = max(0.0, c["mean"] - c["spread"]), min(100.0, c["mean"] + c["spread"])
        body.append(
            f'<rect x="{x(lo):.1f}" y="{y + 7}" width="{max(1.0, x(hi) - x(lo)):.1f}" height="{row_h - 14}" '
            f'fill="{fill}" fill-opacity="0.35" stroke="{fill}"/>'
        )
        if c["median"] is not None:
            body.append(
                f'<line x1="{x(c["median"]):.1f}" y1="{y + 4}" x2="{x(c["median"]):.1f}" y2="{y + row_h - 4}" '
                f'stroke="{INK}" stroke-width="2.5"/>'
            )
        body.append(f'<circle cx="{x(c["mean"]):.1f}" cy="{mid:.1f}" r="5" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>')
        y += row_h + half
    grid = [
        f'<line x1="{x(t):.1f}" y1="{top}" x2="{x(t):.1f}" y2="{y}" stroke="{RULE}" stroke-width="0.8" stroke-dasharray="3 3"/>'
        for t in (0, 25, 50, 75, 100)
    ]
    y += 8
    legend = [
        f'<circle cx="8" cy="{y + 8}" r="5" fill="{SIDE_FILLS["benefit"]}"/>',
        _text(18, y + 12, _("mean (benefit)"), 11),
        f'<circle cx="128" cy="{y + 8}" r="5" fill="{SIDE_FILLS["risk"]}"/>',
        _text(138, y + 12, _("mean (risk)"), 11),
        f'<line x1="238" y1="{y}" x2="238" y2="{y + 16}" stroke="{INK}" stroke-width="2.5"/>',
        _text(246, y + 12, _("median"), 11),
        f'<rect x="310" y="{y + 2}" width="24" height="12" fill="{INK}" fill-opacity="0.2" stroke="{INK}"/>',
        _text(340, y + 12, _("mean ± spread"), 11),
        f'<line x1="450" y1="{y + 8}" x2="480" y2="{y + 8}" stroke="{MUTED}" stroke-width="1.5"/>',
        _text(486, y + 12, _("lowest to highest"), 11),
    ]
    title = _("Criterion scores: mean, median and spread")
    parts = [
        _(
            "%(id)s mean %(mean)s, median %(median)s, spread %(spread)s",
            id=c["id"],
            mean=_fmt(c["mean"]),
            median=_fmt(c["median"]),
            spread=_fmt(c["spread"]),
        )
        if c["mean"] is not None
        else _("%(id)s not scored", id=c["id"])
        for c in criteria
    ]
    desc = _("Scores from 0 to 100.") + " " + "; ".join(parts) + "."
    return _svg(chart_id, width, y + 24, title, desc, grid + body + legend)


def priority_chart(chart_id: str, rows: Sequence[dict[str, Any]], _: Translate) -> Markup:
    """A diverging bar per issue: its priority score from -100 to 100, in ranked order.

    rows: {"rank", "label", "score" (None when no responses), "red_lined", "too_few"}.
    """
    width, label_w, plot_w, row_h = 720, 260, 420, 28
    x = lambda v: label_w + plot_w * (v + 100) / 200  # noqa: E731
    body: list[str] = []
    for tick in (-100, -50, 0, 50, 100):
        body.append(_text(x(tick), 14, f"{tick:+d}" if tick else "0", 11, "middle", fill=MUTED))
    y = 22
    top = y
    for row in rows:
        prefix = f"{row['rank']}. " if row["rank"] else "– "
        half = (len(label_lines(prefix + row["label"], 38)) - 1) * LINE_H / 2
        y += half
        body.append(_label(0, y + 18, prefix + row["label"], 38))
        if row["score"] is None:
            body.append(_text(x(0) + 6, y + 18, _("no responses"), 11, fill=MUTED))
        else:
            x0, x1 = sorted((x(0), x(row["score"])))
            fill = "#767676" if row["red_lined"] else ("#2f6da3" if row["score"] >= 0 else "#a35a12")
            body.append(f'<rect x="{x0:.1f}" y="{y + 6}" width="{max(1.0, x1 - x0):.1f}" height="{row_h - 12}" fill="{fill}"/>')
            label = f"{row['score']:.0f}" + (" " + _("red line") if row["red_lined"] else "") + (" !" if row["too_few"] else "")
            if row["score"] >= 0:
                body.append(_text(x1 + 4, y + 18, label, 11, weight="bold"))
            else:
                body.append(_text(x0 - 4, y + 18, label, 11, "end", "bold"))
        y += row_h + half
    body.append(f'<line x1="{x(0):.1f}" y1="{top}" x2="{x(0):.1f}" y2="{y}" stroke="{INK}" stroke-width="1.2"/>')
    title = _("Priority score by issue")
    parts = [
        f"{row['rank'] or '–'}. {row['label']}: "
        + (_("no responses") if row["score"] is None else f"{row['score']:.0f}")
        + (" (" + _("red line") + ")" if row["red_lined"] else "")
        + (" (" + _("too few responses") + ")" if row["too_few"] and row["score"] is not None else "")
        for row in rows
    ]
    desc = (
        _("Priority score from -100 to 100, highest first; grey bars: most responses hit a red line.")
        + " "
        + "; ".join(parts)
        + "."
    )
    return _svg(chart_id, width, y + 8, title, desc, body)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"
