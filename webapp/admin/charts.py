"""Inline SVG charts of the aggregates: vector, no script, role="img" with <title> and <desc>.

Each chart's figures are also in a table beside it on the page; the description says in words
what the chart shows. Every text is escaped here. Presentation attributes only (no style=, which
the Content-Security-Policy forbids).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from flask_babel import format_percent
from markupsafe import Markup, escape

from reports.svg import INK, MUTED, RULE, SIDE_FILLS, WEB_FONT, WHITE, Translate, circle, line, rect, svg_chart, text, tier_colours

TICKS = (0, 25, 50, 75, 100)


def _svg(chart_id: str, width: int, height: float, title: str, desc: str, body: list[str]) -> Markup:
    return svg_chart(chart_id, width, height, title, desc, body, font=WEB_FONT)


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


def _half_extra(label: str, limit: int) -> float:
    """Half the height a wrapped label adds to its row: the row grows, its marks stay centred."""
    return (len(label_lines(label, limit)) - 1) * LINE_H / 2


def _label(x: float, y: float, label: str, limit: int, size: float = 12) -> str:
    """A row label (wrapped, see `label_lines`) with the whole label as its <title> (a tooltip).
    `y` is the baseline of a one-line label; a second line moves both lines down by half a line."""
    lines = label_lines(label, limit)
    top = y - (LINE_H / 2 if len(lines) > 1 else 0)
    spans = "".join(f'<tspan x="{x:.1f}" y="{top + i * LINE_H:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text font-size="{size}" fill="{INK}"><title>{escape(label)}</title>{spans}</text>'


def tier_chart(chart_id: str, rows: Sequence[dict[str, Any]], tiers: Sequence[str], _: Translate) -> Markup:
    """One 100% stacked bar per row (the issue, then each group): the share of each tier.

    rows: {"label": str, "n": int, "counts": [count per tier, weakest first]}.
    """
    width, label_w, bar_w, row_h = 720, 230, 440, 30
    body: list[str] = []
    y: float = 24
    for tick in (0, 25, 50, 75, 100):
        tx = label_w + bar_w * tick / 100
        body.append(text(tx, 14, format_percent(tick / 100), 11, "middle", fill=MUTED))
    for row in rows:
        half = _half_extra(f"{row['label']} (n={row['n']})", 34)
        y += half
        body.append(_label(0, y + 19, f"{row['label']} (n={row['n']})", 34))
        x = float(label_w)
        for position, count in enumerate(row["counts"]):
            if not row["n"] or not count:
                continue
            w = bar_w * count / row["n"]
            fill, ink = tier_colours(position, len(tiers))
            body.append(rect(x, y + 4, w, row_h - 8, fill, WHITE))
            if w > 26:
                body.append(text(x + w / 2, y + 19, f"{100 * count / row['n']:.0f}", 11, "middle", "bold", ink))
            x += w
        y += row_h + half
    y += 10
    for position, title in enumerate(tiers):
        fill, _ink = tier_colours(position, len(tiers))
        lx = (position % 2) * 360
        ly = y + (position // 2) * 22
        body.append(rect(lx, ly, 16, 16, fill, RULE))
        body.append(text(lx + 24, ly + 13, title, 12))
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
    width, row_h = 720, 28
    body = [text(_criteria_x(tick), 14, str(tick), 11, "middle", fill=MUTED) for tick in TICKS]
    top: float = 22
    y: float = top
    for c in criteria:
        half = _half_extra(f"{c['id']}  {c['title']}", 38)
        y += half
        body.append(_label(0, y + 18, f"{c['id']}  {c['title']}", 38))
        if c["mean"] is None:
            body.append(text(_criteria_x(0) + 4, y + 18, _("no scores"), 11, fill=MUTED))
        else:
            body += _criterion_marks(c, y, row_h)
        y += row_h + half
    grid = [line(_criteria_x(t), top, _criteria_x(t), y, RULE, 0.8, "3 3") for t in TICKS]
    title = _("Criterion scores: mean, median and spread")
    desc = _("Scores from 0 to 100.") + " " + "; ".join(_criterion_words(c, _) for c in criteria) + "."
    return _svg(chart_id, width, y + 32, title, desc, grid + body + _criteria_legend(y + 8, _))


def _criteria_x(value: float) -> float:
    return 250 + 440 * value / 100


def _criterion_marks(c: dict[str, Any], y: float, row_h: int) -> list[str]:
    """One criterion's range, mean ± spread, median and mean, on the row starting at `y`."""
    x, mid, fill = _criteria_x, y + row_h / 2, SIDE_FILLS.get(c["side"], INK)
    lo, hi = max(0.0, c["mean"] - c["spread"]), min(100.0, c["mean"] + c["spread"])
    marks = [
        line(x(c["low"]), mid, x(c["high"]), mid, MUTED, 1.5),
        rect(x(lo), y + 7, max(1.0, x(hi) - x(lo)), row_h - 14, fill, fill, extra=' fill-opacity="0.35"'),
    ]
    if c["median"] is not None:
        marks.append(line(x(c["median"]), y + 4, x(c["median"]), y + row_h - 4, INK, 2.5))
    marks.append(circle(x(c["mean"]), mid, 5, fill, WHITE, 1.5))
    return marks


