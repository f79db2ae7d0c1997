"""The neutral document tree that every writer reads, and a text dump of it for golden tests.

Templates render a small, strict XHTML-like markup (see :mod:`planmaterials.markup`); it parses
into these frozen dataclasses. The tree knows nothing of the policy it was made from: a writer
that cannot lay something out raises :class:`LayoutError` in the document's own terms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "DIAGRAM_KINDS",
    "FIELD_KINDS",
    "Block",
    "Cell",
    "Diagram",
    "DiagramItem",
    "Document",
    "Field",
    "FillIn",
    "Heading",
    "Inline",
    "LayoutError",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "PageBreak",
    "Panel",
    "Paragraph",
    "Poster",
    "Row",
    "Section",
    "Slide",
    "Span",
    "Table",
    "dump",
    "plain_text",
]


@dataclass(frozen=True)
class Span:
    """A run of text, optionally bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link(Span):
    """A run of text that links to ``target``: a file beside the document, or a web or mail address.

    It is a :class:`Span`, so a writer that cannot link shows its text. ``lang`` is the language
    of the target (and of the link's text), when it differs from the document's.
    """

    target: str = ""
    lang: str | None = None


@dataclass(frozen=True)
class LineBreak:
    """A line break inside a paragraph."""


FIELD_KINDS = ("text", "date", "choice")


@dataclass(frozen=True)
class Field:
    """A place in a paragraph for the reader to fill in: a content control in Word.

    ``tag`` names what the field holds (``goal``, ``flag:alliance``), ``kind`` is one of
    :data:`FIELD_KINDS` (free text, a date picker, a drop-down of ``choices``, each a pair of
    value and display text) and ``prompt`` is shown greyed while it is empty. ``value`` fills it
    in beforehand (for a choice, one of the values). ``title`` names the field for the person
    filling it in; ``multiline`` lets its text hold line breaks.
    """

    tag: str
    kind: str
    prompt: str
    title: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    value: str | None = None
    multiline: bool = False

    @property
    def shown(self) -> str | None:
        """The text the field shows when filled in (a choice's display text), else None."""
        if self.value is None:
            return None
        return dict(self.choices).get(self.value, self.value)


