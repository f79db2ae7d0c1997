"""Transforms: a document rewritten for one format before its writer runs (as in docutils).

A writer declares the block types it handles; :func:`transform` rewrites every other block into
blocks it declares, so that no writer carries a fallback of its own and a new format gets them
all by declaring what it shows. Each rewrite in :data:`REWRITES` removes one block type and runs
only for a format that does not declare that type (and only on a document that holds one), in
this order:

- a field to fill in (a content control in Word) becomes its value, or a line to write on
  (fields sit in text, yet a writer declares them among its block types);
- a poster's panels become a heading and its text each (a page of text cannot hold the grid),
  its steps a numbered list and its QR code the address it encodes;
- a slide becomes a handout: its title as a heading, its text, its notes in small print;
- a diagram (a slide's picture) becomes a list of its items, numbered where order matters;
- a section's blocks flow on with the rest (a format without page orientation);
- a table becomes a paragraph per row, a fill-in a labelled line, a page break nothing;
- headings and the text under them become slides (a deck).

After the rewrites a writer meets only blocks it declares; one that meets another calls
:func:`unknown_block`, which raises (docutils' ``unknown_visit``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NoReturn

from .document import (
    Block,
    Cell,
    Diagram,
    Document,
    Field,
    FillIn,
    Heading,
    Link,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Poster,
    Row,
    Section,
    Slide,
    Span,
    Table,
    plain_text,
)

__all__ = ["REWRITES", "Rewrite", "flow_blocks", "transform", "unknown_block"]

BlockTypes = frozenset[type]


@dataclass(frozen=True)
class Rewrite:
    """Rewrites every block of type ``removes`` for a format that does not declare it.

    ``touches`` are the types of the flowing blocks it changes (:class:`Field` for a paragraph
    that holds a field): a document that has none is left as it is, without a walk. None (the
    default) means it may change any document.
    """

    removes: type
    apply: Callable[[Document], Document]
    touches: tuple[type, ...] | None = None


def _each_block(rewrite: Callable[[Block], Iterable[Block]]) -> Callable[[Document], Document]:
    """A document rewrite that replaces each flowing block (in sections and cells too)."""

    # What a rewrite leaves alone is kept as it is (the same objects, not copies): most
    # rewrites change nothing in most documents, which are large when they list unit plans.
    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        result: list[Block] = []
        changed = False
        for block in items:
            original = block
            match block:
                case Section(blocks=children):
                    inner = blocks(children)
                    if inner is not children:
                        block = dataclasses.replace(block, blocks=inner)
                case Table(header=header, body=body):
                    new_header, new_body = rows(header), rows(body)
                    if new_header is not header or new_body is not body:
                        block = dataclasses.replace(block, header=new_header, body=new_body)
            rewritten = tuple(rewrite(block))
            changed = changed or len(rewritten) != 1 or rewritten[0] is not original
            result.extend(rewritten)
        return tuple(result) if changed else items

    def rows(items: tuple[Row, ...]) -> tuple[Row, ...]:
        result = tuple(row_of(row) for row in items)
        return items if all(a is b for a, b in zip(result, items, strict=True)) else result

    def row_of(row: Row) -> Row:
        cells = tuple(cell_of(cell) for cell in row.cells)
        return row if all(a is b for a, b in zip(cells, row.cells, strict=True)) else Row(cells)

    def cell_of(cell: Cell) -> Cell:
        inner = blocks(cell.blocks)
        return cell if inner is cell.blocks else dataclasses.replace(cell, blocks=inner)

    def apply(document: Document) -> Document:
        inner = blocks(document.blocks)
        return document if inner is document.blocks else dataclasses.replace(document, blocks=inner)

    return apply


@_each_block
def _posters_as_headings(block: Block) -> Iterator[Block]:
    if not isinstance(block, Poster):
        yield block
        return
    for panel in block.panels:
        yield Heading(2, (Span(panel.title),))
        yield from panel.blocks
    if block.steps:
        if block.steps_title:
            yield Heading(2, (Span(block.steps_title),))
        yield ListBlock(True, tuple(ListItem((Span(step),)) for step in block.steps))
    if block.link:
        # The QR code stands for its address: a page of text shows the address itself.
        yield Paragraph((Link(block.link, target=block.link),))


@_each_block
def _slides_as_handouts(block: Block) -> Iterator[Block]:
    if not isinstance(block, Slide):
        yield block
        return
    # The opening slide and section dividers head what follows; content slides sit under them.
    yield Heading(2 if block.layout == "content" else 1, (Span(block.title),))
    yield from block.blocks
    for note in block.notes:
        yield Paragraph((Span(note, italic=True),), "small")


@_each_block
def _diagrams_as_lists(block: Block) -> Iterator[Block]:
    if not isinstance(block, Diagram):
        yield block
        return
    items = []
    for item in block.items:
        content: tuple[Span, ...] = (Span(item.title, bold=True),)
        if item.text:
            content += (Span(f": {item.text}"),)
        items.append(ListItem(content))
    yield ListBlock(block.kind in ("process", "cycle"), tuple(items))


@_each_block
def _sections_flowing_on(block: Block) -> Iterator[Block]:
    yield from block.blocks if isinstance(block, Section) else (block,)


@_each_block
def _tables_as_paragraphs(block: Block) -> Iterator[Block]:
    if not isinstance(block, Table):
        yield block
        return
    for row in block.header + block.body:
        text = " – ".join(
            plain_text(child.content)
            for cell in row.cells
            for child in cell.blocks
            if isinstance(child, Paragraph)
        )
        yield Paragraph((Span(text),))


@_each_block
def _fill_ins_as_lines(block: Block) -> Iterator[Block]:
    if isinstance(block, FillIn):
        yield Paragraph((Span(f"{block.label or ''} ________________".strip()),))
    else:
        yield block


@_each_block
def _page_breaks_dropped(block: Block) -> Iterator[Block]:
    if not isinstance(block, PageBreak):
        yield block


_WRITING_LINE = "_" * 12


def _field_values(block: Block) -> Block:
    """A paragraph with each field replaced by its value, or by a line to write on."""
    if not isinstance(block, Paragraph) or not any(isinstance(i, Field) for i in block.content):
        return block
    content = tuple(
        Span(item.shown or _WRITING_LINE) if isinstance(item, Field) else item
        for item in block.content
    )
    return dataclasses.replace(block, content=content)


@_each_block
def _fields_as_text(block: Block) -> Iterator[Block]:
    # Fields come only in paragraphs: in the flow, in cells, and on slides and poster panels.
    match block:
        case Slide(blocks=blocks):
            yield dataclasses.replace(block, blocks=tuple(map(_field_values, blocks)))
        case Poster(panels=panels):
            yield dataclasses.replace(
                block,
                panels=tuple(
                    dataclasses.replace(panel, blocks=tuple(map(_field_values, panel.blocks)))
                    for panel in panels
                ),
            )
        case _:
            yield _field_values(block)


def _pages_as_slides(document: Document) -> Document:
    """A heading starts a slide and the text under it follows; slides stay slides.

    Text before the first heading goes on a slide titled with the document's title.
    """
    slides: list[Block] = []
    title: str | None = None
    body: list[Paragraph | ListBlock | Diagram] = []

    def flush() -> None:
        if title is not None or body:
            slides.append(Slide(title or document.title, "content", tuple(body)))

    for block in document.blocks:
        match block:
            case Slide():
                flush()
                title, body = None, []
                slides.append(block)
            case Heading(content=content):
                flush()
                title, body = plain_text(content), []
            case Paragraph() | ListBlock() | Diagram():
                body.append(block)
            case _:
                slides.append(block)  # not for this rewrite: the check after the rewrites
    flush()
    return dataclasses.replace(document, blocks=tuple(slides))


REWRITES: tuple[Rewrite, ...] = (
    # first: a table made paragraphs shows the values
    Rewrite(Field, _fields_as_text, (Field, Slide, Poster)),
    Rewrite(Poster, _posters_as_headings, (Poster,)),
    Rewrite(Slide, _slides_as_handouts, (Slide,)),
    Rewrite(Diagram, _diagrams_as_lists, (Diagram,)),
    Rewrite(Section, _sections_flowing_on, (Section,)),
    Rewrite(Table, _tables_as_paragraphs, (Table,)),
    Rewrite(FillIn, _fill_ins_as_lines, (FillIn,)),
    Rewrite(PageBreak, _page_breaks_dropped, (PageBreak,)),
    Rewrite(Heading, _pages_as_slides),  # and the paragraphs and lists under the headings
)


def flow_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block a writer meets in the flow: top level, in sections and in table cells.

    A poster's panels and a slide's body belong to the poster or slide, which its writer lays
    out as a whole.
    """
    for block in blocks:
        yield block
        match block:
            case Section(blocks=children):
                yield from flow_blocks(children)
            case Table(header=header, body=body):
                for row in header + body:
                    for cell in row.cells:
                        yield from flow_blocks(cell.blocks)