def _criteria_legend(y: float, _: Translate) -> list[str]:
    return [
        circle(8, y + 8, 5, SIDE_FILLS["benefit"]),
        text(18, y + 12, _("mean (benefit)"), 11),
        circle(128, y + 8, 5, SIDE_FILLS["risk"]),
        text(138, y + 12, _("mean (risk)"), 11),
        line(238, y, 238, y + 16, INK, 2.5),
        text(246, y + 12, _("median"), 11),
        rect(310, y + 2, 24, 12, INK, INK, extra=' fill-opacity="0.2"'),
        text(340, y + 12, _("mean ± spread"), 11),
        line(450, y + 8, 480, y + 8, MUTED, 1.5),
        text(486, y + 12, _("lowest to highest"), 11),
    ]


def _criterion_words(c: dict[str, Any], _: Translate) -> str:
    if c["mean"] is None:
        return _("%(id)s not scored", id=c["id"])
    return _(
        "%(id)s mean %(mean)s, median %(median)s, spread %(spread)s",
        id=c["id"], mean=_fmt(c["mean"]), median=_fmt(c["median"]), spread=_fmt(c["spread"]),
    )


def priority_chart(chart_id: str, rows: Sequence[dict[str, Any]], _: Translate) -> Markup:
    """A diverging bar per issue: its priority score from -100 to 100, in ranked order.

    rows: {"rank", "label", "score" (None when no responses), "red_lined", "too_few"}.
    """
    width, label_w, plot_w, row_h = 720, 260, 420, 28
    x = lambda v: label_w + plot_w * (v + 100) / 200  # noqa: E731
    body: list[str] = []
    for tick in (-100, -50, 0, 50, 100):
        body.append(text(x(tick), 14, f"{tick:+d}" if tick else "0", 11, "middle", fill=MUTED))
    y: float = 22
    top = y
    for row in rows:
        prefix = f"{row['rank']}. " if row["rank"] else "– "
        half = _half_extra(prefix + row["label"], 38)
        y += half
        body.append(_label(0, y + 18, prefix + row["label"], 38))
        if row["score"] is None:
            body.append(text(x(0) + 6, y + 18, _("no responses"), 11, fill=MUTED))
        else:
            x0, x1 = sorted((x(0), x(row["score"])))
            fill = "#767676" if row["red_lined"] else ("#2f6da3" if row["score"] >= 0 else "#a35a12")
            body.append(rect(x0, y + 6, max(1.0, x1 - x0), row_h - 12, fill))
            label = f"{row['score']:.0f}" + (" " + _("red line") if row["red_lined"] else "") + (" !" if row["too_few"] else "")
            if row["score"] >= 0:
                body.append(text(x1 + 4, y + 18, label, 11, weight="bold"))
            else:
                body.append(text(x0 - 4, y + 18, label, 11, "end", "bold"))
        y += row_h + half
    body.append(line(x(0), top, x(0), y, INK, 1.2))
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
