"""How a scale's options are laid out: in a row where every label fits on one line, else stacked.

CSS cannot measure text, so the row's width is estimated here from the labels' lengths, and the
options get the class of the narrowest container width (in the labels' em) that holds them all
on one line. site.css lays out each class in a row from that container width up (a container
query), and stacks the options below it; a scale too wide for any of them always stacks.
"""

from __future__ import annotations

from functools import lru_cache

from webapp.questionnaire import blueprint

EM_PER_CHARACTER = 0.62  # a generous mean advance width of the site's sans-serif fonts
OPTION_EM = 2.6  # the radio (1.75rem), its margin and rounding, in the label's em at its smallest
GAP_EM = 1.5  # the gap between options in a row (site.css)
ROW_WIDTHS = tuple(range(16, 50, 2))  # em: the container widths site.css has a rule for


def row_width(labels: tuple[str, ...]) -> float:
    """The estimated width, in em, of the labels in one row with their radios."""
    return sum(len(label) * EM_PER_CHARACTER + OPTION_EM for label in labels) + GAP_EM * (len(labels) - 1)


@lru_cache(maxsize=512)
def scale_class(choices: tuple[tuple[str, str], ...]) -> str:
    """`choices--row-N` for the narrowest width N that holds the options in a row, or "" (stacked)."""
    needed = row_width(tuple(label for _, label in choices))
    width = next((width for width in ROW_WIDTHS if width >= needed), None)
    return f"choices--row-{width}" if width is not None else ""


@blueprint.app_template_filter("scale_layout")
def scale_layout(choices: tuple[tuple[str, str], ...]) -> str:
    return scale_class(tuple(choices))
