"""Inline SVG charts: vector, no script, each with role="img", a <title> and a <desc> text equivalent.

They draw from the plain report context (`reports.context`), so the web page and the PDF show
the same figures. Every text is escaped here; respondents' free text never reaches a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reports.svg import INK, MUTED, RULE, SIDE_FILLS, WHITE, Translate, circle, line, rect, svg_chart, text, tier_colours

__all__ = ["SIDE_FILLS", "criteria_chart", "matrix_chart"]

MATRIX_WIDTH = 640
MATRIX_LEFT, MATRIX_TOP, MATRIX_PLOT_W, MATRIX_PLOT_H = 78, 12, 532, 270


def _x(value: float) -> float:
    return MATRIX_LEFT + MATRIX_PLOT_W * value / 100


def _y(value: float) -> float:
    return MATRIX_TOP + MATRIX_PLOT_H * (1 - value / 100)


def matrix_chart(matrix: dict[str, Any], tiers: Sequence[dict[str, Any]], _: Translate) -> dict[str, Any]:
    """Benefit (across) x risk (up) with the tier of each cell and this response's position."""
    placed = matrix["benefit"] is not None and matrix["risk"] is not None
    body = _matrix_cells(matrix, len(tiers)) + _matrix_axes(matrix, _)
    if placed:  # named in the legend, not beside the dot
        body.append(circle(_x(matrix["benefit"]), _y(matrix["risk"]), 8, INK, WHITE, 2.5))
    legend, height = _matrix_legend(matrix, tiers, placed, _)
    title = _("Where this response falls: benefit against risk")
    desc = _matrix_description(matrix, tiers, placed, _)
    return {"svg": svg_chart("chart-matrix", MATRIX_WIDTH, height, title, desc, body + legend), "title": title, "description": desc}


def _cell_box(matrix: dict[str, Any], b: int, r: int) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of the matrix cell in benefit band `b` and risk band `r`."""
    b_edges, r_edges = matrix["benefit_edges"], matrix["risk_edges"]
    return _x(b_edges[b]), _y(r_edges[r + 1]), _x(b_edges[b + 1]), _y(r_edges[r])


def _matrix_cells(matrix: dict[str, Any], count: int) -> list[str]:
    """Each cell in its tier's colour with the tier's number; the response's own cell outlined."""
    body = []
    for r, row in enumerate(matrix["cells"]):
        for b, cell in enumerate(row):
            x0, y0, x1, y1 = _cell_box(matrix, b, r)
            fill, ink = tier_colours(cell["rank"] - 1, count)
            body.append(rect(x0, y0, x1 - x0, y1 - y0, fill, WHITE, 2))
            body.append(text((x0 + x1) / 2, (y0 + y1) / 2 + 6, str(cell["rank"]), 17, "middle", "bold", ink))
    x0, y0, x1, y1 = _cell_box(matrix, matrix["benefit_band"], matrix["risk_band"])
    body.append(rect(x0 + 1.5, y0 + 1.5, x1 - x0 - 3, y1 - y0 - 3, "none", INK, 3))
    return body


def _matrix_axes(matrix: dict[str, Any], _: Translate) -> list[str]:
    """Both axes, with ticks at the band thresholds and their titles."""
    left, top, bottom = MATRIX_LEFT, MATRIX_TOP, MATRIX_TOP + MATRIX_PLOT_H
    body = [line(left, bottom, left + MATRIX_PLOT_W, bottom, width=1.2), line(left, top, left, bottom, width=1.2)]
    for edge in matrix["benefit_edges"]:
        body.append(line(_x(edge), bottom, _x(edge), bottom + 5))
        body.append(text(_x(edge), bottom + 21, f"{edge:g}", 14, "middle", fill=MUTED))
    for edge in matrix["risk_edges"]:
        body.append(line(left - 5, _y(edge), left, _y(edge)))
        body.append(text(left - 9, _y(edge) + 5, f"{edge:g}", 14, "end", fill=MUTED))
    benefit_axis = _("Benefit score (higher: a stronger case to re-engage)")
    body.append(text(left + MATRIX_PLOT_W / 2, bottom + 44, benefit_axis, 13, "middle", "bold"))
    mid = top + MATRIX_PLOT_H / 2
    body.append(text(22, mid, _("Risk score"), 15, "middle", "bold", extra=f' transform="rotate(-90 22 {mid:.1f})"'))
    return body


