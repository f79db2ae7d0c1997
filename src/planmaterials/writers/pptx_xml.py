"""Slide XML written as text: shapes, text bodies, paragraphs and runs of one slide.

Building a tree of objects for every run and serialising it again costs more than the rest of
the writer together; a slide is a flat list of shapes, so the writer emits their XML directly.
Positions are in points and become EMU here; every run carries the document's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Box", "SlideXml", "TextBody", "emu", "esc", "paragraph", "run"]

EMU_PER_POINT = 12700
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0

RT_LAYOUT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
RT_NOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"
RT_LINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

_SLIDE_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:cSld>'
)
_TREE_OPEN = (
    '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    "<p:grpSpPr/>"
)
_SLIDE_CLOSE = "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
# The line style PowerPoint gives a new connector (theme line and effect references).
_CONNECTOR_STYLE = (
    '<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef>'
    '<a:fillRef idx="0"><a:schemeClr val="accent1"/></a:fillRef>'
    '<a:effectRef idx="1"><a:schemeClr val="accent1"/></a:effectRef>'
    '<a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style>'
)


def emu(points: float) -> int:
    return round(points * EMU_PER_POINT)


def esc(text: str) -> str:
    """``text`` as XML character data or attribute value (quotes included)."""
    text = _INVALID.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in points."""

    left: float
    top: float
    width: float
    height: float

    @property
    def centre(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2

    def xfrm(self) -> str:
        return (
            f'<a:xfrm><a:off x="{emu(self.left)}" y="{emu(self.top)}"/>'
            f'<a:ext cx="{emu(self.width)}" cy="{emu(self.height)}"/></a:xfrm>'
        )


@dataclass(frozen=True)
class TextBody:
    """A shape's text: its paragraphs (``a:p`` XML), insets in points, anchor and wrapping.

    No auto-fit element at all: sizes are measured, and LibreOffice 7.4 shrinks text in a
    shape that says ``<a:noAutofit/>`` itself when paragraphs have space before.
    """

    paragraphs: str
    insets: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    anchor: str = "t"
    wrap: bool = True

    def xml(self) -> str:
        left, top, right, bottom = (emu(v) for v in self.insets)
        return (
            f'<p:txBody><a:bodyPr lIns="{left}" tIns="{top}" rIns="{right}" bIns="{bottom}"'
            f' wrap="{"square" if self.wrap else "none"}" anchor="{self.anchor}"/>'
            f"<a:lstStyle/>{self.paragraphs}</p:txBody>"
        )


def run(
    text: str,
    size: float,
    lang: str,
    font: str,
    *,
    bold: bool = False,
    italic: bool = False,
    colour: str | None = None,
    link: str | None = None,
) -> str:
    """An ``a:r`` run; ``colour`` is ``#RRGGBB`` or ``RRGGBB``; ``link`` a relationship id."""
    fill = _fill(colour) if colour else ""
    click = f'<a:hlinkClick r:id="{link}"/>' if link else ""
    return (
        f'<a:r><a:rPr lang="{lang}" sz="{round(size * 100)}" b="{int(bold)}" i="{int(italic)}">'
        f'{fill}<a:latin typeface="{esc(font)}"/>{click}</a:rPr><a:t>{esc(text)}</a:t></a:r>'
    )


def paragraph(
    runs: str,
    *,
    align: str = "l",
    margin: float = 0.0,
    indent: float = 0.0,
    space_before: float = 0.0,
    bullet: str = "<a:buNone/>",
) -> str:
    """An ``a:p`` with explicit margins, spacing (points) and bullet (``a:bu*`` XML)."""
    return (
        f'<a:p><a:pPr marL="{emu(margin)}" indent="{emu(indent)}" algn="{align}">'
        '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{round(space_before * 100)}"/></a:spcBef>'
        f"{bullet}</a:pPr>{runs}</a:p>"
    )


@dataclass
class SlideXml:
    """One slide being written: its shapes in reading order and its relationships.

    Relationship ``rId1`` is the slide's layout and ``rId2`` its notes slide (written by the
    package when the slide has notes); hyperlinks and pictures follow from ``rId3``.
    """

    layout: int
    background: str | None = None
    notes: tuple[str, ...] = ()
    shapes: list[str] = field(default_factory=list)
    rels: list[tuple[str, str, bool]] = field(default_factory=list)
    next_id: int = 2

    def _id(self) -> int:
        shape_id, self.next_id = self.next_id, self.next_id + 1
        return shape_id

    def relate(self, kind: str, target: str, external: bool = False) -> str:
        """The id of a relationship of this slide (the same target gets the same id)."""
        if (kind, target, external) not in self.rels:
            self.rels.append((kind, target, external))
        return f"rId{self.rels.index((kind, target, external)) + 3}"

    def placeholder(
        self, kind: str, idx: int, box: Box, body: TextBody, name: str, fill: str | None = None
    ) -> int:
        """A placeholder of the layout (``kind`` is its ``p:ph`` type, "" for a body)."""
        shape_id = self._id()
        kind_attr = f' type="{kind}"' if kind else ""
        idx_attr = f' idx="{idx}"' if idx else ""
        ph = f"<p:ph{kind_attr}{idx_attr}/>"
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{esc(name)} {shape_id - 1}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
            f"<p:spPr>{box.xfrm()}{_fill(fill) if fill else ''}</p:spPr>{body.xml()}</p:sp>"
        )
        return shape_id

    def shape(
        self,
        geometry: str,
        box: Box,
        fill: str,
        name: str,
        body: TextBody | None = None,
        adjust: float | None = None,
        decoration: bool = False,
    ) -> int:
        """A preset shape (``rect``, ``roundRect``, ``ellipse``, ``homePlate``, ``chevron``).

        ``name`` may hold ``{id}``. Decoration gets an empty description, so that screen
        readers skip it.
        """
        shape_id = self._id()
        guide = f'<a:gd name="adj" fmla="val {round(adjust * 100000)}"/>' if adjust else ""
        descr = ' descr=""' if decoration else ""
        text = body.xml() if body else _EMPTY_BODY
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{esc(name.format(id=shape_id))}"'
            f"{descr}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{box.xfrm()}"
            f'<a:prstGeom prst="{geometry}"><a:avLst>{guide}</a:avLst></a:prstGeom>'
            f"{_fill(fill)}<a:ln><a:noFill/></a:ln><a:effectLst/></p:spPr>{text}</p:sp>"
        )
        return shape_id

    def textbox(self, box: Box, name: str, body: TextBody) -> int:
        shape_id = self._id()
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{esc(name)}"/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{box.xfrm()}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f"{body.xml()}</p:sp>"
        )
        return shape_id

    def connector(
        self, start: tuple[float, float], end: tuple[float, float], colour: str, width: float
    ) -> int:
        """A straight line from ``start`` to ``end`` with an arrowhead at ``end``."""
        shape_id = self._id()
        (x1, y1), (x2, y2) = ((emu(x), emu(y)) for x, y in (start, end))
        flips = ("" if x2 >= x1 else ' flipH="1"') + ("" if y2 >= y1 else ' flipV="1"')
        self.shapes.append(
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="Arrow"/><p:cNvCxnSpPr/>'
            f"<p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm{flips}>"
            f'<a:off x="{min(x1, x2)}" y="{min(y1, y2)}"/>'
            f'<a:ext cx="{abs(x2 - x1)}" cy="{abs(y2 - y1)}"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{emu(width)}">'
            f"{_fill(colour)}"
            f'<a:tailEnd type="triangle" w="med" len="med"/></a:ln></p:spPr>'
            f"{_CONNECTOR_STYLE}</p:cxnSp>"
        )
        return shape_id

    def picture(self, target: str, box: Box, description: str) -> int:
        """A picture (the logo); ``target`` is its part, relative to the slide."""
        shape_id = self._id()
        rel = self.relate(RT_IMAGE, target)
        self.shapes.append(
            f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id - 1}"'
            f' descr="{esc(description)}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/>'
            f'</p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rel}"/>'
            f"<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{box.xfrm()}"
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        )
        return shape_id

    def xml(self) -> str:
        background = (
            f"<p:bg><p:bgPr>{_fill(self.background)}<a:effectLst/></p:bgPr></p:bg>"
            if self.background
            else ""
        )
        return f"{_SLIDE_OPEN}{background}{_TREE_OPEN}{''.join(self.shapes)}{_SLIDE_CLOSE}"


_EMPTY_BODY = (
    '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
    '<a:p><a:pPr algn="ctr"/></a:p></p:txBody>'
)


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill>'
