"""Document flow: the blocks of a Document onto PDF pages, with reportlab's platypus.

A poster's panels are laid out by :mod:`.poster`. Every font is a shipped Liberation Sans face,
embedded as a subset (the canvas is created with it as the initial font, so no unembedded
Helvetica is ever declared). ``invariant`` mode and a date taken from the document give the
same bytes for the same document.

The PDF is tagged: every block is drawn as marked content of its structure element (see
:mod:`.marks`) and :mod:`.tags` adds the structure tree as the PDF is saved, so that a screen
reader gets headings, paragraphs, lists and tables in reading order, and skips the decoration.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    NextPageTemplate,
    PageTemplate,
    TableStyle,
)
from reportlab.platypus import ListItem as RLListItem
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable

from ...document import (
    Block,
    Document,
    FillIn,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Poster,
    Section,
    Span,
    Table,
)
from ...theme import Theme, page_size
from ...transforms import unknown_block
from ..colours import text_palette, tint
from ..fonts import font_name
from ..wrap import wrap_text
from .balance import balance_pages
from .lines import draw_lines, pdf_colour, text_height
from .marks import TaggedParagraph, Tagger
from .poster import PosterFlowable, PosterStyle
from .tags import Tag, TaggedCanvas
from .xmp import xmp_packet

__all__ = ["BLOCKS", "write_pdf"]

# The blocks a PDF shows natively; the transforms rewrite slides before we see them.
BLOCKS = frozenset({Heading, Paragraph, ListBlock, Table, FillIn, PageBreak, Section, Poster})


@dataclass(frozen=True)
class _Sizes:
    """Type sizes (points) for one kind of page."""

    body: float
    h1: float
    h2: float
    h3: float
    lead: float
    small: float
    fill_pitch: float  # distance between the ruled lines of a fill-in
    margin: float
    footer: float


def _sizes(type_size: str, scale: float, poster: bool) -> _Sizes:
    if poster:
        # A poster is read from two metres: on A3 a title over 60 pt and nothing but the
        # footer below 16 pt; narrow margins leave the panels the room.
        base = _Sizes(11.5, 43, 20, 15, 12, 11.5, 22, 11 * mm, 8.5)
    elif type_size == "large":
        # For pages on a workshop table, read by several people at once.
        base = _Sizes(18, 30, 23, 20, 20, 14, 30, 18 * mm, 11)
    else:
        base = _Sizes(10.5, 22, 15, 12.5, 12.5, 9, 22, 20 * mm, 8.5)
    return _Sizes(*(value * scale for value in vars(base).values()))


def _has_poster(blocks: tuple[Block, ...]) -> bool:
    return any(isinstance(block, Poster) for block in blocks)


class _Band(Flowable):
    """A main heading in a band of the primary colour, white text wrapped inside."""

    def __init__(
        self,
        content: tuple[Inline, ...],
        size: float,
        colours,
        tagger: Tagger,
        path: tuple[Tag, ...],
    ) -> None:
        super().__init__()
        self.tagger, self.path = tagger, path
        self.content = tuple(
            Span(i.text, True, i.italic) if isinstance(i, Span) else i for i in content
        )
        self.size = size
        self.colours = colours
        # A poster's title is large already: less room around it leaves more to the panels.
        self.pad = (0.3 if size > 40 else 0.6) * size
        self.spaceAfter = (0.3 if size > 40 else 0.6) * size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = wrap_text(self.content, self.size, available_width - 2 * self.pad)
        self.height = text_height(len(self.lines), self.size, 1.15 * self.size) + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        with self.tagger.artifact(canvas):
            canvas.setFillColor(pdf_colour(self.colours.primary))
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canvas.setFillColor(pdf_colour(self.colours.accent))
            canvas.rect(0, 0, self.width, 0.12 * self.size, stroke=0, fill=1)
        with self.tagger.content(canvas, self.path):
            draw_lines(
                canvas,
                self.lines,
                self.pad,
                self.height - self.pad,
                self.size,
                1.15 * self.size,
                text_palette(self.colours)["on-primary"][0],
            )


class _FillLines(Flowable):
    """Ruled lines to write on."""

    def __init__(self, lines: int, pitch: float, colour: str, tagger: Tagger) -> None:
        super().__init__()
        self.lines, self.pitch, self.colour = lines, pitch, colour
        self.tagger = tagger
        self.spaceAfter = 0.6 * pitch

    def grow(self, lines: int) -> None:
        """Add ``lines`` more lines (a page with room to spare gives them; see balance)."""
        self.lines += lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.lines * self.pitch

    def draw(self) -> None:
        with self.tagger.artifact(self.canv):
            self.canv.setStrokeColor(pdf_colour(self.colour))
            self.canv.setLineWidth(0.6)
            for number in range(self.lines):
                y = number * self.pitch
                self.canv.line(0, y, self.width, y)


class _Writer:
    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.poster = _has_poster(document.blocks)
        paper = theme.poster_paper if self.poster else theme.paper
        self.paper = paper
        self.pagesize = page_size(paper)
        self.scale = self.pagesize[0] / page_size("A4")[0] if self.poster else 1.0
        self.sizes = _sizes(document.type_size, self.scale, self.poster)
        self.tagger = Tagger()
        self._keys = itertools.count()
        colours = theme.colours
        self.colours = colours
        # Every text colour readable on what it stands on (WCAG AA, 4.5:1).
        palette = {name: pair[0] for name, pair in text_palette(colours).items()}
        self.palette = palette
        regular, bold = font_name(), font_name(bold=True)
        size = self.sizes

        def style(name: str, font: str, points: float, colour: str, **extra) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=points,
                leading=1.25 * points,
                textColor=HexColor(colour),
                **extra,
            )

        self.styles = {
            "normal": style(
                "normal", regular, size.body, palette["body"], spaceAfter=0.5 * size.body
            ),
            "lead": style("lead", regular, size.lead, palette["quiet"], spaceAfter=0.6 * size.lead),
            "small": style(
                "small", regular, size.small, palette["body"], spaceAfter=0.4 * size.small
            ),
            "h2": style(
                "h2",
                bold,
                size.h2,
                palette["heading"],
                spaceBefore=0.8 * size.h2,
                spaceAfter=0.35 * size.h2,
                keepWithNext=1,
            ),
            "h3": style(
                "h3",
                bold,
                size.h3,
                palette["heading"],
                spaceBefore=0.6 * size.h3,
                spaceAfter=0.3 * size.h3,
                keepWithNext=1,
            ),
            "item": style("item", regular, size.body, palette["body"], spaceAfter=0.2 * size.body),
            "cell": style("cell", regular, 0.9 * size.body, palette["body"]),
            "th": style("th", bold, 0.9 * size.body, palette["on-primary"]),
        }

    # -- pages ----------------------------------------------------------------------------

    def template(self, pages: int | None, frame_class: type[Frame] = Frame) -> BaseDocTemplate:
        margin = self.sizes.margin
        footer_room = 2.2 * self.sizes.footer
        header_room = 2.2 * (self.sizes.small if self.poster else self.sizes.footer)
        templates = []
        for orientation in ("portrait", "landscape"):
            width, height = page_size(self.paper, orientation)
            frame = frame_class(
                margin,
                margin + footer_room,
                width - 2 * margin,
                height - 2 * margin - footer_room - header_room,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=orientation,
            )
            templates.append(
                PageTemplate(
                    id=orientation,
                    frames=[frame],
                    pagesize=(width, height),
                    onPage=lambda canvas, doc, page=(width, height): self.decorate(
                        canvas, doc, pages, page
                    ),
                )
            )
        document = self.document
        return BaseDocTemplate(
            io.BytesIO(),
            pagesize=self.pagesize,
            pageTemplates=templates,
            title=document.title,
            author=document.author,
            subject=document.subject,
            keywords=list(document.keywords),
            creator=document.author,
            producer=document.author,
            lang=document.lang,
            displayDocTitle=1,
            invariant=1,
            initialFontName=font_name(),
            initialFontSize=self.sizes.body,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin,
            bottomMargin=margin,
        )

    def decorate(self, canvas, doc, pages: int | None, page: tuple[float, float]) -> None:
        """Header and footer of a page of size ``page``; the date comes from the document."""
        date = self.document.date
        canvas.setDateFormatter(lambda *_: f"D:{date:%Y%m%d}120000+00'00'")
        width, height = page
        margin, size = self.sizes.margin, self.sizes.footer
        canvas.saveState()
        colour = self.palette["quiet"]
        canvas.setFillColor(pdf_colour(colour))
        canvas.setFont(font_name(), size)
        # Running header and footer repeat on every page: furniture, not content to read.
        if self.poster:
            self.poster_header(canvas, width, height)
        elif self.document.header:
            with self.tagger.artifact(canvas, "Pagination", "Header"):
                canvas.drawString(margin, height - margin - size, self.document.header)
        y = margin
        with self.tagger.artifact(canvas, "Pagination", "Footer"):
            canvas.setStrokeColor(pdf_colour(tint(colour, 0.5)))
            canvas.setLineWidth(0.5 * self.scale)
            canvas.line(margin, y + 1.6 * size, width - margin, y + 1.6 * size)
            if self.document.footer:
                canvas.drawString(margin, y, self.document.footer)
            if pages and pages > 1:
                label = self.document.page_label.replace("{page}", str(doc.page))
                canvas.drawRightString(width - margin, y, label.replace("{pages}", str(pages)))
        canvas.restoreState()

    def poster_header(self, canvas, width: float, height: float) -> None:
        """A poster's top line: the organisation's name, and its logo at the right."""
        margin, size = self.sizes.margin, self.sizes.small
        with self.tagger.artifact(canvas, "Pagination", "Header"):
            canvas.setFillColor(pdf_colour(self.palette["heading"]))
            canvas.setFont(font_name(bold=True), size)
            canvas.drawString(margin, height - margin - size, self.document.author)
            if self.theme.logo is not None:
                box = 1.6 * size
                canvas.drawImage(
                    str(self.theme.logo),
                    width - margin - 4 * box,
                    height - margin - box,
                    4 * box,
                    box,
                    preserveAspectRatio=True,
                    anchor="ne",
                    mask="auto",
                )

    # -- blocks ---------------------------------------------------------------------------
    # Every block is drawn as marked content of its structure element; ``parent`` is the path
    # of elements it sits in (empty: directly under Document).

    def tag(self, role: str, *attributes: tuple[str, str]) -> Tag:
        """A new structure element (its key makes it distinct from every other)."""
        return Tag(role, next(self._keys), attributes)

    def paragraph(self, markup: str, style: str, path: tuple[Tag, ...]) -> TaggedParagraph:
        return TaggedParagraph(markup, self.styles[style]).tag(self.tagger, path)

    def flowables(self, blocks: tuple[Block, ...], parent: tuple[Tag, ...] = ()) -> list[Flowable]:
        result: list[Flowable] = []
        # Bulleted lists with only ruled lines between them read as one list (an area list
        # gives each point its own list, to put room for notes under it).
        open_list: Tag | None = None
        for index, block in enumerate(blocks):
            match block:
                case Section(orientation=orientation, blocks=children):
                    result.append(NextPageTemplate(orientation))
                    if index:
                        result.append(RLPageBreak())
                    result.extend(self.flowables(children, parent))
                    result.append(NextPageTemplate("portrait"))
                    if index < len(blocks) - 1:
                        result.append(RLPageBreak())
                case FillIn() if result:
                    # Room to write belongs with what it answers: never alone on a new page.
                    result[-1] = KeepTogether([result[-1], *self.block(block, parent)])
                case ListBlock(ordered=False):
                    open_list = open_list or self.tag("L", ("ListNumbering", "Disc"))
                    result.append(self.list(block, parent, open_list))
                case _:
                    result.extend(self.block(block, parent))
            bulleted = isinstance(block, ListBlock) and not block.ordered
            if not (bulleted or (isinstance(block, FillIn) and not block.label)):
                open_list = None
        return result

    def block(self, block: Block, parent: tuple[Tag, ...]) -> list[Flowable]:
        match block:
            case Heading(level=1, content=content):
                path = (*parent, self.tag("H1"))
                return [_Band(content, self.sizes.h1, self.colours, self.tagger, path)]
            case Heading(level=level, content=content):
                path = (*parent, self.tag(f"H{min(level, 6)}"))
                return [self.paragraph(_markup(content), f"h{min(level, 3)}", path)]
            case Paragraph(content=content, style=style):
                return [self.paragraph(_markup(content), style, (*parent, self.tag("P")))]
            case ListBlock():
                return [self.list(block, parent)]
            case Table():
                return [self.table(block, parent)]
            case FillIn(lines=lines, label=label):
                parts: list[Flowable] = []
                if label:
                    path = (*parent, self.tag("P"))
                    parts.append(self.paragraph(f"<b>{escape(label)}</b>", "normal", path))
                pitch = self.sizes.fill_pitch
                colour = tint(self.colours.secondary, 0.35)
                parts.append(_FillLines(lines, pitch, colour, self.tagger))
                return parts
            case PageBreak():
                return [RLPageBreak()]
            case Poster():
                style = PosterStyle(self.paper, self.scale, self.colours)
                return [PosterFlowable(block, style, self.tagger, parent, next(self._keys))]
            case Section():
                raise ValueError("sections cannot be nested")
        unknown_block(block, "PDF")

    def list(
        self, block: ListBlock, parent: tuple[Tag, ...], tag: Tag | None = None
    ) -> ListFlowable:
        # The bullets and numbers reportlab draws become artifacts; the list's numbering
        # attribute tells a reader what they were.
        numbering = ("ListNumbering", "Decimal" if block.ordered else "Disc")
        path = (*parent, tag or self.tag("L", numbering))
        style = self.styles["item"]
        items = []
        for item in block.items:
            body = (*path, self.tag("LI"), self.tag("LBody"))
            content: list[Flowable] = [self.paragraph(_markup(item.content), "item", body)]
            content.extend(self.list(child, body) for child in item.children)
            items.append(RLListItem(content))
        size = style.fontSize
        options = (
            {"start": 1, "bulletType": "1", "bulletFormat": "%s."}
            if block.ordered
            else {
                "start": "•",
                "bulletType": "bullet",
                "bulletColor": HexColor(self.colours.accent),
            }
        )
        return ListFlowable(
            items,
            bulletFontName=font_name(bold=block.ordered),
            bulletFontSize=size,
            leftIndent=1.4 * size,
            bulletDedent=1.2 * size,
            spaceAfter=0.5 * size,
            **options,
        )

    def table(self, table: Table, parent: tuple[Tag, ...]) -> RLTable:
        rows = [(row, True) for row in table.header] + [(row, False) for row in table.body]
        columns = len(table.widths)
        grid: list[list[object]] = [["" for _ in range(columns)] for _ in rows]
        taken: set[tuple[int, int]] = set()
        commands: list[tuple] = []
        path = (*parent, self.tag("Table"))
        for r, (row, is_header) in enumerate(rows):
            row_path = (*path, self.tag("TR"))
            c = 0
            for cell in row.cells:
                while (r, c) in taken:
                    c += 1
                if c >= columns:
                    break
                last_r = min(r + cell.rowspan, len(rows)) - 1
                last_c = min(c + cell.colspan, columns) - 1
                for rr in range(r, last_r + 1):
                    for cc in range(c, last_c + 1):
                        taken.add((rr, cc))
                if (last_r, last_c) != (r, c):
                    commands.append(("SPAN", (c, r), (last_c, last_r)))
                header = is_header or cell.header
                if header:
                    cell_tag = self.tag("TH", ("Scope", "Column" if is_header else "Row"))
                else:
                    cell_tag = self.tag("TD")
                grid[r][c] = self.cell_content(cell.blocks, header, (*row_path, cell_tag))
                if header:
                    commands.append(
                        ("BACKGROUND", (c, r), (last_c, last_r), HexColor(self.colours.primary))
                    )
                c = last_c + 1
        frame_width = self.pagesize[0] - 2 * self.sizes.margin
        total = sum(table.widths)
        commands += [
            ("GRID", (0, 0), (-1, -1), 0.5, HexColor(tint(self.colours.secondary, 0.4))),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        return RLTable(
            grid,
            colWidths=[frame_width * w / total for w in table.widths],
            repeatRows=len(table.header),
            style=TableStyle(commands),
            hAlign="LEFT",
        )

    def cell_content(
        self, blocks: tuple[Block, ...], header: bool, path: tuple[Tag, ...]
    ) -> list[Flowable]:
        content: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                markup = _markup(block.content)
                content.append(
                    self.paragraph(markup, "th" if header else "cell", (*path, self.tag("P")))
                )
            else:
                content.extend(self.block(block, path))
        return content

    def frame_size(self) -> tuple[float, float]:
        """Width and height of a portrait page's text frame (see :meth:`template`)."""
        width, height = page_size(self.paper)
        margin = self.sizes.margin
        header_room = 0 if self.poster else 2.2 * self.sizes.footer
        return width - 2 * margin, height - 2 * margin - 2.2 * self.sizes.footer - header_room

    def story(self) -> list[Flowable]:
        story, self.planned_pages = balance_pages(
            self.flowables(self.document.blocks), *self.frame_size()
        )
        return story

    def write(self) -> bytes:
        return self.laid_out().filename.getvalue()

    def metadata(self) -> bytes:
        """The XMP packet: what :meth:`template` gives reportlab, dated as :meth:`decorate`."""
        document = self.document
        return xmp_packet(
            title=document.title,
            lang=document.lang,
            author=document.author,
            subject=document.subject,
            keywords=list(document.keywords),
            creator=document.author,
            producer=document.author,
            date=dt.datetime.combine(document.date, dt.time(12), dt.UTC),
        )

    def laid_out(self) -> BaseDocTemplate:
        """The document drawn once with the page total its footer shows.

        The page total does not move anything (the footer lies outside the frame). A story
        spread evenly over its pages (see :mod:`.balance`) is drawn at once with the total
        that spread planned, and a poster as one page; if the pages drawn are not that many,
        it is drawn again with the count now known. Anything else is first laid out without
        drawing or writing anything, to count its pages.
        """
        if "{pages}" not in self.document.page_label:
            return self.draw(None)
        if self.poster:
            doc = self.draw(1)  # one page shows no total: the same as drawn without it
        else:
            self.tagger = Tagger()
            story = self.story()
            if self.planned_pages is None:
                return self.draw(self.count_pages(story))
            doc = self.draw(self.planned_pages, story)
        expected = 1 if self.poster else self.planned_pages
        return doc if doc.page == expected else self.draw(doc.page)

    def count_pages(self, story: list[Flowable]) -> int:
        counting = self.template(None, _CountingFrame)
        # reportlab's switch to lay out but write no PDF (see tests/writers/
        # test_library_internals.py); the pages' header and footer are not drawn either.
        counting._doSave = 0
        for template in counting.pageTemplates:
            template.onPage = _nothing
        counting.build(story)
        return counting.page

    def draw(self, pages: int | None, story: list[Flowable] | None = None) -> BaseDocTemplate:
        """Lay out and draw ``story``, made with a tagger that has recorded nothing yet.

        By default the story is made anew (a layout uses its flowables up), with a new
        tagger: only the marks of the pass that is kept count.
        """
        if story is None:
            self.tagger = Tagger()
            story = self.story()
        doc = self.template(pages)
        canvas = functools.partial(TaggedCanvas, tagger=self.tagger, metadata=self.metadata())
        doc.build(story, canvasmaker=canvas)
        return doc


