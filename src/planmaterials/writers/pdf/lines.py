"""Drawing wrapped text, and its height, for the layouts we compute (poster panels, bands).

Platypus wraps text for flowing pages; a poster panel needs to know in advance how tall its
text is at each size, so it wraps with :func:`..wrap.wrap_text` and draws the lines here, with the
same font metrics that reportlab embeds.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from ..fonts import font_name
from ..wrap import Line

__all__ = ["ASCENT", "DESCENT", "draw_lines", "pdf_colour", "text_height"]

# Liberation Sans (like Arial): ascender and descender in em, from the font's hhea table.
ASCENT = 0.905
DESCENT = 0.212


@cache
def pdf_colour(colour: str) -> Color:
    """A theme colour (``#1F4E79``) as reportlab's colour, read once.

    Given the text, reportlab tries it as a colour name and a Python expression before reading
    it as hexadecimal, every time it is drawn with (a tenth of a millisecond each).
    """
    return HexColor(colour)


def text_height(lines: int, size: float, leading: float) -> float:
    """From the top of the first line's ascender to the bottom of the last line's descender."""
    if lines == 0:
        return 0.0
    return ASCENT * size + (lines - 1) * leading + DESCENT * size


def draw_lines(
    canvas: Canvas,
    lines: list[Line],
    x: float,
    top: float,
    size: float,
    leading: float,
    colour: str,
) -> None:
    """Draw wrapped lines with their tops of ascenders at ``top`` (PDF coordinates)."""
    canvas.setFillColor(pdf_colour(colour))
    baseline = top - ASCENT * size
    for line in lines:
        for offset, (text, bold, italic) in line.fragments:
            canvas.setFont(font_name(bold, italic), size)
            canvas.drawString(x + offset, baseline, text)
        baseline -= leading
