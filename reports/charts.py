"""Inline SVG charts: vector, no script, each with role="img", a <title> and a <desc> text equivalent.

They draw from the plain report context (`reports.context`), so the web page and the PDF show
the same figures. Every text is escaped here; respondents' free text never reaches a chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

# Sequential blues, weakest tier lightest: colour repeats what the number in each cell says.
TIER_FILLS = ("#f3f2f1", "#d5e3f0", "#9dbfdf", "#3e6e9e", "#2b4f73")
TIER_INK = ("#0b0c0c", "#0b0c0c", "#0b0c0c", "#ffffff", "#ffffff")
SIDE_FILLS = {"benefit": "#2f6da3", "risk": "#a35a12"}
INK = "#0b0c0c"
MUTED = "#505a5f"
RULE = "#b1b4b6"
FONT = "font-family=\"Report Sans, DejaVu Sans, sans-serif\""

Translate = Callable[..., str]


def svg_chart(chart_id: str, width: int, height: float, title: str, desc: str, body: list[str], font: str = FONT) -> Markup:
    """An accessible inline SVG: role=img, labelled by its <title> and <desc>. Shared with the admin charts."""
    cid = escape(chart_id)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" {font}>'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _text(
    x: float, y: float, content: str, size: float = 12, anchor: str = "start",
    weight: str = "normal", fill: str = INK, extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}"{extra}>{escape(content)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, stroke: str = "none", stroke_width: float = 1) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{stroke_width}"/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1, dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{width}"{dashes}/>'


def _tier_colours(rank: int, count: int) -> tuple[str, str]:
    """Fill and ink of a tier cell: spread the palette over however many tiers there are."""
    index = 0 if count <= 1 else round((rank - 1) * (len(TIER_FILLS) - 2) / (count - 1))
    if count > 1 and rank == count:
        index = len(TIER_FILLS) - 2
    return TIER_FILLS[index], TIER_INK[index]


def matrix_chart(matrix: dict[str, Any], tiers: Sequence[dict[str, Any]], _: Translate) -> dict[str, Any]:
    """Benefit (across) x risk (up) with the tier of each cell and this response's position."""
    width = 640
    left, top, plot_w, plot_h = 78, 12, 532, 270
    x = lambda value: left + plot_w * value / 100  # noqa: E731
    y = lambda value: top + plot_h * (1 - value / 100)  # noqa: E731
    count = len(tiers)
    body: list[str] = []
    b_edges, r_edges = matrix["benefit_edges"], matrix["risk_edges"]
    for r, row in enumerate(matrix["cells"]):
        for b, cell in enumerate(row):
            x0, x1, y0, y1 = x(b_edges[b]), x(b_edges[b + 1]), y(r_edges[r + 1]), y(r_edges[r])
            fill, ink = _tier_colours(cell["rank"], count)
            body.append(_rect(x0, y0, x1 - x0, y1 - y0, fill, "#ffffff", 2))
            body.append(_text((x0 + x1) / 2, (y0 + y1) / 2 + 6, str(cell["rank"]), 17, "middle", "bold", ink))
    # The response's own cell, outlined.
    b, r = matrix["benefit_band"], matrix["risk_band"]
    x0, x1, y0, y1 = x(b_edges[b]), x(b_edges[b + 1]), y(r_edges[r + 1]), y(r_edges[r])
    body.append(_rect(x0 + 1.5, y0 + 1.5, x1 - x0 - 3, y1 - y0 - 3, "none", INK, 3))
    # Axes, ticks at the thresholds.
    bottom = top + plot_h
    body.append(_line(left, bottom, left + plot_w, bottom, width=1.2))
    body.append(_line(left, top, left, bottom, width=1.2))
    for edge in b_edges:
        body.append(_line(x(edge), bottom, x(edge), bottom + 5))
        body.append(_text(x(edge), bottom + 21, f"{edge:g}", 14, "middle", fill=MUTED))
    for edge in r_edges:
        body.append(_line(left - 5, y(edge), left, y(edge)))
        body.append(_text(left - 9, y(edge) + 5, f"{edge:g}", 14, "end", fill=MUTED))
    benefit_axis = _("Benefit score (higher: a stronger case to re-engage)")
    body.append(_text(left + plot_w / 2, bottom + 44, benefit_axis, 15, "middle", "bold"))
    mid = top + plot_h / 2
    body.append(_text(22, mid, _("Risk score"), 15, "middle", "bold", extra=f' transform="rotate(-90 22 {mid:.1f})"'))
    # The position, when both sides could be scored; named in the legend, not beside the dot.
    placed = matrix["benefit"] is not None and matrix["risk"] is not None
    if placed:
        px, py = x(matrix["benefit"]), y(matrix["risk"])
        body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="8" fill="{INK}" stroke="#ffffff" stroke-width="2.5"/>')
    # Legend: the number in each cell is the tier.
    legend_top = top + plot_h + 66
    column_w = plot_w / 2
    for i, tier in enumerate(tiers):
        lx = left + (i % 2) * column_w
        ly = legend_top + (i // 2) * 25
        fill, ink = _tier_colours(tier["rank"], count)
        body.append(_rect(lx, ly - 15, 20, 20, fill, RULE))
        body.append(_text(lx + 10, ly + 1, str(tier["rank"]), 13, "middle", "bold", ink))
        body.append(_text(lx + 28, ly + 1, tier["title"], 14, weight="bold" if tier["current"] else "normal"))
    ly = legend_top + ((count + 1) // 2) * 25 + 4
    if placed:
        body.append(f'<circle cx="{left + 9}" cy="{ly - 4:.1f}" r="7" fill="{INK}"/>')
        label = _(
            "This response: benefit %(benefit)s, risk %(risk)s", benefit=matrix["benefit_display"], risk=matrix["risk_display"]
        )
    else:
        label = _("This response cannot be placed: a side could not be scored")
    body.append(_text(left + 28, ly + 1, label, 14, weight="bold"))
    height = int(ly + 10)

    title = _("Where this response falls: benefit against risk")
    if not placed:
        position = _(
            "The benefit or the risk side could not be scored, so the response is not placed; "
            "its tier was judged on the least favourable value."
        )
    else:
        position = _(
            "Benefit %(benefit)s out of 100 (across) and risk %(risk)s out of 100 (up) "
            "place this response in the cell of tier \"%(tier)s\".",
            benefit=matrix["benefit_display"],
            risk=matrix["risk_display"],
            tier=matrix["tier_title"],
        )
    thresholds = _(
        "Benefit bands change at %(benefit)s; risk bands at %(risk)s. Tiers: %(tiers)s.",
        benefit=", ".join(f"{v:g}" for v in b_edges[1:-1]),
        risk=", ".join(f"{v:g}" for v in r_edges[1:-1]),
        tiers="; ".join(f"{t['rank']} {t['title']}" for t in tiers),
    )
    desc = f"{position} {thresholds}"
    if matrix["gated"]:
        desc += " " + _("A red line was hit, which overrides the matrix.")
    return {"svg": svg_chart("chart-matrix", width, height, title, desc, body), "title": title, "description": desc}


def _wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """Greedy word wrap to at most `lines` lines of about `limit` characters, ending in an ellipsis if cut."""
    words, out, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            break
    else:
        if current:
            out.append(current)
        return out
    out[-1] = out[-1].rstrip(",;:") + "…"
    return out


def criteria_chart(sides: Sequence[dict[str, Any]], _: Translate) -> dict[str, Any]:
    """One horizontal bar per criterion, 0 to 100, benefit criteria first, then risk."""
    width = 640
    bar_x, bar_w = 352, 244  # labels take the 340 units to the left of the bars
    head_h = 28
    body: list[str] = []
    cursor = 22
    # Scale along the top.
    for tick in (0, 25, 50, 75, 100):
        tx = bar_x + bar_w * tick / 100
        body.append(_text(tx, 12, str(tick), 11, "middle", fill=MUTED))
    grid_top = cursor
    for side in sides:
        body.append(_text(0, cursor + 20, side["title"], 14, weight="bold"))
        cursor += head_h
        for criterion in side["criteria"]:
            label_lines = _wrap(f"{criterion['id']}  {criterion['title']}", 51)
            row_h = 23 if len(label_lines) == 1 else 32  # a row as tall as its label
            first = cursor + (row_h - 13 * len(label_lines)) / 2 + 10
            for i, line in enumerate(label_lines):
                body.append(_text(0, first + 13 * i, line, 12))
            if criterion["scored"]:
                bw = max(bar_w * criterion["score"] / 100, 1.5)
                body.append(_rect(bar_x, cursor + row_h / 2 - 7, bw, 14, SIDE_FILLS[criterion["side"]]))
                body.append(_text(bar_x + bw + 6, cursor + row_h / 2 + 5, criterion["score_display"], 12, weight="bold"))
            else:
                body.append(_text(bar_x + 4, cursor + row_h / 2 + 5, _("not scored"), 12, fill=MUTED))
            cursor += row_h
        cursor += 6
    grid = []
    for tick in (0, 25, 50, 75, 100):
        gx = bar_x + bar_w * tick / 100
        axis = tick == 0
        grid.append(_line(gx, grid_top, gx, cursor - 6, INK if axis else RULE, 1.2 if axis else 0.8, "" if axis else "3 3"))
    height = cursor
    title = _("Criterion scores, 0 to 100")
    parts = []
    for side in sides:
        scores = ", ".join(
            f"{c['id']} {c['title']} {c['score_display'] if c['scored'] else _('not scored')}" for c in side["criteria"]
        )
        parts.append(f"{side['title']}: {scores}.")
    intro = _("Higher is more of the criterion: on the benefit side a stronger case, on the risk side more to manage.")
    desc = intro + " " + " ".join(parts)
    return {"svg": svg_chart("chart-criteria", width, height, title, desc, grid + body), "title": title, "description": desc}