def _matrix_legend(matrix: dict[str, Any], tiers: Sequence[dict[str, Any]], placed: bool, _: Translate) -> tuple[list[str], int]:
    """The legend (the number in each cell is the tier; the dot is this response) and the chart's height."""
    left, legend_top, column_w = MATRIX_LEFT, MATRIX_TOP + MATRIX_PLOT_H + 66, MATRIX_PLOT_W / 2
    body = []
    for i, tier in enumerate(tiers):
        lx, ly = left + (i % 2) * column_w, legend_top + (i // 2) * 25
        fill, ink = tier_colours(tier["rank"] - 1, len(tiers))
        body.append(rect(lx, ly - 15, 20, 20, fill, RULE))
        body.append(text(lx + 10, ly + 1, str(tier["rank"]), 13, "middle", "bold", ink))
        body.append(text(lx + 28, ly + 1, tier["title"], 14, weight="bold" if tier["current"] else "normal"))
    ly = legend_top + ((len(tiers) + 1) // 2) * 25 + 4
    if placed:
        body.append(circle(left + 9, ly - 4, 7, INK))
        label = _("This response: benefit %(benefit)s, risk %(risk)s", benefit=matrix["benefit_display"], risk=matrix["risk_display"])
    else:
        label = _("This response cannot be placed: a side could not be scored")
    body.append(text(left + 28, ly + 1, label, 14, weight="bold"))
    return body, int(ly + 10)


def _matrix_description(matrix: dict[str, Any], tiers: Sequence[dict[str, Any]], placed: bool, _: Translate) -> str:
    """The chart in words: where the response falls, the thresholds and the tiers."""
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
        benefit=", ".join(f"{v:g}" for v in matrix["benefit_edges"][1:-1]),
        risk=", ".join(f"{v:g}" for v in matrix["risk_edges"][1:-1]),
        tiers="; ".join(f"{t['rank']} {t['title']}" for t in tiers),
    )
    desc = f"{position} {thresholds}"
    if matrix["gated"]:
        desc += " " + _("A red line was hit, which overrides the matrix.")
    return desc


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
        body.append(text(tx, 12, str(tick), 11, "middle", fill=MUTED))
    grid_top = cursor
    for side in sides:
        body.append(text(0, cursor + 20, side["title"], 14, weight="bold"))
        cursor += head_h
        for criterion in side["criteria"]:
            label_lines = _wrap(f"{criterion['id']}  {criterion['title']}", 51)
            row_h = 23 if len(label_lines) == 1 else 32  # a row as tall as its label
            first = cursor + (row_h - 13 * len(label_lines)) / 2 + 10
            for i, label in enumerate(label_lines):
                body.append(text(0, first + 13 * i, label, 12))
            if criterion["scored"]:
                bw = max(bar_w * criterion["score"] / 100, 1.5)
                body.append(rect(bar_x, cursor + row_h / 2 - 7, bw, 14, SIDE_FILLS[criterion["side"]]))
                body.append(text(bar_x + bw + 6, cursor + row_h / 2 + 5, criterion["score_display"], 12, weight="bold"))
            else:
                body.append(text(bar_x + 4, cursor + row_h / 2 + 5, _("not scored"), 12, fill=MUTED))
            cursor += row_h
        cursor += 6
    grid = []
    for tick in (0, 25, 50, 75, 100):
        gx = bar_x + bar_w * tick / 100
        axis = tick == 0
        grid.append(line(gx, grid_top, gx, cursor - 6, INK if axis else RULE, 1.2 if axis else 0.8, "" if axis else "3 3"))
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
