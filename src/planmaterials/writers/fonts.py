"""Font metrics for layout: measuring text with the font files we ship.

Writers that must keep text inside a box (PDF poster panels, slides) measure with the real
advance widths of Liberation Sans, metric-compatible with Arial.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["FONT_DIR", "font_name", "register_fonts", "text_width"]

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
_FILES = {
    (False, False): "LiberationSans-Regular.ttf",
    (True, False): "LiberationSans-Bold.ttf",
    (False, True): "LiberationSans-Italic.ttf",
    (True, True): "LiberationSans-BoldItalic.ttf",
}


def font_name(bold: bool = False, italic: bool = False) -> str:
    """The reportlab name of the shipped face (registered on first use)."""
    register_fonts()
    return "PM-" + _FILES[(bold, italic)].removesuffix(".ttf")


@cache
def register_fonts() -> None:
    """Register the shipped faces with reportlab, once per process."""
    for file in _FILES.values():
        name = "PM-" + file.removesuffix(".ttf")
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    regular = "PM-LiberationSans-Regular"
    pdfmetrics.registerFontFamily(
        regular,
        normal=regular,
        bold="PM-LiberationSans-Bold",
        italic="PM-LiberationSans-Italic",
        boldItalic="PM-LiberationSans-BoldItalic",
    )


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """The advance width of ``text`` in points at ``size`` points."""
    return pdfmetrics.stringWidth(text, font_name(bold, italic), size)
