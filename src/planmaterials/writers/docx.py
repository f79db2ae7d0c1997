"""The Word writer: a Document tree into .docx bytes, WordprocessingML written directly.

Headings, list numbering that restarts, merged cells, repeated header rows, fields and sections
need XML that python-docx's API does not offer, so the body is written as XML text
(:mod:`.docx_xml` keeps each element's children in schema order, :mod:`.docx_pieces` writes
what documents repeat once); the package around it (:mod:`.docx_package`: relationships, content
types, core properties) is small and fixed enough to write too. Styles, settings and numbering
are serialized once per theme and language (:mod:`.docx_base`); python-docx is not needed to
write a file.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TypeVar

from ..document import (
    Block,
    Cell,
    Document,
    Field,
    FillIn,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Section,
    Span,
    Table,
)
from ..theme import Theme
from ..transforms import unknown_block
from . import docx_pieces as pieces
from .docx_base import DOCUMENT, MARGIN, base_parts, root_tags, twips
from .docx_package import RT, WORD, Part, package
from .docx_pieces import run, run_properties, run_text
from .docx_xml import Element, check_encoded, wrap

__all__ = ["BLOCKS", "write_docx"]

# The blocks Word shows natively (and the fields in their text, as content controls); the
# transforms rewrite posters and slides before we see them.
BLOCKS = frozenset({Heading, Paragraph, ListBlock, Table, FillIn, PageBreak, Section, Field})

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")

_STYLE = {"normal": None, "lead": "Lead", "small": "Small"}
_CELL_STYLE = {"normal": "TableText", "lead": "TableText", "small": "TableSmall"}

# The document's own relationships, ids rId1-rId3; headers, footers and links follow.
_DOCUMENT_RELS = (
    (RT + "styles", "styles.xml", False),
    (RT + "numbering", "numbering.xml", False),
    (RT + "settings", "settings.xml", False),
)


class _Paragraph:
    """A written paragraph whose properties a later block may still set (keep with next)."""

    __slots__ = (
        "has_run",
        "keep_next",
        "numbering",
        "page_break",
        "runs",
        "spacing_after",
        "style",
    )

    def __init__(
        self,
        style: str | None,
        numbering: tuple[int, int] | None,
        page_break: bool,
        runs: str,
        has_run: bool,
    ) -> None:
        self.style = style
        self.numbering = numbering
        self.page_break = page_break
        self.runs = runs
        self.has_run = has_run  # a run of its own, not only links or content controls
        self.keep_next = False
        self.spacing_after: str | None = None

    def xml(self) -> str:
        properties = pieces.paragraph_properties(
            self.style, self.keep_next, self.page_break, self.numbering, self.spacing_after
        )
        return wrap("w:p", properties, self.runs)


# The blocks of a body or a cell as they are written: paragraphs, and tables as text.
_Blocks = list[_Paragraph | str]


def _join(blocks: _Blocks) -> str:
    return "".join([block if isinstance(block, str) else block.xml() for block in blocks])


_EMPTY_CELL = Cell(())  # where a row has fewer cells than the table has columns

# Cells written before, for every document: the markup parser makes a cell once for its markup,
# and unit plans repeat the policy's activities, so most cells of a plan's tables were written
# for another plan. Per text colours and paper (and language): a cell's content (its
# paragraphs) keyed by the cell's id and whether it sits in a header row, and the whole cell,
# keyed also by its width, span and merge. The cell is kept in each value so that its id is not
# reused while the entry lives; XML is split where its content controls' ids go. A content with
# a date picker is its language's (the picker's); the same cell in another language (a name,
# a number) is written once.
_Written = tuple[Cell | None, tuple[str, ...]]  # (cell, its XML split at the controls' ids)
_WrittenContent = tuple[Cell | None, tuple[str, ...], str | None]  # and a date picker's language
_WRITTEN_CELLS: dict[tuple[object, ...], dict[tuple[object, ...], _Written]] = {}
_WRITTEN_CONTENTS: dict[tuple[object, ...], dict[tuple[int, bool], _WrittenContent]] = {}
_WRITTEN_CELLS_LIMIT = 8192  # entries per dict: a bound on the memory kept
_CONTROL_ID = re.compile(r'<w:id w:val="\d+"/>')  # only controls write it; text is escaped


def _remember(cache: dict[_Key, _Value], key: _Key, value: _Value) -> None:
    if len(cache) >= _WRITTEN_CELLS_LIMIT:
        cache.clear()  # a bound on the memory kept, simply
    cache[key] = value


class _Writer:
    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.base = base_parts(theme, document.lang)
        # The document's relationships, (type, target, external), rId1 first.
        self.rels: list[tuple[str, str, bool]] = list(_DOCUMENT_RELS)
        self.relations_asked = 0  # relate()'s calls: a cell that links is not written again
        # Headers and footers, in the order they are related: (part name, content type, bytes)
        self.parts: list[Part] = []
        self.numbers: list[str] = []  # numbering instances after the base part's
        self.next_num_id = 2
        self.page_break_pending = False
        # orientation -> header and footer parts: their right tab stops sit at the text width
        self.header_ids: dict[str, str] = {}
        self.footer_ids: dict[str, str] = {}
        self.colours = pieces.text_colours(theme)
        self.control_id = 0  # content controls are numbered in document order: stable bytes
        self.dates_asked = 0  # date pickers written: a cell with one is its language's
        # A table in a cell is as wide as the paper's text.
        style = (self.colours, theme.paper)
        self.written_cells = _WRITTEN_CELLS.setdefault((*style, document.lang), {})
        self.written_contents = _WRITTEN_CONTENTS.setdefault(style, {})
        self.body: _Blocks = []

    # -- page setup -----------------------------------------------------------------------

    def text_width(self, orientation: str) -> int:
        return twips(self.theme.paper, orientation)[0] - 2 * MARGIN

    def section_properties(self, orientation: str) -> str:
        header_id = self.header_ids.get(orientation) or self._header(orientation)
        footer_id = self.footer_ids.get(orientation) or self._footer(orientation)
        return pieces.section_properties(self.theme.paper, orientation, header_id, footer_id)

    def relate(self, kind: str, target: str, external: bool = False) -> str:
        """The id of a relationship of the document to ``target``; links share one per target."""
        self.relations_asked += 1
        rel = (RT + kind, target, external)
        if external and rel in self.rels:
            return f"rId{self.rels.index(rel) + 1}"
        self.rels.append(rel)
        return f"rId{len(self.rels)}"

    def _header(self, orientation: str) -> str:
        """A header part for pages of ``orientation``: title left, ``header_right`` right.

        Each orientation needs its own part: the right tab stop sits at the text width.
        """
        document = self.document
        part = pieces.header_part(
            document.header, document.header_right, self.text_width(orientation)
        )
        self.header_ids[orientation] = self.add_part("header", part)
        return self.header_ids[orientation]

    def _footer(self, orientation: str) -> str:
        """A footer part for pages of ``orientation``: ``footer`` left, the page number right."""
        document = self.document
        part = pieces.footer_part(
            document.footer, document.page_label, self.text_width(orientation)
        )
        self.footer_ids[orientation] = self.add_part("footer", part)
        return self.footer_ids[orientation]

    def add_part(self, kind: str, data: bytes) -> str:
        """Add a header or footer part, numbered per kind from 1; its relationship id."""
        number = 1 + sum(1 for rel in self.rels if rel[0] == RT + kind)
        name = f"{kind}{number}.xml"
        self.parts.append((f"word/{name}", f"{WORD}{kind}+xml", data))
        return self.relate(kind, name)

    # -- blocks ---------------------------------------------------------------------------

    def write(self) -> bytes:
        orientation = "portrait"
        blocks = self.document.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Section):
                if self.body:
                    self.end_section(orientation)
                for child in block.blocks:
                    self.block(child, self.body, block.orientation)
                orientation = block.orientation
                # The last section's page setup is the body's own; ending it with another
                # would add an empty page.
                if index < len(blocks) - 1:
                    self.end_section(orientation)
                    orientation = "portrait"
            else:
                self.block(block, self.body, orientation)
        # The body joined once: the paragraphs and tables, in their order, then its section.
        start, between, end = _document_tags()
        xml = [start]
        xml += [block if isinstance(block, str) else block.xml() for block in self.body]
        xml += (between, self.section_properties(orientation), end)
        data = check_encoded("".join(xml).encode())
        return package(self.document, self.base, data, self.numbers, self.parts, self.rels)

    def end_section(self, orientation: str) -> None:
        properties = Element("w:pPr")
        properties.add("w:sectPr", self.section_properties(orientation))
        self.body.append(wrap("w:p", properties.xml(), ""))

    def block(self, block: Block, blocks: _Blocks, orientation: str) -> None:
        match block:
            case Heading(level=level, content=content):
                self.paragraph(blocks, content, f"Heading{level}")
            case Paragraph(content=content, style=style):
                self.paragraph(blocks, content, _STYLE[style])
            case ListBlock():
                self.list(blocks, block, level=0)
            case Table():
                self.keep_with_next(blocks)
                self.table(blocks, block, self.text_width(orientation))
                # Word needs a paragraph between two tables and after a table in a cell; a
                # small one, so that it never pushes onto a page of its own.
                self.paragraph(blocks, (), "TableEnd")
            case FillIn(lines=lines, label=label):
                if label:
                    self.paragraph(blocks, (Span(label, bold=True),), None)
                for _ in range(lines):
                    self.paragraph(blocks, (), "FillLine")
            case PageBreak():
                # The next paragraph (or a table's first) starts the page: a paragraph holding
                # the break would land on the next page when this one is full, and break again.
                self.page_break_pending = True
            case Section():
                raise ValueError("sections cannot be nested")
            case _:
                unknown_block(block, "Word")

    @staticmethod
    def keep_with_next(blocks: _Blocks) -> None:
        """Keep the paragraph that introduces a table on the page where the table starts."""
        last = blocks[-1] if blocks else None
        if not isinstance(last, _Paragraph) or not last.has_run:
            return
        last.keep_next = True
        if last.style == "ListParagraph":
            # List items sit close together; the last one needs a body paragraph's room
            # before the table, or the table's top border touches it.
            last.spacing_after = "200"

    def paragraph(
        self,
        blocks: _Blocks,
        content: tuple[Inline, ...],
        style: str | None,
        numbering: tuple[int, int] | None = None,
        colours: tuple[str, ...] = (),
        label: bool = False,
    ) -> None:
        page_break = self.page_break_pending
        self.page_break_pending = False
        runs, has_run = self.runs(content, colours, label)
        blocks.append(_Paragraph(style, numbering, page_break, runs, has_run))

    def runs(
        self, content: tuple[Inline, ...], colours: tuple[str, ...] = (), label: bool = False
    ) -> tuple[str, bool]:
        """The runs of ``content`` (in ``colours`` added to their own), and whether any run is
        the paragraph's own rather than a link's or a content control's.

        A ``label`` (a header cell's text) is bold, and its links plain text.
        """
        runs = []
        has_run = False
        for item in content:
            if type(item) is Span:  # most items: checked first, and exactly
                if item.bold or item.italic or label or colours:
                    properties = run_properties(item.bold or label, item.italic, False, colours)
                    runs.append(run(properties, item.text))
                else:
                    runs.append(run("", item.text))
                has_run = True
            elif isinstance(item, Field):
                runs.append(self.control(item, colours))
            elif isinstance(item, LineBreak):
                runs.append(wrap("w:r", run_properties(False, False, False, colours), "<w:br/>"))
                has_run = True
            elif isinstance(item, Link) and not label:
                # Links come only from body blocks, so the relationship is the body's.
                rel = self.relate("hyperlink", item.target, external=True)
                text = run(run_properties(item.bold, item.italic, True, colours), item.text)
                runs.append(f'<w:hyperlink r:id="{rel}">{text}</w:hyperlink>')
            else:
                properties = run_properties(item.bold or label, item.italic, False, colours)
                runs.append(run(properties, item.text))
                has_run = True
        return "".join(runs), has_run

    def control(self, field: Field, colours: tuple[str, ...]) -> str:
        """A content control inside a paragraph, never around it.

        Controls that wrap a paragraph, cell or row are flattened by LibreOffice when it saves,
        and their dates and drop-downs lost; controls inside a paragraph survive.
        """
        self.control_id += 1
        properties = Element("w:sdtPr")
        properties.add("w:alias", val=field.title or field.prompt)
        properties.add("w:tag", val=f"pm:{field.tag}")
        properties.add("w:id", val=str(self.control_id))
        shown = field.shown
        if shown is None:
            properties.add("w:showingPlcHdr")
            # The prompt in a quiet colour that still reads (4.5:1), as Word greys placeholders.
            colours = (self.colours.quiet, *colours)
        if field.kind == "date":
            self.dates_asked += 1
        kind, xml = pieces.control_kind(
            field.kind, field.choices, field.value, field.multiline, self.document.lang
        )
        properties.add(kind, xml)
        properties_xml = run_properties(False, False, False, colours)
        run = wrap("w:r", properties_xml, run_text(shown or field.prompt, "\n", "<w:br/>"))
        sdt = Element("w:sdt")
        sdt.add("w:sdtPr", properties.xml())
        sdt.add("w:sdtContent", f"<w:sdtContent>{run}</w:sdtContent>")
        return sdt.xml()

    def list(
        self,
        blocks: _Blocks,
        block: ListBlock,
        level: int,
        num_id: int = 0,
        style: str = "ListParagraph",
    ) -> None:
        if block.ordered:
            num_id = self.new_numbering() if level == 0 or not num_id else num_id
        else:
            num_id = 1
        for item in block.items:
            self.paragraph(blocks, item.content, style, (num_id, min(level, 2)))
            for child in item.children:
                self.list(blocks, child, level + 1, num_id if child.ordered else 0, style)

    def new_numbering(self) -> int:
        """A new numbering instance, so that every numbered list starts again at 1."""
        num_id = self.next_num_id
        self.next_num_id += 1
        # After the base part's abstract numberings and its instance 1: schema order.
        self.numbers.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="1"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
        return num_id

    def table(self, blocks: _Blocks, table: Table, width: int) -> None:
        total = sum(table.widths)
        columns = [round(width * w / total) for w in table.widths]
        count = len(columns)
        start, end = pieces.table_start(tuple(columns), table.caption)
        xml = [start]
        # grid column -> (rows still covered by a cell that spans down from above, its width)
        covered: dict[int, tuple[int, int]] = {}
        written_cells = self.written_cells
        for rows, is_header in ((table.header, True), (table.body, False)):
            for row in rows:
                cells = row.cells
                # A row with nothing but labels in it is a row to write in: give it room.
                fill_in = not is_header and not any(c.blocks for c in cells if not c.header)
                xml.append(pieces.row_start(fill_in, is_header))
                index = column = 0
                while column < count:
                    if covered and column in covered:
                        remaining, span = covered[column]
                        if remaining > 1:
                            covered[column] = (remaining - 1, span)
                        else:
                            del covered[column]
                        wide = sum(columns[column : column + span])
                        xml.append(self.cell(None, wide, span, is_header, "continue"))
                        column += span
                        continue
                    cell = cells[index] if index < len(cells) else _EMPTY_CELL
                    index += 1
                    span = cell.colspan
                    merge = None
                    if span == 1 and cell.rowspan == 1:
                        wide = columns[column]  # most cells
                    else:
                        span = min(span, count - column)
                        if cell.rowspan > 1:
                            covered[column] = (cell.rowspan - 1, span)
                            merge = "restart"
                        wide = sum(columns[column : column + span])
                    # A cell written before (see cell()) goes straight into its row.
                    found = written_cells.get((id(cell), wide, span, is_header, merge))
                    if found is None or self.page_break_pending:
                        xml.append(self.cell(cell, wide, span, is_header, merge))
                    elif len(found[1]) == 1:
                        xml.append(found[1][0])
                    else:
                        xml.append(self.numbered(found[1]))
                    column += span
                xml.append("</w:tr>")
        xml.append(end)
        blocks += xml  # joined with the blocks around the table

    def cell(
        self, cell: Cell | None, width: int, span: int, in_header: bool, merge: str | None
    ) -> str:
        """A cell ``span`` grid columns and ``width`` twips wide, ``merge``d with the cell above
        ("continue") or below ("restart"); one written before is written again from its text.

        A cell's content depends on nothing else but the numbers of its content controls,
        which follow the document's count, and a date picker's language; a cell that relates
        a link or starts a numbered list, or that a pending page break would start, is written
        each time.
        """
        if self.page_break_pending:
            properties = self.cell_properties(cell, width, span, in_header, merge)
            return f"<w:tc>{properties}{self.cell_content(cell, in_header)}</w:tc>"
        key = (id(cell), width, span, in_header, merge)
        found = self.written_cells.get(key)
        if found is not None:
            return self.numbered(found[1])
        lang = self.document.lang
        content_key = (id(cell), in_header)
        content = self.written_contents.get(content_key)
        properties = self.cell_properties(cell, width, span, in_header, merge)
        if content is not None and (content[2] is None or content[2] == lang):
            parts = content[1]
            xml = self.numbered(parts)
        else:
            relations, numbering, dates = self.relations_asked, self.next_num_id, self.dates_asked
            xml = self.cell_content(cell, in_header)
            if self.relations_asked != relations or self.next_num_id != numbering:
                return f"<w:tc>{properties}{xml}</w:tc>"
            parts = tuple(_CONTROL_ID.split(xml))
            dated = lang if self.dates_asked != dates else None
            _remember(self.written_contents, content_key, (cell, parts, dated))
        whole = (f"<w:tc>{properties}{parts[0]}", *parts[1:])
        whole = (*whole[:-1], whole[-1] + "</w:tc>")
        _remember(self.written_cells, key, (cell, whole))
        return f"<w:tc>{properties}{xml}</w:tc>"

    def numbered(self, parts: tuple[str, ...]) -> str:
        """XML split where content controls' ids go, the ids numbered in document order."""
        if len(parts) == 1:
            return parts[0]
        written = []
        for part in parts[:-1]:
            self.control_id += 1
            written += (part, f'<w:id w:val="{self.control_id}"/>')
        written.append(parts[-1])
        return "".join(written)

    def cell_properties(
        self, cell: Cell | None, width: int, span: int, in_header: bool, merge: str | None
    ) -> str:
        # Column headings stand out on the primary colour; a row label (a header cell in the
        # body) on a pale tint, so that it reads as a label but stays light.
        if in_header:
            fill: str | None = self.colours.primary
        elif cell is not None and cell.header:
            fill = self.colours.label_fill
        else:
            fill = None
        return pieces.cell_properties(width, span, merge, fill)

    def cell_content(self, cell: Cell | None, in_header: bool) -> str:
        """The cell's paragraphs (and lists, lines to write on), written from its blocks."""
        header = in_header or (cell is not None and cell.header)
        # Column headings in white on the primary colour; a row label bold on its pale tint.
        text_colour = self.colours.on_primary if in_header else self.colours.label
        blocks: _Blocks = []
        cell_blocks = cell.blocks if cell is not None else ()
        for index, block in enumerate(cell_blocks):
            if isinstance(block, Paragraph):
                style = _CELL_STYLE[block.style]
                colours = (text_colour,) if header else ()
                if index + 1 < len(cell_blocks) and isinstance(cell_blocks[index + 1], Table):
                    self.paragraph(blocks, block.content, style, colours=colours, label=header)
                    continue  # the table may keep it with itself (keep_with_next())
                # Written at once: nothing after it changes its properties.
                page_break = self.page_break_pending
                self.page_break_pending = False
                runs = self.runs(block.content, colours, header)[0]
                properties = pieces.paragraph_properties(style, False, page_break, None, None)
                blocks.append(wrap("w:p", properties, runs))
            elif isinstance(block, ListBlock):
                self.list(blocks, block, level=0, style="TableList")
            elif isinstance(block, FillIn) and block.lines:
                self.block(block, blocks, "portrait")
                # Keep the last line clear of the cell's bottom border.
                last = blocks[-1]
                assert isinstance(last, _Paragraph)
                last.spacing_after = "113"
            else:
                self.block(block, blocks, "portrait")
        if not blocks:
            self.paragraph(blocks, (), "TableText")
        return _join(blocks)


@cache
def _document_tags() -> tuple[str, str, str]:
    """The document part before its body's paragraphs and tables, between them and the body's
    section properties, and after those."""
    body = Element("w:body")
    body.add("w:p", "\0")  # where the paragraphs and tables go: no XML text holds a NUL
    body.add("w:sectPr", "\1")
    before, rest = body.xml().split("\0")
    between, after = rest.split("\1")
    start, end = root_tags(DOCUMENT)
    return start + before, between, after + end


def write_docx(document: Document, theme: Theme) -> bytes:
    """Write ``document`` as .docx bytes; the same document always gives the same bytes."""
    return _Writer(document, theme).write()
