"""How the materials look: colours, fonts, paper sizes and a logo, as one plain value for writers.

The policy file's ``theme`` section becomes a :class:`Theme` (the loader builds it); writers
receive it beside the document and read nothing else about the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["PAGE_SIZES", "PAPER_SIZES", "POSTER_PAPER_SIZES", "Colours", "Theme", "page_size"]

# The same arithmetic as reportlab's units (inch / 2.54 / 10), so that sizes in points are
# exactly the floats of reportlab's own page sizes.
_MM = 72.0 / 2.54 * 0.1

# The one table of paper sizes: portrait width and height in points.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210 * _MM, 297 * _MM),
    "A3": (297 * _MM, 420 * _MM),
    "A2": (420 * _MM, 594 * _MM),
    "A1": (594 * _MM, 841 * _MM),
    "Letter": (8.5 * 72.0, 11 * 72.0),
}
PAPER_SIZES = tuple(PAGE_SIZES)
# A poster is printed on one of the A sizes.
POSTER_PAPER_SIZES = ("A4", "A3", "A2", "A1")


def page_size(paper: str, orientation: str = "portrait") -> tuple[float, float]:
    """Width and height in points of ``paper`` (a key of :data:`PAGE_SIZES`) in ``orientation``."""
    width, height = PAGE_SIZES[paper]
    return (height, width) if orientation == "landscape" else (width, height)


@dataclass(frozen=True, kw_only=True)
class Colours:
    """Theme colours as ``#RRGGBB`` strings."""

    primary: str = "#00406B"
    secondary: str = "#5B7F95"
    accent: str = "#E5A823"
    text: str = "#1E1E1E"
    background: str = "#FFFFFF"


@dataclass(frozen=True, kw_only=True)
class Theme:
    """How the materials look: colours, fonts, paper sizes and an optional logo."""

    colours: Colours = Colours()
    heading_font: str = "Arial"
    body_font: str = "Arial"
    paper: str = "A4"
    poster_paper: str = "A3"
    # How many of each area's points the poster shows (it summarises; the handouts have them
    # all); None: as many as fit.
    poster_points: int | None = None
    logo: Path | None = None