def transform(document: Document, blocks: BlockTypes) -> Document:
    """``document`` rewritten to hold only the block types in ``blocks`` (a writer's declared).

    Raises :class:`TypeError` when no rewrite brings a block to the declared types: a format
    must declare enough to show every document.
    """
    # Most rewrites find nothing to do in most documents (a unit plan holds no slides), and a
    # walk through every table cell per rewrite would cost more than the rest: the types the
    # document holds are found once, and again only after a rewrite changed them.
    fields = Field not in blocks
    found = _found(document.blocks, fields)
    # Whether any rewrite runs, and what is left, depend on these alone: a format's documents
    # hold the same few types, and a unit plan's hold nothing for a Word file to rewrite.
    global _nothing_for
    if _nothing_for is not REWRITES:  # (kept for these rewrites only)
        _NOTHING_TO_DO.clear()
        _nothing_for = REWRITES
    key = (blocks, frozenset(found))
    if key in _NOTHING_TO_DO:
        return document
    rewrote = False
    for rewrite in REWRITES:
        if rewrite.removes in blocks:
            continue
        if rewrite.touches is not None and not any(
            issubclass(kind, rewrite.touches) for kind in found
        ):
            continue
        rewrote = True
        rewritten = rewrite.apply(document)
        if rewritten is not document:
            document = rewritten
            found = _found(document.blocks, fields)
    # (no paragraph holds a field now unless the format declares fields)
    left = sorted({kind.__name__ for kind in found} - _names(blocks))
    if left:
        declared = ", ".join(sorted(_names(blocks)))
        raise TypeError(f"no rewrite turns {', '.join(left)} into the declared {declared}")
    if not rewrote:
        if len(_NOTHING_TO_DO) >= 256:  # a bound on what is kept, simply
            _NOTHING_TO_DO.clear()
        _NOTHING_TO_DO.add(key)
    return document


