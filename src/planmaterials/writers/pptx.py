"""The PowerPoint writer: a Document of slides into .pptx bytes, slide XML written directly.

Slides are 16:9. Every text frame is sized by :mod:`.slidefit` before it is written (auto-fit
stays off), and a list too long for one slide continues on the next, titled "(1/2)", "(2/2)".
Every run, in slides and notes, carries the document's language; nothing names the library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

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
from ..images import image_size
from ..theme import Theme
from ..transforms import unknown_block
from . import slidefit
from .colours import readable, tint
from .fonts import text_width
from .pptx_diagrams import draw_diagram
from .pptx_package import DeckInfo, package
from .pptx_xml import RT_LINK, Box, SlideXml, TextBody, paragraph, run
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
        self.lang = document.lang
        colours = theme.colours
        self.colours = {
            name: getattr(colours, name) for name in ("primary", "secondary", "accent", "text")
        }
        self.colours["background"] = colours.background
        # The footer is small text: in the secondary colour only where that is readable.
        self.colours["footer"] = readable(colours.secondary, colours.background, colours.text)
        self.slides: list[SlideXml] = []
        self.media: list[tuple[str, bytes]] = []

    @property
    def number(self) -> int:
        return len(self.slides)

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
        document = self.document
        info = DeckInfo(
            title=document.title,
            subject=document.subject,
            keywords=", ".join(document.keywords),
            author=document.author,
            lang=document.lang,
            date=document.date,
            width=SLIDE_WIDTH,
            height=SLIDE_HEIGHT,
        )
        return package(self.slides, self.media, info, self.theme)

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

    def new_slide(self, layout: str, notes: tuple[str, ...]) -> SlideXml:
        # Only the placeholders we fill are written: an empty one would show "Click to add
        # text" in an editor.
        page = SlideXml(_LAYOUT[layout], notes=notes)
        self.slides.append(page)
        return page

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
        body = Box(MARGIN, BODY_TOP, width, text_height)
        page = self.content_slide(slide.title, tuple(paras), size, slide.notes, body)
        top = BODY_TOP + (text_height + 16 if paras else 8)
        draw_diagram(self, page, diagrams[0], (MARGIN, top, width, FOOTER_TOP - 12 - top))

    def rows_slide(self, title: str, rows: ListRows, notes: tuple[str, ...]) -> None:
        """A short list as rows spread over the slide: numbered badges or bullets, dividers.

        The text stays one list in the body placeholder (outline view and screen readers get
        it whole); its spacing puts each item in the middle of its row.
        """
        left = MARGIN + (BADGE + BADGE_GAP if rows.ordered else 0.0)
        body = Box(left, BODY_TOP, SLIDE_WIDTH - MARGIN - left, rows.height)
        page = self.content_slide(
            title, rows.paras, rows.size, notes, body, insets=(0, rows.inset, 0, 0)
        )
        divider = tint(self.theme.colours.primary, 0.75)
        for n, (top, height) in enumerate(rows.rows):
            top += BODY_TOP
            if n:
                self.rectangle(page, MARGIN, top - 0.75, SLIDE_WIDTH - 2 * MARGIN, 1.5, divider)
            if rows.ordered:
                self.badge(page, n + 1, MARGIN, top + (height - BADGE) / 2, rows.size)

    def badge(self, page: SlideXml, number: int, left: float, top: float, size: float) -> None:
        """A list item's number in a circle of the primary colour."""
        text = self.paragraph(
            TextPara((Span(str(number), bold=True),)), size, self.colours["background"], "ctr"
        )
        page.shape(
            "ellipse",
            Box(left, top, BADGE, BADGE),
            self.colours["primary"],
            f"Number {number}",
            TextBody(text, anchor="ctr"),
        )

    def content_slide(
        self,
        title: str,
        paras: tuple[TextPara, ...],
        size: float,
        notes: tuple[str, ...],
        body: Box | None = None,
        insets: tuple[float, float, float, float] = (0, 0, 0, 0),
    ) -> SlideXml:
        page = self.new_slide("content", notes)
        # The title placeholder is the title bar itself, so that it comes first in reading
        # order (first in the shape tree) and nothing is drawn over it.
        text = self.title_text(
            title, TITLE_SIZES, SLIDE_WIDTH - 2 * MARGIN, BAR_HEIGHT - 20, "background"
        )
        page.placeholder(
            "title",
            0,
            Box(0, 0, SLIDE_WIDTH, BAR_HEIGHT),
            TextBody(text, (MARGIN, 10, MARGIN, 10), "ctr"),
            "Title",
            fill=self.colours["primary"],
        )
        if paras:
            box = body or Box(MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, FOOTER_TOP - 8 - BODY_TOP)
            text = self.body_text(page, paras, size, self.colours["text"])
            page.placeholder("", 1, box, TextBody(text, insets), "Content Placeholder")
        self.rectangle(page, 0, BAR_HEIGHT, SLIDE_WIDTH, ACCENT_HEIGHT, self.colours["accent"])
        self.footer(page)
        return page

    def hero_slide(self, slide: Slide) -> None:
        """The opening slide and section dividers: the title large on the primary colour."""
        page = self.new_slide(slide.layout, slide.notes)
        page.background = self.colours["primary"]
        width = SLIDE_WIDTH - 2 * MARGIN - 40
        opening = slide.layout == "title"
        text = self.title_text(slide.title, HERO_TITLE_SIZES, width, 190, "background")
        page.placeholder(
            "ctrTitle" if opening else "title",
            0,
            Box(MARGIN + 20, 110, width, 190),
            TextBody(text, anchor="b"),
            "Title",
        )
        paras = slide_paras(slide.blocks)
        size = slidefit.largest_fitting_size(paras, width, 150, SUBTITLE_SIZES)
        if size is None:
            raise LayoutError(f"the text under '{slide.title}' is too long for an opening slide")
        if paras:
            text = self.body_text(page, tuple(paras), size, self.colours["background"])
            page.placeholder(
                "subTitle" if opening else "body",
                1,
                Box(MARGIN + 20, 330, width, 150),
                TextBody(text),
                "Subtitle" if opening else "Text Placeholder",
            )
        self.rectangle(page, MARGIN + 20, 312, 120, 6, self.colours["accent"])
        if self.theme.logo is not None:
            self.logo(page, MARGIN + 20, 36, 52)

    # -- shapes ------------------------------------------------------------------------------

    def logo(self, page: SlideXml, left: float, top: float, height: float) -> None:
        """The theme's logo, ``height`` points high, its alt text the organisation."""
        data = self.theme.logo.read_bytes()
        pixels = image_size(data)
        if pixels is None:
            raise ValueError(f"the logo {self.theme.logo} is not a PNG or JPEG image")
        extension = "png" if data.startswith(b"\x89PNG") else "jpeg"
        name = f"image1.{extension}"
        if not self.media:
            self.media.append((name, data))
        width = height * pixels[0] / pixels[1]
        page.picture(f"../media/{name}", Box(left, top, width, height), self.document.author)

    def rectangle(self, page: SlideXml, left, top, width, height, colour: str) -> None:
        """A plain rectangle in ``#RRGGBB``: decoration, which screen readers skip."""
        box = Box(left, top, width, height)
        page.shape("rect", box, colour, "Decoration {id}", decoration=True)

    def footer(self, page: SlideXml) -> None:
        text = self.document.footer or self.document.author
        width = SLIDE_WIDTH - 2 * MARGIN - 80
        size = FOOTER_SIZE
        while size > 7 and text_width(text, size) > width * slidefit.WRAP_FACTOR:
            size -= 0.5
        colour = self.colours["footer"]
        for left, box_width, words, align, own in (
            (MARGIN, width, text, "l", size),
            (SLIDE_WIDTH - MARGIN - 60, 60, str(self.number), "r", FOOTER_SIZE),
        ):
            runs = run(words, own, self.lang, self.theme.body_font, colour=colour)
            body = TextBody(paragraph(runs, align=align), wrap=False)
            page.textbox(Box(left, FOOTER_TOP, box_width, 20), f"TextBox {page.next_id - 1}", body)

    # -- text -------------------------------------------------------------------------------

    def title_text(self, title: str, sizes, width: float, height: float, colour: str) -> str:
        para = TextPara((Span(title),), bold=True)
        size = slidefit.largest_fitting_size([para], width, height, sizes) or sizes[-1]
        runs = run(
            title, size, self.lang, self.theme.heading_font, bold=True, colour=self.colours[colour]
        )
        return self.paragraph_xml(para, size, runs, "l")

    def body_text(self, page: SlideXml, paras, size: float, colour: str) -> str:
        return "".join(self.paragraph(para, size, colour, "l", page) for para in paras)

    def paragraph(
        self, para: TextPara, size: float, colour: str, align: str, page: SlideXml | None = None
    ) -> str:
        """A paragraph of the layout model as XML, every run at the paragraph's own size."""
        own = size * para.scale
        runs = []
        for item in para.content:
            if isinstance(item, LineBreak):
                runs.append("<a:br/>")
                continue
            link = None
            if isinstance(item, Link) and page is not None:
                link = page.relate(RT_LINK, item.target, external=True)
            runs.append(
                run(
                    item.text,
                    own,
                    self.lang,
                    self.theme.body_font,
                    bold=item.bold or para.bold,
                    italic=item.italic or para.italic,
                    colour=colour,
                    link=link,
                )
            )
        return self.paragraph_xml(para, size, "".join(runs), align)

    def paragraph_xml(self, para: TextPara, size: float, runs: str, align: str) -> str:
        own = size * para.scale
        if para.bullet in ("bullet", "number"):
            colour = self.colours["primary"].lstrip("#").upper()
            font = self.theme.body_font.replace("&", "&amp;").replace('"', "&quot;")
            marker = (
                f'<a:buChar char="{"•" if para.depth == 1 else "–"}"/>'
                if para.bullet == "bullet"
                else '<a:buAutoNum type="arabicPeriod"'
                + (f' startAt="{para.number}"' if para.number != 1 else "")
                + "/>"
            )
            bullet = (
                f'<a:buClr><a:srgbClr val="{colour}"/></a:buClr>'
                f'<a:buFont typeface="{font}"/>{marker}'
            )
        else:
            bullet = "<a:buNone/>"
        return paragraph(
            runs,
            align=align,
            margin=slidefit.left_margin(para, size),
            indent=-slidefit.BULLET_EM * own if para.depth else 0.0,
            space_before=para.space_before * own,
            bullet=bullet,
        )


def write_pptx(document: Document, theme: Theme) -> bytes:
    """Write ``document`` as .pptx bytes; the same document always gives the same bytes."""
    return _Deck(document, theme).write()
