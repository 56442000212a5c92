"""What every chart shares, in the PDF and on the admin pages: the palette and the SVG drawing helpers.

Charts are inline SVG: vector, no script, role="img" labelled by a <title> and a <desc> text
equivalent. Presentation attributes only (no style=, which the admin pages' Content-Security-Policy
forbids). Every text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

# Sequential blues, weakest tier lightest: colour repeats what the numbers beside it say.
TIER_FILLS = ("#e8e6e3", "#b7cfe6", "#6d9cc9", "#2b5d8c", "#0f3050")
TIER_INK = ("#0b0c0c", "#0b0c0c", "#0b0c0c", "#ffffff", "#ffffff")
SIDE_FILLS = {"benefit": "#2f6da3", "risk": "#a35a12"}
INK = "#0b0c0c"
MUTED = "#505a5f"
RULE = "#b1b4b6"
WHITE = "#ffffff"
REPORT_FONT = 'font-family="Report Sans, DejaVu Sans, sans-serif"'  # the PDF's embedded font
WEB_FONT = 'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif"'

Translate = Callable[..., str]


def tier_colours(position: int, count: int) -> tuple[str, str]:
    """Fill and ink of the tier at `position` (0 = weakest) of `count` tiers, spread over the palette."""
    index = 0 if count <= 1 else round(position * (len(TIER_FILLS) - 1) / (count - 1))
    return TIER_FILLS[index], TIER_INK[index]


def svg_chart(chart_id: str, width: int, height: float, title: str, desc: str, body: list[str], font: str = REPORT_FONT) -> Markup:
    """An accessible inline SVG: role=img, labelled by its <title> and <desc>."""
    cid = escape(chart_id)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" {font}>'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # nosec B704 # our own markup; every text in it went through escape()


def text(
    x: float, y: float, content: str, size: float = 12, anchor: str = "start",
    weight: str = "normal", fill: str = INK, extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}"{extra}>{escape(content)}</text>'
    )


def rect(x: float, y: float, width: float, height: float, fill: str, stroke: str = "none", stroke_width: float = 1, extra: str = "") -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{stroke_width}"{extra}/>'
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1, dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{width}"{dashes}/>'


def circle(cx: float, cy: float, r: float, fill: str, stroke: str = "none", stroke_width: float = 0) -> str:
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:g}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width:g}"/>'