# (declared types, types found) for which none of the rewrites _nothing_for runs and nothing is
# left over
_NOTHING_TO_DO: set[tuple[BlockTypes, frozenset[type]]] = set()
_nothing_for: tuple[Rewrite, ...] = REWRITES


def _found(blocks: Iterable[Block], fields: bool) -> set[type]:
    """The types of the blocks :func:`flow_blocks` yields, and :class:`Field` if ``fields`` and
    one of those paragraphs holds a field.
    """
    found: set[type] = set()

    def visit(items: Iterable[Block]) -> None:
        for block in items:
            found.add(type(block))
            if isinstance(block, Section):
                visit(block.blocks)
            elif isinstance(block, Table):
                for row in block.header + block.body:
                    for cell in row.cells:
                        # most cells hold a paragraph of text: noted here, without a call
                        blocks = cell.blocks
                        if fields or len(blocks) != 1 or type(blocks[0]) is not Paragraph:
                            visit(blocks)
                        else:
                            found.add(Paragraph)
            elif (
                fields
                and isinstance(block, Paragraph)
                and any(isinstance(item, Field) for item in block.content)
            ):
                found.add(Field)

    visit(blocks)
    return found


def _names(blocks: BlockTypes) -> set[str]:
    return {block.__name__ for block in blocks}


def unknown_block(block: object, writer: str) -> NoReturn:
    """Raise for a block ``writer`` does not declare: the transforms should have rewritten it."""
    raise TypeError(
        f"the {writer} writer does not handle {type(block).__name__} blocks; "
        "write through planmaterials.write, which rewrites them first"
    )
