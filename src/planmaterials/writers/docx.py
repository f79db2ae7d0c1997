"""The Word writer: a Document tree into .docx bytes, WordprocessingML written directly.

Headings, list numbering that restarts, merged cells, repeated header rows, fields and sections
need XML that python-docx's API does not offer, so the body is written as XML; the package
around it (parts, relationships, content types, core properties) is small and fixed enough to
write too. Styles, settings and numbering are serialized once per theme and language
(:mod:`.docx_base`); python-docx is not needed to write a file.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

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
from ..limits import core_property
from ..theme import Theme
from ..transforms import unknown_block
from .colours import text_palette
from .docx_base import CORE, DOCUMENT, FOOTER, HEADER, MARGIN, base_parts, parse, serialize, twips
from .docx_xml import add, element, get_or_add, insert, qn
from .package import zip_files

__all__ = ["BLOCKS", "write_docx"]

# The blocks Word shows natively (and the fields in their text, as content controls); the
# transforms rewrite posters and slides before we see them.
BLOCKS = frozenset({Heading, Paragraph, ListBlock, Table, FillIn, PageBreak, Section, Field})

_STYLE = {"normal": None, "lead": "Lead", "small": "Small"}
_CELL_STYLE = {"normal": "TableText", "lead": "TableText", "small": "TableSmall"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILL_IN_ROW = 794  # twips (1.4 cm): the height of an empty table row to write in

_XML_HEAD = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE_RT = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
# The document's own relationships, ids rId1-rId3; headers, footers and links follow.
_DOCUMENT_RELS = (
    (_RT + "styles", "styles.xml", False),
    (_RT + "numbering", "numbering.xml", False),
    (_RT + "settings", "settings.xml", False),
)
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


class _Writer:
    def __init__(self, document: Document, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        self.base = base_parts(theme, document.lang)
        self.root = parse(DOCUMENT)
        self.body = self.root[0]
        self.final_section = self.body[0]
        # The document's relationships, (type, target, external), rId1 first.
        self.rels: list[tuple[str, str, bool]] = list(_DOCUMENT_RELS)
        # Headers and footers, in the order they are related: (part name, content type, bytes)
        self.parts: list[tuple[str, str, bytes]] = []
        self.numbers: list[str] = []  # numbering instances after the base part's
        self.next_num_id = 2
        self.page_break_pending = False
        # orientation -> header and footer parts: their right tab stops sit at the text width
        self.header_ids: dict[str, str] = {}
        self.footer_ids: dict[str, str] = {}
        # Text colours readable on their backgrounds (WCAG AA: a contrast of at least 4.5:1).
        palette = text_palette(theme.colours)
        self.header_text_colour = palette["on-primary"][0][1:]
        self.label_text_colour, label_fill = (c[1:] for c in palette["row-label"])
        self.label_fill = label_fill
        self.quiet_text_colour = palette["quiet"][0][1:]
        self.control_id = 0  # content controls are numbered in document order: stable bytes

    # -- page setup -----------------------------------------------------------------------

    def text_width(self, orientation: str) -> int:
        return twips(self.theme.paper, orientation)[0] - 2 * MARGIN

    def section_properties(self, orientation: str) -> etree._Element:
        sect = element("w:sectPr")
        header_id = self.header_ids.get(orientation) or self._header(orientation)
        add(sect, "w:headerReference", type="default").set(qn("r:id"), header_id)
        footer_id = self.footer_ids.get(orientation) or self._footer(orientation)
        add(sect, "w:footerReference", type="default").set(qn("r:id"), footer_id)
        width, height = twips(self.theme.paper, orientation)
        size = add(sect, "w:pgSz", w=str(width), h=str(height))
        if orientation == "landscape":
            size.set(qn("w:orient"), "landscape")
        margins = {side: str(MARGIN) for side in ("top", "right", "bottom", "left")}
        add(sect, "w:pgMar", header="567", footer="567", gutter="0", **margins)
        return sect

    def relate(self, kind: str, target: str, external: bool = False) -> str:
        """The id of a relationship of the document to ``target``; links share one per target."""
        rel = (_RT + kind, target, external)
        if external and rel in self.rels:
            return f"rId{self.rels.index(rel) + 1}"
        self.rels.append(rel)
        return f"rId{len(self.rels)}"

    def _header(self, orientation: str) -> str:
        """A header part for pages of ``orientation``: title left, ``header_right`` right.

        Each orientation needs its own part: the right tab stop sits at the text width.
        """
        header = parse(HEADER)
        p = self._bar(header, "Header", orientation)
        content: tuple[Inline, ...] = (Span(self.document.header),)
        if self.document.header_right:
            content += (Span("\t" + self.document.header_right),)
        self.runs(p, content)
        self.header_ids[orientation] = self.add_part("header", header)
        return self.header_ids[orientation]

    def _bar(self, part: etree._Element, style: str, orientation: str) -> etree._Element:
        """The paragraph of a header or footer: its style, and a tab stop at the right margin."""
        p = add(part, "w:p")
        ppr = add(p, "w:pPr")
        add(ppr, "w:pStyle", val=style)
        add(add(ppr, "w:tabs"), "w:tab", val="right", pos=str(self.text_width(orientation)))
        return p

    def _footer(self, orientation: str) -> str:
        """A footer part for pages of ``orientation``: ``footer`` left, the page number right."""
        footer = parse(FOOTER)
        p = self._bar(footer, "Footer", orientation)
        self.runs(p, (Span(self.document.footer + "\t"),))
        self.page_number(p, self.document.page_label)
        self.footer_ids[orientation] = self.add_part("footer", footer)
        return self.footer_ids[orientation]

    def add_part(self, kind: str, root: etree._Element) -> str:
        """Add a header or footer part, numbered per kind from 1; its relationship id."""
        number = 1 + sum(1 for rel in self.rels if rel[0] == _RT + kind)
        name = f"{kind}{number}.xml"
        self.parts.append((f"word/{name}", f"{_WORD}{kind}+xml", serialize(root)))
        return self.relate(kind, name)

    def page_number(self, p: etree._Element, label: str) -> None:
        """``label`` with ``{page}`` and ``{pages}`` replaced by PAGE and NUMPAGES fields."""
        rest = label
        while rest:
            positions = [(rest.find(m), m) for m in ("{page}", "{pages}") if m in rest]
            if not positions:
                self.runs(p, (Span(rest),))
                break
            index, marker = min(positions)
            if index:
                self.runs(p, (Span(rest[:index]),))
            self.field(p, "PAGE" if marker == "{page}" else "NUMPAGES")
            rest = rest[index + len(marker) :]

    def field(self, p: etree._Element, instruction: str) -> None:
        # A complex field with a cached result, so readers that do not compute fields still
        # show a number, never an error text.
        add(add(p, "w:r"), "w:fldChar", fldCharType="begin")
        instr = add(add(p, "w:r"), "w:instrText")
        instr.text = f" {instruction} "
        instr.set(_XML_SPACE, "preserve")
        add(add(p, "w:r"), "w:fldChar", fldCharType="separate")
        add(add(p, "w:r"), "w:t").text = "1"
        add(add(p, "w:r"), "w:fldChar", fldCharType="end")

    # -- blocks ---------------------------------------------------------------------------

    def write(self) -> bytes:
        orientation = "portrait"
        blocks = self.document.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Section):
                if len(self.body) > 1:
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
        self.body.remove(self.final_section)
        insert(self.body, self.section_properties(orientation))
        return self.package()

    def package(self) -> bytes:
        """The zip: parts in the order python-docx wrote them, so the bytes stay the same."""
        numbering = self.base.numbering_open + "".join(self.numbers).encode() + b"</w:numbering>"
        parts = [
            ("word/document.xml", f"{_WORD}document.main+xml", serialize(self.root)),
            ("word/styles.xml", f"{_WORD}styles+xml", self.base.styles),
            ("word/numbering.xml", f"{_WORD}numbering+xml", numbering),
            ("word/settings.xml", f"{_WORD}settings+xml", self.base.settings),
            *self.parts,
            ("docProps/core.xml", _CORE_TYPE, self.core_properties()),
        ]
        types = "".join(
            f'<Override PartName="/{name}" ContentType="{kind}"/>'
            for name, kind, _ in sorted(parts, key=lambda part: "/" + part[0])
        )
        content_types = (
            _XML_HEAD
            + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels"'
            b' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            + types.encode()
            + b"</Types>"
        )
        package_rels = _relationships(
            [
                (_RT + "officeDocument", "word/document.xml", False),
                (_PACKAGE_RT + "/metadata/core-properties", "docProps/core.xml", False),
            ]
        )
        entries = [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", package_rels),
            (parts[0][0], parts[0][2]),
            ("word/_rels/document.xml.rels", _relationships(self.rels)),
            *((name, data) for name, _, data in parts[1:]),
        ]
        return zip_files(entries, self.document.date)

    def end_section(self, orientation: str) -> None:
        p = element("w:p")
        insert(add(p, "w:pPr"), self.section_properties(orientation))
        insert(self.body, p)

    def block(self, block: Block, parent: etree._Element, orientation: str) -> None:
        match block:
            case Heading(level=level, content=content):
                self.paragraph(parent, content, f"Heading{level}")
            case Paragraph(content=content, style=style):
                self.paragraph(parent, content, _STYLE[style])
            case ListBlock():
                self.list(parent, block, level=0)
            case Table():
                self.keep_with_next(parent)
                self.table(parent, block, self.text_width(orientation))
                # Word needs a paragraph between two tables and after a table in a cell; a
                # small one, so that it never pushes onto a page of its own.
                self.paragraph(parent, (), "TableEnd")
            case FillIn(lines=lines, label=label):
                if label:
                    self.paragraph(parent, (Span(label, bold=True),), None)
                for _ in range(lines):
                    self.paragraph(parent, (), "FillLine")
            case PageBreak():
                # The next paragraph (or a table's first) starts the page: a paragraph holding
                # the break would land on the next page when this one is full, and break again.
                self.page_break_pending = True
            case Section():
                raise ValueError("sections cannot be nested")
            case _:
                unknown_block(block, "Word")

    def last_child(self, parent: etree._Element) -> etree._Element | None:
        """The last block written into ``parent`` (the body ends with its section properties)."""
        if parent is self.body:
            return self.final_section.getprevious()
        return parent[-1] if len(parent) else None

    def keep_with_next(self, parent: etree._Element) -> None:
        """Keep the paragraph that introduces a table on the page where the table starts."""
        last = self.last_child(parent)
        if last is None or last.tag != qn("w:p") or last.find(qn("w:r")) is None:
            return
        ppr = get_or_add(last, "w:pPr")
        get_or_add(ppr, "w:keepNext")
        style = ppr.find(qn("w:pStyle"))
        if style is not None and style.get(qn("w:val")) == "ListParagraph":
            # List items sit close together; the last one needs a body paragraph's room
            # before the table, or the table's top border touches it.
            get_or_add(ppr, "w:spacing").set(qn("w:after"), "200")

    def paragraph(
        self,
        parent: etree._Element,
        content: tuple[Inline, ...],
        style: str | None,
        numbering: tuple[int, int] | None = None,
    ) -> etree._Element:
        p = element("w:p")
        if style or numbering or self.page_break_pending:
            ppr = add(p, "w:pPr")
            if self.page_break_pending:
                add(ppr, "w:pageBreakBefore")
                self.page_break_pending = False
            if style:
                add(ppr, "w:pStyle", val=style)
            if numbering:
                num_pr = add(ppr, "w:numPr")
                add(num_pr, "w:ilvl", val=str(numbering[1]))
                add(num_pr, "w:numId", val=str(numbering[0]))
        self.runs(p, content)
        insert(parent, p)
        return p

    def runs(self, p: etree._Element, content: tuple[Inline, ...]) -> None:
        for item in content:
            if isinstance(item, Field):
                self.control(p, item)
                continue
            parent = p
            if isinstance(item, Link):
                # Links come only from body blocks, so the relationship is the body's.
                rel = self.relate("hyperlink", item.target, external=True)
                parent = add(p, "w:hyperlink")
                parent.set(qn("r:id"), rel)
            r = add(parent, "w:r")
            if isinstance(item, LineBreak):
                add(r, "w:br")
                continue
            if item.bold or item.italic or isinstance(item, Link):
                rpr = add(r, "w:rPr")
                if item.bold:
                    add(rpr, "w:b")
                if item.italic:
                    add(rpr, "w:i")
                if isinstance(item, Link):
                    add(rpr, "w:u", val="single")
            _add_text(r, item.text, "\t", "w:tab")

    def control(self, p: etree._Element, field: Field) -> None:
        """A content control inside paragraph ``p``, never around it.

        Controls that wrap a paragraph, cell or row are flattened by LibreOffice when it saves,
        and their dates and drop-downs lost; controls inside a paragraph survive.
        """
        self.control_id += 1
        sdt = add(p, "w:sdt")
        properties = add(sdt, "w:sdtPr")
        add(properties, "w:alias", val=field.title or field.prompt)
        add(properties, "w:tag", val=f"pm:{field.tag}")
        add(properties, "w:id", val=str(self.control_id))
        shown = field.shown
        if shown is None:
            add(properties, "w:showingPlcHdr")
        if field.kind == "choice":
            choices = add(properties, "w:dropDownList")
            if field.value is not None:
                choices.set(qn("w:lastValue"), field.value)
            for value, text in field.choices:
                add(choices, "w:listItem", displayText=text, value=value)
        elif field.kind == "date":
            date = add(properties, "w:date")
            if field.value is not None and _ISO_DATE.fullmatch(field.value):
                date.set(qn("w:fullDate"), f"{field.value}T00:00:00Z")
            add(date, "w:dateFormat", val="yyyy-MM-dd")
            add(date, "w:lid", val=self.document.lang)
            add(date, "w:storeMappedDataAs", val="dateTime")
            add(date, "w:calendar", val="gregorian")
        else:
            text = add(properties, "w:text")
            if field.multiline:
                text.set(qn("w:multiLine"), "1")
        content = add(sdt, "w:sdtContent")
        r = add(content, "w:r")
        if shown is None:
            # The prompt in a quiet colour that still reads (4.5:1), as Word greys placeholders.
            add(add(r, "w:rPr"), "w:color", val=self.quiet_text_colour)
        _add_text(r, shown or field.prompt, "\n", "w:br")

    def list(
        self,
        parent: etree._Element,
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
            self.paragraph(parent, item.content, style, (num_id, min(level, 2)))
            for child in item.children:
                self.list(parent, child, level + 1, num_id if child.ordered else 0, style)

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

    def table(self, parent: etree._Element, table: Table, width: int) -> None:
        total = sum(table.widths)
        columns = [round(width * w / total) for w in table.widths]
        tbl = element("w:tbl")
        tbl_pr = add(tbl, "w:tblPr")
        add(tbl_pr, "w:tblStyle", val="PlanTable")
        add(tbl_pr, "w:tblW", w=str(sum(columns)), type="dxa")
        add(tbl_pr, "w:tblLayout", type="fixed")
        add(
            tbl_pr,
            "w:tblLook",
            val="0420",
            firstRow="1",
            lastRow="0",
            firstColumn="0",
            lastColumn="0",
            noHBand="1",
            noVBand="1",
        )
        if table.caption:
            add(tbl_pr, "w:tblCaption", val=table.caption)
        grid = add(tbl, "w:tblGrid")
        for column in columns:
            add(grid, "w:gridCol", w=str(column))
        # grid column -> (rows still covered by a cell that spans down from above, its width)
        covered: dict[int, tuple[int, int]] = {}
        rows = [(row, True) for row in table.header] + [(row, False) for row in table.body]
        for row, is_header in rows:
            tr = add(tbl, "w:tr")
            tr_pr = add(tr, "w:trPr")
            add(tr_pr, "w:cantSplit")
            if not is_header and not any(c.blocks for c in row.cells if not c.header):
                # A row with nothing but labels in it is a row to write in: give it room.
                add(tr_pr, "w:trHeight", val=str(_FILL_IN_ROW), hRule="atLeast")
            if is_header:
                add(tr_pr, "w:tblHeader")
            cells = iter(row.cells)
            column = 0
            while column < len(columns):
                remaining, span = covered.get(column, (0, 1))
                if remaining:
                    covered[column] = (remaining - 1, span)
                    self.cell(tr, None, columns[column : column + span], is_header, "continue")
                    column += span
                    continue
                cell = next(cells, None) or Cell(())
                span = min(cell.colspan, len(columns) - column)
                merge = None
                if cell.rowspan > 1:
                    covered[column] = (cell.rowspan - 1, span)
                    merge = "restart"
                self.cell(tr, cell, columns[column : column + span], is_header, merge)
                column += span
        insert(parent, tbl)

    def cell(
        self,
        tr: etree._Element,
        cell: Cell | None,
        widths: list[int],
        in_header: bool,
        merge: str | None,
    ) -> None:
        tc = add(tr, "w:tc")
        tc_pr = add(tc, "w:tcPr")
        add(tc_pr, "w:tcW", w=str(sum(widths)), type="dxa")
        if len(widths) > 1:
            add(tc_pr, "w:gridSpan", val=str(len(widths)))
        if merge:
            add(tc_pr, "w:vMerge", **({"val": "restart"} if merge == "restart" else {}))
        header = in_header or (cell is not None and cell.header)
        # Column headings stand out in white on the primary colour; a row label (a header cell
        # in the body) is bold on a pale tint, so that it reads as a label but stays light.
        if in_header:
            fill, text_colour = self.theme.colours.primary[1:], self.header_text_colour
        else:
            fill, text_colour = self.label_fill, self.label_text_colour
        if header:
            add(tc_pr, "w:shd", val="clear", color="auto", fill=fill)
        blocks = cell.blocks if cell is not None else ()
        for block in blocks:
            if isinstance(block, Paragraph):
                content = block.content
                if header:
                    content = tuple(
                        Span(i.text, True, i.italic) if isinstance(i, Span) else i for i in content
                    )
                p = self.paragraph(tc, content, _CELL_STYLE[block.style])
                if header:
                    for run in p.iter(qn("w:r")):
                        add(get_or_add(run, "w:rPr"), "w:color", val=text_colour)
            elif isinstance(block, ListBlock):
                self.list(tc, block, level=0, style="TableList")
            elif isinstance(block, FillIn) and block.lines:
                self.block(block, tc, "portrait")
                # Keep the last line clear of the cell's bottom border.
                get_or_add(get_or_add(tc[-1], "w:pPr"), "w:spacing").set(qn("w:after"), "113")
            else:
                self.block(block, tc, "portrait")
        if not len(tc) > 1:
            self.paragraph(tc, (), "TableText")

    def core_properties(self) -> bytes:
        """The core properties part, its elements in the order python-docx set them."""
        document = self.document
        root = parse(CORE)
        moment = dt.datetime.combine(document.date, dt.time(12, 0), tzinfo=dt.UTC)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        properties = [
            ("dc:title", core_property(document.title)),
            ("dc:subject", core_property(document.subject)),
            ("cp:keywords", core_property(", ".join(document.keywords))),
            ("dc:creator", core_property(document.author)),
            ("cp:lastModifiedBy", core_property(document.author)),
            ("dc:language", document.lang),
        ]
        if document.identifier:
            # LibreOffice keeps dc:identifier when it saves: a returned form names its plan.
            properties.append(("dc:identifier", core_property(document.identifier)))
        properties += [("dcterms:created", stamp), ("dcterms:modified", stamp)]
        properties.append(("cp:revision", "1"))
        w3cdtf = {f"{{{_CORE_NS['xsi']}}}type": "dcterms:W3CDTF"}
        for name, text in properties:
            prefix, local = name.split(":")
            attributes = w3cdtf if prefix == "dcterms" else None
            etree.SubElement(root, f"{{{_CORE_NS[prefix]}}}{local}", attributes).text = text
        return serialize(root)


def _relationships(rels: list[tuple[str, str, bool]]) -> bytes:
    """A relationships part; ids count from rId1. Written with lxml, which escapes targets."""
    ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    root = etree.Element(f"{ns}Relationships", nsmap={None: ns[1:-1]})
    for number, (kind, target, external) in enumerate(rels, start=1):
        rel = etree.SubElement(root, f"{ns}Relationship", Id=f"rId{number}", Type=kind)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
    return serialize(root)


def write_docx(document: Document, theme: Theme) -> bytes:
    """Write ``document`` as .docx bytes; the same document always gives the same bytes."""
    return _Writer(document, theme).write()


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _add_text(r: etree._Element, text: str, separator: str, element: str) -> None:
    """``text`` into the run ``r``: a ``w:t`` per piece, ``element`` where ``separator`` was.

    Word drops leading and trailing spaces of a ``w:t`` unless it says to keep them.
    """
    for index, piece in enumerate(text.split(separator)):
        if index:
            add(r, element)
        if piece:
            t = add(r, "w:t")
            t.text = piece
            if piece != piece.strip():
                t.set(_XML_SPACE, "preserve")
