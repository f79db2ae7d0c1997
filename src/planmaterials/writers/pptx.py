"""The PowerPoint writer: a Document of slides into .pptx bytes, with python-pptx.

Slides are 16:9. Every text frame is sized by :mod:`.slidefit` before it is written (auto-fit
stays off), and a list too long for one slide continues on the next, titled "(1/2)", "(2/2)".
Every run, in slides and notes, carries the document's language; nothing names the library.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import XmlPart
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..document import (
    Diagram,
    Document,
    LayoutError,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Slide,
    Span,
)
from ..limits import core_property
from ..theme import Theme
from ..transforms import unknown_block
from . import slidefit
from .colours import readable, tint
from .fonts import text_width
from .package import normalize_zip
from .pptx_diagrams import draw_diagram
from .slidefit import TextPara

__all__ = ["BLOCKS", "slide_paras", "write_pptx"]

# A deck shows slides, and draws diagrams on them: the transforms turn headings and the text
# and diagrams under them into slides first.
BLOCKS = frozenset({Slide, Diagram})

SLIDE_WIDTH, SLIDE_HEIGHT = 960.0, 540.0  # points: 13.333 × 7.5 in
MARGIN = 48.0
BAR_HEIGHT = 92.0  # the title bar of content slides
ACCENT_HEIGHT = 5.0
BODY_TOP = BAR_HEIGHT + ACCENT_HEIGHT + 24.0
FOOTER_TOP = SLIDE_HEIGHT - 34.0
# Slide text is read across a room: titles at least 28 pt, all other text at least 20 pt. The
# smaller sizes after them are a last resort for texts too long to fit otherwise.
TITLE_SIZES = (32, 30, 28, 26, 24, 22, 20, 18)
HERO_TITLE_SIZES = (44, 40, 36, 32, 28, 24, 20)
SUBTITLE_SIZES = (24, 22, 20, 18, 16, 14)
BODY_SIZES = (28, 26, 24, 22, 20)
LEAD_SIZES = (24, 22, 20)  # text above a diagram
LEAD_SHARE = 0.4  # of the body's height, at most, for text above a diagram
FOOTER_SIZE = 11.0
ROW_COUNTS = (2, 6)  # lists of this many items fill the slide as rows
ROWS_CLEARANCE = 10.0  # more room above the footer: the last row ends in a line of text
ROW_AIR, MAX_ROW_AIR = 0.6, 80.0  # free height in a row: at least 0.6 em, at most 80 pt
BADGE, BADGE_GAP = 48.0, 20.0  # the circles with a numbered list's numbers
_LAYOUT = {"title": 0, "content": 1, "section": 2}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def _paragraph_xml(p):
    """The ``a:p`` element of a python-pptx paragraph.

    python-pptx offers no public access to it, and paragraph spacing, margins and bullets need
    it; ``_p`` is where the paragraph keeps it (tests/writers/test_library_internals.py checks).
    """
    return p._p


# -- from blocks to the layout model --------------------------------------------------------


def slide_paras(blocks: tuple[Paragraph | ListBlock | Diagram, ...]) -> list[TextPara]:
    """The paragraphs of a slide body as the layout model sees them (diagrams aside).

    Every paragraph has the frame's size: small print has no place on a slide.
    """
    paras: list[TextPara] = []
    for block in blocks:
        match block:
            case Paragraph(content=content, style=style):
                paras.append(TextPara(content, italic=style == "lead", space_before=0.6))
            case ListBlock():
                paras.extend(_list_paras(block, depth=1, space_before=0.6))
    return paras


def _list_paras(block: ListBlock, depth: int, space_before: float) -> Iterator[TextPara]:
    for number, item in enumerate(block.items, start=1):
        yield TextPara(
            item.content,
            depth=depth,
            bullet="number" if block.ordered else "bullet",
            number=number,
            space_before=space_before if number == 1 else 0.3,
        )
        for child in item.children:
            yield from _list_paras(child, depth + 1, 0.2)


@dataclasses.dataclass(frozen=True)
class ListRows:
    """A short list laid out as rows, each item in the middle of its row.

    ``rows`` are each row's top (from the top of the body) and height; ``paras`` carry the
    spacing that puts every item in the middle of its row, and ``inset`` is the space above
    the first.
    """

    paras: tuple[TextPara, ...]
    size: float
    rows: tuple[tuple[float, float], ...]
    inset: float
    ordered: bool

    @property
    def height(self) -> float:
        top, height = self.rows[-1]
        return top + height


def list_rows(paras: list[TextPara], width: float, height: float) -> ListRows | None:
    """A list of two to six single items as rows over the whole body, or None.

    A short list set from the top leaves the lower part of a slide empty; as rows with equal
    air between them, at the largest size that leaves each item some air, it fills the slide.
    A numbered list gets its numbers as badges beside the rows, so its text has no numbering.
    """
    if not ROW_COUNTS[0] <= len(paras) <= ROW_COUNTS[1] or any(
        p.depth != 1 or p.bullet not in ("bullet", "number") for p in paras
    ):
        return None
    ordered = paras[0].bullet == "number"
    if ordered:
        paras = [dataclasses.replace(p, depth=0, bullet=None, number=0) for p in paras]
        width -= BADGE + BADGE_GAP
    for size in BODY_SIZES:
        heights = [
            slidefit.text_height([dataclasses.replace(p, space_before=0)], size, width)
            - slidefit.HEIGHT_MARGIN
            for p in paras
        ]
        air = min((height - slidefit.HEIGHT_MARGIN - sum(heights)) / len(paras), MAX_ROW_AIR)
        if air < ROW_AIR * size:
            continue
        rows, top = [], 0.0
        for h in heights:
            rows.append((top, h + air))
            top += h + air
        spaced = [dataclasses.replace(paras[0], space_before=0.0)]
        spaced += [dataclasses.replace(p, space_before=air / size) for p in paras[1:]]
        return ListRows(tuple(spaced), size, tuple(rows), air / 2, ordered)
    return None


# -- writing ----------------------------------------------------------------------------


class _Deck:
    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.colours = {
            name: RGBColor.from_string(getattr(theme.colours, name).lstrip("#").upper())
            for name in ("primary", "secondary", "accent", "text", "background")
        }
        # The footer is small text: in the secondary colour only where that is readable.
        footer = readable(theme.colours.secondary, theme.colours.background, theme.colours.text)
        self.colours["footer"] = RGBColor.from_string(footer.lstrip("#").upper())
        self.prs = Presentation()
        self.prs.slide_width = _emu(SLIDE_WIDTH)
        self.prs.slide_height = _emu(SLIDE_HEIGHT)
        self.number = 0

    def write(self) -> bytes:
        for block in self.document.blocks:
            match block:
                case Slide():
                    self.slide(block)
                case Diagram():
                    # A picture on its own is a slide of its own, under the document's title.
                    self.slide(Slide(self.document.title, "content", (block,)))
                case _:
                    unknown_block(block, "PowerPoint")
        self.package_parts()
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return normalize_zip(buffer.getvalue(), self.document.date)

    def emu(self, points: float) -> Emu:
        return _emu(points)

    def slide(self, slide: Slide) -> None:
        diagrams = [block for block in slide.blocks if isinstance(block, Diagram)]
        if slide.layout == "content" and diagrams:
            self.diagram_slide(slide, diagrams)
        elif slide.layout == "content":
            width, height = SLIDE_WIDTH - 2 * MARGIN, FOOTER_TOP - 8 - BODY_TOP
            paras = slide_paras(slide.blocks)
            rows = list_rows(paras, width, height - ROWS_CLEARANCE)
            if rows is not None:
                self.rows_slide(slide.title, rows, slide.notes)
                return
            parts = slidefit.paginate(paras, width, height, BODY_SIZES)
            for index, (paras, size) in enumerate(parts, start=1):
                title = slide.title if len(parts) == 1 else f"{slide.title} ({index}/{len(parts)})"
                self.content_slide(title, paras, size, slide.notes)
        else:
            self.hero_slide(slide)

    def new_slide(self, layout: str, notes: tuple[str, ...]):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[_LAYOUT[layout]])
        self.number += 1
        # Placeholders we do not fill would show "Click to add text" in an editor.
        for shape in list(slide.placeholders):
            if shape.placeholder_format.idx not in (0, 1):
                shape.element.getparent().remove(shape.element)
        if notes:
            frame = slide.notes_slide.notes_text_frame
            frame.text = "\n".join(notes)
            for p in frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(12)
        return slide

    def diagram_slide(self, slide: Slide, diagrams: list[Diagram]) -> None:
        """A content slide with a picture: its text on top, the diagram in the space below."""
        if len(diagrams) > 1:
            raise ValueError(f"the slide {slide.title!r} has more than one diagram")
        width, height = SLIDE_WIDTH - 2 * MARGIN, FOOTER_TOP - 8 - BODY_TOP
        paras = slide_paras(slide.blocks)
        text_height = 0.0
        size = LEAD_SIZES[-1]
        if paras:
            size = slidefit.largest_fitting_size(paras, width, height * LEAD_SHARE, LEAD_SIZES)
            if size is None:
                raise LayoutError(f"the text above the picture on '{slide.title}' is too long")
            text_height = slidefit.text_height(paras, size, width)
        page = self.content_slide(slide.title, tuple(paras), size, slide.notes, text_height)
        top = BODY_TOP + (text_height + 16 if paras else 8)
        draw_diagram(self, page, diagrams[0], (MARGIN, top, width, FOOTER_TOP - 12 - top))

    def rows_slide(self, title: str, rows: ListRows, notes: tuple[str, ...]) -> None:
        """A short list as rows spread over the slide: numbered badges or bullets, dividers.

        The text stays one list in the body placeholder (outline view and screen readers get
        it whole); its spacing puts each item in the middle of its row.
        """
        page = self.content_slide(title, rows.paras, rows.size, notes, rows.height)
        body = page.placeholders[1]
        left = MARGIN + (BADGE + BADGE_GAP if rows.ordered else 0.0)
        width = SLIDE_WIDTH - MARGIN - left
        self.place(body, left, BODY_TOP, width, rows.height, insets=(0, rows.inset, 0, 0))
        divider = tint(self.theme.colours.primary, 0.75)
        for n, (top, height) in enumerate(rows.rows):
            top += BODY_TOP
            if n:
                self.rectangle(page, MARGIN, top - 0.75, SLIDE_WIDTH - 2 * MARGIN, 1.5, divider)
            if rows.ordered:
                self.badge(page, n + 1, MARGIN, top + (height - BADGE) / 2, rows.size)

    def badge(self, slide, number: int, left: float, top: float, size: float) -> None:
        """A list item's number in a circle of the primary colour."""
        shape = slide.shapes.add_shape(
            MSO_SHAPE.OVAL, _emu(left), _emu(top), _emu(BADGE), _emu(BADGE)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.colours["primary"]
        shape.line.fill.background()
        shape.shadow.inherit = False
        style = shape.element.find(qn("p:style"))
        if style is not None:
            shape.element.remove(style)
        shape.name = f"Number {number}"
        self.place(shape, left, top, BADGE, BADGE)
        frame = shape.text_frame
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        p = frame.paragraphs[0]
        para = TextPara((Span(str(number), bold=True),))
        self.paragraph_format(p, para, size, align="ctr")
        run = self.run(p, Span(str(number), bold=True), size, None)
        run.font.color.rgb = self.colours["background"]

    def content_slide(
        self,
        title: str,
        paras: tuple[TextPara, ...],
        size: float,
        notes: tuple[str, ...],
        body_height: float | None = None,
    ):
        slide = self.new_slide("content", notes)
        title_shape, body = slide.placeholders[0], slide.placeholders[1]
        # The title placeholder is the title bar itself, so that it comes first in reading
        # order (first in the shape tree) and nothing is drawn over it.
        self.place(title_shape, 0, 0, SLIDE_WIDTH, BAR_HEIGHT, insets=(MARGIN, 10, MARGIN, 10))
        title_shape.fill.solid()
        title_shape.fill.fore_color.rgb = self.colours["primary"]
        self.title_text(
            title_shape,
            title,
            TITLE_SIZES,
            SLIDE_WIDTH - 2 * MARGIN,
            BAR_HEIGHT - 20,
            self.colours["background"],
            MSO_ANCHOR.MIDDLE,
        )
        if paras:
            height = body_height if body_height is not None else FOOTER_TOP - 8 - BODY_TOP
            self.place(body, MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, height)
            self.body_text(body, paras, size, self.colours["text"])
        else:
            body.element.getparent().remove(body.element)
        self.rectangle(slide, 0, BAR_HEIGHT, SLIDE_WIDTH, ACCENT_HEIGHT, "accent")
        self.footer(slide)
        return slide

    def hero_slide(self, slide: Slide) -> None:
        """The opening slide and section dividers: the title large on the primary colour."""
        page = self.new_slide(slide.layout, slide.notes)
        page.background.fill.solid()
        page.background.fill.fore_color.rgb = self.colours["primary"]
        width = SLIDE_WIDTH - 2 * MARGIN - 40
        title_shape = page.placeholders[0]
        self.place(title_shape, MARGIN + 20, 110, width, 190)
        self.title_text(
            title_shape,
            slide.title,
            HERO_TITLE_SIZES,
            width,
            190,
            self.colours["background"],
            MSO_ANCHOR.BOTTOM,
        )
        body = page.placeholders[1]
        self.place(body, MARGIN + 20, 330, width, 150)
        paras = slide_paras(slide.blocks)
        size = slidefit.largest_fitting_size(paras, width, 150, SUBTITLE_SIZES)
        if size is None:
            raise LayoutError(f"the text under '{slide.title}' is too long for an opening slide")
        if paras:
            self.body_text(body, tuple(paras), size, self.colours["background"])
        else:
            body.element.getparent().remove(body.element)
        self.rectangle(page, MARGIN + 20, 312, 120, 6, "accent")
        if self.theme.logo is not None:
            picture = page.shapes.add_picture(
                str(self.theme.logo), _emu(MARGIN + 20), _emu(36), height=_emu(52)
            )
            picture.element.nvPicPr.cNvPr.set("descr", self.document.author)

    # -- shapes ------------------------------------------------------------------------------

    def place(self, shape, left, top, width, height, insets=(0, 0, 0, 0)) -> None:
        shape.left, shape.top = _emu(left), _emu(top)
        shape.width, shape.height = _emu(width), _emu(height)
        frame = shape.text_frame
        frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = (
            _emu(v) for v in insets
        )
        frame.word_wrap = True
        # No auto-fit element at all: the master says noAutofit. LibreOffice 7.4 shrinks text
        # in a shape that says <a:noAutofit/> itself when paragraphs have space before.
        body_pr = shape.element.txBody.bodyPr
        for child in list(body_pr):
            if child.tag in (qn("a:noAutofit"), qn("a:normAutofit"), qn("a:spAutoFit")):
                body_pr.remove(child)

    def rectangle(self, slide, left, top, width, height, colour: str) -> None:
        """A plain rectangle in a theme colour (by name) or any ``#RRGGBB`` colour."""
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, _emu(left), _emu(top), _emu(width), _emu(height)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = (
            RGBColor.from_string(colour.lstrip("#").upper())
            if colour.startswith("#")
            else self.colours[colour]
        )
        shape.line.fill.background()
        shape.shadow.inherit = False
        # The default style would still give LibreOffice a shadow to draw.
        style = shape.element.find(qn("p:style"))
        if style is not None:
            shape.element.remove(style)
        shape.name = f"Decoration {shape.shape_id}"
        # Decoration has nothing to read: mark it so screen readers skip it.
        shape.element.nvSpPr.cNvPr.set("descr", "")

    def footer(self, slide) -> None:
        text = self.document.footer or self.document.author
        width = SLIDE_WIDTH - 2 * MARGIN - 80
        size = FOOTER_SIZE
        while size > 7 and text_width(text, size) > width * slidefit.WRAP_FACTOR:
            size -= 0.5
        for left, box_width, words, align in (
            (MARGIN, width, text, None),
            (SLIDE_WIDTH - MARGIN - 60, 60, str(self.number), "r"),
        ):
            box = slide.shapes.add_textbox(_emu(left), _emu(FOOTER_TOP), _emu(box_width), _emu(20))
            self.place(box, left, FOOTER_TOP, box_width, 20)
            box.text_frame.word_wrap = False
            p = box.text_frame.paragraphs[0]
            if align:
                _paragraph_xml(p).get_or_add_pPr().set("algn", align)
            self.run(p, Span(words), size if align is None else FOOTER_SIZE, "footer")

    # -- text -------------------------------------------------------------------------------

    def title_text(self, shape, title, sizes, width, height, colour, anchor) -> None:
        para = TextPara((Span(title),), bold=True)
        size = slidefit.largest_fitting_size([para], width, height, sizes) or sizes[-1]
        frame = shape.text_frame
        frame.vertical_anchor = anchor
        p = frame.paragraphs[0]
        self.paragraph_format(p, para, size, align="l")
        run = self.run(p, Span(title, bold=True), size, None, heading=True)
        run.font.color.rgb = colour

    def body_text(self, shape, paras, size, colour) -> None:
        frame = shape.text_frame
        frame.vertical_anchor = MSO_ANCHOR.TOP
        for index, para in enumerate(paras):
            p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            self.paragraph_format(p, para, size)
            own = size * para.scale
            for item in para.content:
                if isinstance(item, LineBreak):
                    p.add_line_break()
                    continue
                span = dataclasses.replace(
                    item, bold=item.bold or para.bold, italic=item.italic or para.italic
                )
                run = self.run(p, span, own, None)
                run.font.color.rgb = colour

    def paragraph_format(self, p, para: TextPara, size: float, align: str = "l") -> None:
        own = size * para.scale
        ppr = _paragraph_xml(p).get_or_add_pPr()
        margin = slidefit.left_margin(para, size)
        ppr.set("marL", str(_emu(margin)))
        ppr.set("indent", str(-_emu(slidefit.BULLET_EM * own)) if para.depth else "0")
        ppr.set("algn", align)
        for tag, value in (("lnSpc", None), ("spcBef", para.space_before * own)):
            element = etree.SubElement(ppr, f"{_A}{tag}")
            if value is None:
                etree.SubElement(element, f"{_A}spcPct").set("val", "100000")
            else:
                etree.SubElement(element, f"{_A}spcPts").set("val", str(round(value * 100)))
        if para.bullet in ("bullet", "number"):
            etree.SubElement(ppr, f"{_A}buClr").append(self.colour_element("primary"))
            etree.SubElement(ppr, f"{_A}buFont").set("typeface", self.theme.body_font)
            if para.bullet == "bullet":
                etree.SubElement(ppr, f"{_A}buChar").set("char", "•" if para.depth == 1 else "–")
            else:
                auto = etree.SubElement(ppr, f"{_A}buAutoNum")
                auto.set("type", "arabicPeriod")
                if para.number != 1:
                    auto.set("startAt", str(para.number))
        else:
            etree.SubElement(ppr, f"{_A}buNone")

    def colour_element(self, name: str) -> etree._Element:
        element = etree.Element(f"{_A}srgbClr")
        element.set("val", getattr(self.theme.colours, name).lstrip("#").upper())
        return element

    def run(self, p, span: Span, size: float, colour: str | None, heading: bool = False):
        run = p.add_run()
        run.text = span.text
        font = run.font
        font.size = Pt(size)
        font.bold = span.bold
        font.italic = span.italic
        font.name = self.theme.heading_font if heading else self.theme.body_font
        if colour:
            font.color.rgb = self.colours[colour]
        if isinstance(span, Link):
            run.hyperlink.address = span.target  # an a:hlinkClick to an external target
        return run

    # -- package ----------------------------------------------------------------------------

    def package_parts(self) -> None:
        """Language everywhere, theme fonts and colours, and metadata without boilerplate."""
        package = self.prs.part.package
        for part in package.iter_parts():
            if isinstance(part, XmlPart):
                # python-pptx has no public access to a part's XML; ``_element`` is what it
                # serialises on saving (tests/writers/test_library_internals.py checks it).
                element = part._element
                # LibreOffice applies the master's shrink-on-overflow even where a slide's
                # shape says noAutofit; our sizes are measured, so no shape may shrink.
                for autofit in list(element.iter(qn("a:normAutofit"))):
                    autofit.addnext(etree.Element(qn("a:noAutofit")))
                    autofit.getparent().remove(autofit)
                for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
                    for rpr in element.iter(qn(tag)):
                        rpr.set("lang", self.document.lang)
            name = str(part.partname)
            if name.startswith("/ppt/theme/") and not isinstance(part, XmlPart):
                # The slides' theme; the notes master's theme (an XML part) keeps its defaults.
                part.blob = self.theme_xml(part.blob)
            elif name == "/docProps/app.xml":
                part.blob = _APP_XML
        # The template's thumbnail shows python-pptx's sample, not our first slide.
        thumbnail = package.part_related_by(RT.THUMBNAIL)
        package.drop_rel(package.relate_to(thumbnail, RT.THUMBNAIL))
        props = self.prs.core_properties
        moment = dt.datetime.combine(self.document.date, dt.time(12, 0))
        props.title = core_property(self.document.title)
        props.subject = core_property(self.document.subject)
        props.keywords = core_property(", ".join(self.document.keywords))
        props.author = core_property(self.document.author)
        props.last_modified_by = core_property(self.document.author)
        props.comments = ""
        props.language = self.document.lang
        props.created = moment
        props.modified = moment
        props.revision = 1

    def theme_xml(self, blob: bytes) -> bytes:
        text = blob.decode("utf-8")
        for tag, font in (
            ("majorFont", self.theme.heading_font),
            ("minorFont", self.theme.body_font),
        ):
            text = re.sub(
                rf'(<a:{tag}><a:latin typeface=")[^"]*"', rf'\g<1>{_xml_attr(font)}"', text
            )
        for slot, name in (
            ("dk2", "primary"),
            ("accent1", "primary"),
            ("accent2", "secondary"),
            ("accent3", "accent"),
        ):
            colour = getattr(self.theme.colours, name).lstrip("#").upper()
            text = re.sub(
                rf"<a:{slot}>.*?</a:{slot}>",
                f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>',
                text,
            )
        return text.encode("utf-8")


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<PresentationFormat>Widescreen</PresentationFormat></Properties>"
)


def write_pptx(document: Document, theme: Theme) -> bytes:
    """Write ``document`` as .pptx bytes; the same document always gives the same bytes."""
    return _Deck(document, theme).write()
