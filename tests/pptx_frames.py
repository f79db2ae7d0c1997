"""Measuring the text frames of a written deck with the writer's own layout model."""

from __future__ import annotations

from planmaterials.document import LineBreak, Span
from planmaterials.writers import slidefit
from planmaterials.writers.slidefit import TextPara

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
EMU = 12700  # per point


def measure_frame(shape) -> tuple[float, float]:
    """(height needed, height available) in points for a written text frame.

    Reads sizes, styles, margins and spacing back from the XML and applies the same layout
    model, so a test can check every frame of a finished deck independently of the writer's
    choices.
    """
    frame = shape.text_frame
    insets = [
        (v if v is not None else d) / EMU
        for v, d in (
            (frame.margin_left, 91440),
            (frame.margin_right, 91440),
            (frame.margin_top, 45720),
            (frame.margin_bottom, 45720),
        )
    ]
    width = shape.width / EMU - insets[0] - insets[1]
    available = shape.height / EMU - insets[2] - insets[3]
    needed = slidefit.HEIGHT_MARGIN
    for index, p in enumerate(shape.element.find(f"{_P}txBody").findall(f"{_A}p")):
        ppr = p.find(f"{_A}pPr")
        margin = int(ppr.get("marL", "0")) / EMU if ppr is not None else 0.0
        before = 0.0
        if ppr is not None:
            pts = ppr.find(f"{_A}spcBef/{_A}spcPts")
            if pts is not None:
                before = int(pts.get("val")) / 100
        content: list = []
        size = 18.0
        for child in p:
            if child.tag == f"{_A}r":
                rpr = child.find(f"{_A}rPr")
                size = int(rpr.get("sz")) / 100
                content.append(
                    Span(child.findtext(f"{_A}t") or "", rpr.get("b") == "1", rpr.get("i") == "1")
                )
            elif child.tag == f"{_A}br":
                content.append(LineBreak())
        # A frame-relative paragraph: express the margin as its own "depth" at this size.
        para = TextPara(tuple(content), depth=0)
        lines = slidefit.line_count(para, size, width - margin)
        needed += lines * slidefit.LINE_PITCH * size + (before if index else 0.0)
    return needed, available