def _nothing(*_: object) -> None:
    """A page decoration that draws nothing (the pass that counts pages)."""


class _CountingFrame(Frame):
    """A frame that places flowables without drawing them: only where pages break counts."""

    def _add(self, flowable: Flowable, canv, trySplit: int = 0) -> int:
        # reportlab's private placement (its signature is checked in tests/writers/
        # test_library_internals.py). An instance attribute hides the method for this one
        # placement; drawing never changes a flowable's size or where it splits.
        flowable.drawOn = _nothing  # type: ignore[method-assign]
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            del flowable.drawOn


def _markup(content: tuple[Inline, ...]) -> str:
    """Inline content as platypus paragraph markup (text escaped)."""
    parts = []
    for item in content:
        if isinstance(item, LineBreak):
            parts.append("<br/>")
            continue
        text = escape(item.text)
        if item.bold:
            text = f"<b>{text}</b>"
        if item.italic:
            text = f"<i>{text}</i>"
        if isinstance(item, Link):
            # Underlined, without a link annotation: an annotation needs its own Link element
            # in the structure tree to keep the PDF tagged, which the tagger does not make.
            text = f"<u>{text}</u>"
        parts.append(text)
    return "".join(parts)


def write_pdf(document: Document, theme: Theme) -> bytes:
    """Write ``document`` as PDF bytes; the same document always gives the same bytes."""
    return _Writer(document, theme).write()
