"""Font metrics for layout: measuring text with the font files we ship.

Writers that must keep text inside a box (PDF poster panels, slides) measure with the real
advance widths of Liberation Sans, metric-compatible with Arial.

reportlab reads a TrueType file glyph by glyph (~10 ms a face); what it read is kept in the
cache folder (see :mod:`planmaterials.cachefolder`) for the next run, under a key of the file's
bytes, its path, the reportlab and Python versions and the way it is stored, and read again
whenever anything differs.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import sys
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..cachefolder import cache_folder, private_folder, write_atomically

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
    folder = cache_folder()
    folder = private_folder(folder) if folder is not None else None
    for file in _FILES.values():
        name = "PM-" + file.removesuffix(".ttf")
        pdfmetrics.registerFont(_font(name, FONT_DIR / file, folder))
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


def _font(name: str, path: Path, folder: Path | None) -> TTFont:
    """reportlab's font ``name`` from the file at ``path``: as read before, or read now."""
    if folder is None:
        return TTFont(name, str(path))
    data = path.read_bytes()
    key = f"{_STORED_AS}\0{name}\0{path}\0{reportlab.Version}\0{sys.version}\0".encode()
    stored = folder / f"font-{hashlib.sha256(key + data).hexdigest()}.pickle"
    try:
        return _loaded(stored.read_bytes(), data)
    except Exception:  # none yet, or damaged or unreadable: read the font file
        pass
    font = TTFont(name, str(path))
    write_atomically(stored, _stored(font))
    return font


_STORED_AS = 1  # the layout of a stored font (see _stored): a new one never reads an old one


# What a pickle cannot hold is left out and made again: the per-document state (weak references)
# and the face's function that scales its font units to PDF units, from its units per em. The
# file's bytes, which the face keeps to embed subsets of it, are read from the file itself.
def _stored(font: TTFont) -> bytes:
    face = font.face
    state, scale, data = font.state, face._pdfScale, face._ttf_data
    font.state = None
    del face._pdfScale, face._ttf_data
    try:
        return pickle.dumps(font, pickle.HIGHEST_PROTOCOL)
    finally:
        font.state, face._pdfScale, face._ttf_data = state, scale, data


def _loaded(stored: bytes, data: bytes) -> TTFont:
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small objects, none of them garbage
    try:
        font = pickle.loads(stored)
    finally:
        if collecting:
            gc.enable()
    if not isinstance(font, TTFont):
        raise TypeError("not a font")
    font.state = WeakKeyDictionary()
    font.face._ttf_data = data
    units = font.face.unitsPerEm
    # reportlab's own rule (ttfonts.TTFontFile.extractInfo): font units per 1000 PDF units
    font.face._pdfScale = (lambda x: x) if units == 1000 else _Scale(1000 / units)
    return font


class _Scale:
    """Multiplies by a fixed factor, as reportlab's scaling function does."""

    def __init__(self, factor: float) -> None:
        self.factor = factor

    def __call__(self, value: float) -> float:
        return value * self.factor