Inline = Span | LineBreak | Field  # a Link is a Span


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 (the document's main sections) to 3."""

    level: int
    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``style`` is ``normal``, ``lead`` (an introduction) or ``small``."""

    content: tuple[Inline, ...]
    style: str = "normal"


@dataclass(frozen=True)
class ListItem:
    """One item of a list, with optional nested lists."""

    content: tuple[Inline, ...]
    children: tuple[ListBlock, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; numbered lists always start at 1."""

    ordered: bool
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Cell:
    """A table cell; ``rowspan``/``colspan`` merge it with its neighbours.

    ``value`` is what the cell's text shows as data (a date, a number), for a writer whose
    format keeps typed values (a workbook); the others show the text.
    """

    blocks: tuple[Block, ...]
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    value: dt.date | int | float | None = None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table with header rows (repeated on every page) and relative column widths."""

    widths: tuple[float, ...]
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    caption: str | None = None


@dataclass(frozen=True)
class FillIn:
    """Ruled lines to write on, optionally with a label above them."""

    lines: int
    label: str | None = None


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class Section:
    """A run of pages with their own orientation (``portrait`` or ``landscape``)."""

    orientation: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Panel:
    """One panel of a poster: a title over a few blocks (paragraphs and lists).

    ``id`` names the panel (an anchor, unique in the document), so that an error about a
    panel that cannot fit can be traced to what it shows.
    """

    title: str
    blocks: tuple[Block, ...]
    id: str | None = None


@dataclass(frozen=True)
class Poster:
    """Panels laid out side by side on one page; the writer chooses the grid and type size.

    ``steps`` (under ``steps_title``) are shown as a band below the panels, and ``link`` (a web
    address) as a QR code under it, with ``caption`` (what the address leads to) beside it.
    ``points`` is how many items of each panel's lists the poster shows (a poster summarises:
    the full lists are in the handouts); None shows as many as fit.
    """

    panels: tuple[Panel, ...]
    steps_title: str | None = None
    steps: tuple[str, ...] = ()
    link: str | None = None
    caption: str | None = None
    points: int | None = None


DIAGRAM_KINDS = ("cards", "process", "grid", "cycle")


@dataclass(frozen=True)
class DiagramItem:
    """One shape of a diagram: a short title and an optional line of text under it."""

    title: str
    text: str = ""


@dataclass(frozen=True)
class Diagram:
    """A picture of a few items, drawn with shapes where the format can draw them.

    ``kind`` is one of :data:`DIAGRAM_KINDS`: ``cards`` side by side, a ``process`` of steps
    in order, a 2 × 2 ``grid`` (read row by row) or a ``cycle`` that comes round again.
    A format without drawings gets it as a list (the transforms rewrite it).
    """

    kind: str
    items: tuple[DiagramItem, ...]


@dataclass(frozen=True)
class Slide:
    """One slide of a presentation: a title, a few blocks and speaker notes.

    ``layout`` is ``title`` (the opening slide), ``section`` (a divider) or ``content``.
    ``blocks`` are paragraphs, lists and diagrams; ``notes`` are the paragraphs of the speaker
    notes. On pages, the transforms make a slide a heading followed by its blocks and notes.
    """

    title: str
    layout: str
    blocks: tuple[Paragraph | ListBlock | Diagram, ...]
    notes: tuple[str, ...] = ()


Block = (
    Heading | Paragraph | ListBlock | Table | FillIn | PageBreak | Section | Poster | Slide
) | Diagram


@dataclass(frozen=True)
class Document:
    """A whole document: metadata every writer declares, and its blocks.

    ``lang`` is a BCP 47 tag (``sv-SE``); ``date`` comes from the data, never the clock.
    """

    title: str
    lang: str
    date: dt.date
    author: str
    blocks: tuple[Block, ...]
    subject: str = ""
    keywords: tuple[str, ...] = ()
    header: str = ""
    header_right: str = ""  # e.g. the date, right-aligned on the header line
    footer: str = ""
    page_label: str = "{page} ({pages})"
    # "large" asks for large type, for pages read at a distance (on a workshop table)
    type_size: str = "normal"
    # What the document is about, for a program reading it back (a unit plan's key)
    identifier: str = ""


class LayoutError(Exception):
    """Content that a writer cannot lay out (text too long for its box), told in document terms.

    ``element`` is the id of the block that does not fit (a poster panel's), if it has one;
    ``remedy`` is what the output format itself offers (``choose a larger poster_paper``). The
    build turns it into a :class:`~planmaterials.errors.PolicyError` naming the policy file.
    """

    def __init__(
        self, message: str, *, element: str | None = None, remedy: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.element = element
        self.remedy = remedy

    def __str__(self) -> str:
        remedy = f", or {self.remedy}" if self.remedy else ""
        return f"{self.message}; shorten the text{remedy}"


def plain_text(content: tuple[Inline, ...]) -> str:
    """The text of inline content, line breaks as newlines."""
    parts = []
    for item in content:
        if isinstance(item, Span):
            parts.append(item.text)
        elif isinstance(item, Field):
            parts.append(item.shown or "")
        else:
            parts.append("\n")
    return "".join(parts)


def dump(document: Document) -> str:
    """A readable, stable text rendering of a document, for golden files and reviews."""
    lines = [
        f"DOCUMENT {document.title!r} lang={document.lang} date={document.date.isoformat()}",
        f"  author={document.author!r} subject={document.subject!r}",
        f"  keywords={list(document.keywords)!r}",
        f"  header={document.header!r} footer={document.footer!r}",
        f"  page_label={document.page_label!r}",
    ]
    if document.type_size != "normal":
        lines.append(f"  type_size={document.type_size}")
    if document.header_right:
        lines.append(f"  header_right={document.header_right!r}")
    if document.identifier:
        lines.append(f"  identifier={document.identifier!r}")
    for block in document.blocks:
        _dump_block(block, lines, "")
    return "\n".join(lines) + "\n"


def _inline(content: tuple[Inline, ...]) -> str:
    parts = []
    for item in content:
        match item:
            case Link(target=target, lang=lang):
                suffix = f" lang={lang}" if lang else ""
                parts.append(
                    f"[{_inline((Span(item.text, item.bold, item.italic),))}]({target}{suffix})"
                )
            case Span(text=text, bold=True, italic=True):
                parts.append(f"***{text}***")
            case Span(text=text, bold=True):
                parts.append(f"**{text}**")
            case Span(text=text, italic=True):
                parts.append(f"_{text}_")
            case Span(text=text):
                parts.append(text)
            case LineBreak():
                parts.append(" // ")
            case Field():
                parts.append(_field(item))
    return "".join(parts)


def _field(field: Field) -> str:
    details = [f"{field.kind} {field.tag}"]
    if field.title:
        details.append(f"title={field.title!r}")
    details.append(f"prompt={field.prompt!r}")
    if field.choices:
        details.append("choices=" + "|".join(f"{v}={shown}" for v, shown in field.choices))
    if field.value is not None:
        details.append(f"value={field.value!r}")
    if field.multiline:
        details.append("multiline")
    return "[[" + " ".join(details) + "]]"


def _dump_block(block: Block, lines: list[str], indent: str) -> None:
    match block:
        case Heading(level=level, content=content):
            lines.append(f"{indent}H{level} {_inline(content)}")
        case Paragraph(content=content, style=style):
            tag = "P" if style == "normal" else f"P.{style}"
            lines.append(f"{indent}{tag} {_inline(content)}")
        case ListBlock(ordered=ordered, items=items):
            lines.append(f"{indent}{'OL' if ordered else 'UL'}")
            for number, item in enumerate(items, start=1):
                marker = f"{number}." if ordered else "-"
                lines.append(f"{indent}  {marker} {_inline(item.content)}")
                for child in item.children:
                    _dump_block(child, lines, indent + "    ")
        case Table(widths=widths, header=header, body=body, caption=caption):
            lines.append(f"{indent}TABLE widths={list(widths)} caption={caption!r}")
            for kind, rows in (("HEAD", header), ("ROW", body)):
                for row in rows:
                    lines.append(f"{indent}  {kind}")
                    for cell in row.cells:
                        span = ""
                        if cell.rowspan > 1 or cell.colspan > 1:
                            span = f" rowspan={cell.rowspan} colspan={cell.colspan}"
                        if cell.value is not None:
                            span += f" value={cell.value!r}"
                        lines.append(f"{indent}    CELL{' th' if cell.header else ''}{span}")
                        for child in cell.blocks:
                            _dump_block(child, lines, indent + "      ")
        case FillIn(lines=count, label=label):
            lines.append(f"{indent}FILL lines={count} label={label!r}")
        case PageBreak():
            lines.append(f"{indent}PAGEBREAK")
        case Section(orientation=orientation, blocks=blocks):
            lines.append(f"{indent}SECTION {orientation}")
            for child in blocks:
                _dump_block(child, lines, indent + "  ")
        case Poster(panels=panels):
            points = "" if block.points is None else f" points={block.points}"
            lines.append(f"{indent}POSTER panels={len(panels)}{points}")
            if block.steps:
                lines.append(f"{indent}  STEPS {block.steps_title!r} {list(block.steps)!r}")
            if block.link:
                caption = f" caption={block.caption!r}" if block.caption else ""
                lines.append(f"{indent}  QR {block.link!r}{caption}")
            for panel in panels:
                lines.append(f"{indent}  PANEL {panel.title!r} id={panel.id!r}")
                for child in panel.blocks:
                    _dump_block(child, lines, indent + "    ")
        case Diagram(kind=kind, items=items):
            lines.append(f"{indent}DIAGRAM {kind}")
            for item in items:
                text = f" – {item.text}" if item.text else ""
                lines.append(f"{indent}  ITEM {item.title}{text}")
        case Slide(title=title, layout=layout, blocks=blocks, notes=notes):
            lines.append(f"{indent}SLIDE {layout} {title!r}")
            for child in blocks:
                _dump_block(child, lines, indent + "  ")
            for note in notes:
                lines.append(f"{indent}  NOTES {note}")
