"""Reading a .docx file's tables as text, content controls and fields included, with lxml.

python-docx cannot see text inside content controls, so the package is read directly: every
table of the body becomes rows of cells, each cell paragraphs of pieces. A piece is plain text or
one content control (its tag, placeholder state and drop-down items kept); a field's shown
result counts as text, its code does not, so a control LibreOffice turned into a field still
reads as what was typed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

__all__ = ["DocxError", "Piece", "WordCell", "WordFile", "WordTable", "read_docx"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
# A filled plan is a few hundred kB; far larger parts are not a plan (or are a zip bomb).
MAX_PART_BYTES = 50 * 1024 * 1024


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


class DocxError(Exception):
    """The file is not a Word document that can be read (not a zip, no document part...)."""


@dataclass(frozen=True)
class Piece:
    """Text of a paragraph: plain, or one content control (``tag`` None when it has none)."""

    text: str
    control: bool = False
    tag: str | None = None
    placeholder: bool = False  # the control shows its prompt, not anything typed
    choices: tuple[tuple[str, str], ...] = ()  # a drop-down's (display text, value) pairs


@dataclass(frozen=True)
class WordCell:
    paragraphs: tuple[tuple[Piece, ...], ...]
    span: int = 1  # how many grid columns the cell covers

    def pieces(self) -> list[Piece]:
        return [piece for paragraph in self.paragraphs for piece in paragraph]


@dataclass(frozen=True)
class WordTable:
    rows: tuple[tuple[WordCell, ...], ...]
    header_rows: int  # rows marked to repeat as header rows (w:tblHeader)
    number: int  # 1-based place among the document's tables


@dataclass(frozen=True)
class WordFile:
    path: Path
    tables: tuple[WordTable, ...]
    properties: dict[str, str] = field(default_factory=dict)  # core properties by local name
    paragraphs: tuple[str, ...] = ()  # the text of each paragraph outside tables


def read_docx(path: Path) -> WordFile:
    """Read the tables and core properties of a .docx file; :class:`DocxError` if it is none."""
    try:
        with zipfile.ZipFile(path) as package:
            body = _part(package, _DOCUMENT)
            if body is None:
                raise DocxError(
                    "it has no Word document part (word/document.xml); save it as a Word .docx"
                )
            core = _part(package, _CORE)
    except zipfile.BadZipFile:
        raise DocxError(
            "it is not a Word .docx file (not a zip package); save it as a Word .docx"
        ) from None
    except OSError as exc:
        raise DocxError(f"cannot read it: {exc.strerror or exc}") from None
    root = _parse(body, _DOCUMENT)
    tables = []
    paragraphs = []
    body_element = root.find(_w("body"))
    if body_element is not None:
        for table in _tables(body_element):
            tables.append(_table(table, len(tables) + 1))
        for paragraph, control in _paragraphs(body_element, None):
            paragraphs.append("".join(piece.text for piece in _pieces(paragraph, control)))
    properties = {}
    if core is not None:
        for element in _parse(core, _CORE):
            if isinstance(element.tag, str) and element.text:
                properties[etree.QName(element).localname] = element.text.strip()
    return WordFile(
        path=path, tables=tuple(tables), properties=properties, paragraphs=tuple(paragraphs)
    )


def _part(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise DocxError(f"its part {name} is larger than {MAX_PART_BYTES // 2**20} MB")
    with package.open(info) as handle:
        data = handle.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:  # the size in the directory lied
        raise DocxError(f"its part {name} is larger than {MAX_PART_BYTES // 2**20} MB")
    return data


def _parse(data: bytes, name: str) -> etree._Element:
    # No entities, no network, no DTD: a document from outside is data, never instructions.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DocxError(f"its part {name} is not well-formed XML ({exc.msg})") from None


def _tables(element: etree._Element):
    """The body's tables in order, also inside block-level content controls (not nested ones)."""
    for child in element:
        if child.tag == _w("tbl"):
            yield child
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
            yield from _tables(child)


def _table(table: etree._Element, number: int) -> WordTable:
    rows = []
    header_rows = 0
    counting_header = True
    for row in _children(table, "tr"):
        properties = row.find(_w("trPr"))
        is_header = properties is not None and _on(properties.find(_w("tblHeader")))
        if counting_header and is_header:
            header_rows += 1
        else:
            counting_header = False
        rows.append(tuple(_cell(cell) for cell in _children(row, "tc")))
    return WordTable(rows=tuple(rows), header_rows=header_rows, number=number)


def _children(element: etree._Element, name: str):
    """``element``'s children called ``name``, looking through content controls that wrap them
    (a repeating section's rows, a control around a cell)."""
    for child in element:
        if child.tag == _w(name):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _children(content, name)


def _on(element: etree._Element | None) -> bool:
    if element is None:
        return False
    return element.get(_w("val"), "true") not in ("false", "0", "off")


def _cell(cell: etree._Element) -> WordCell:
    span = 1
    properties = cell.find(_w("tcPr"))
    if properties is not None:
        grid_span = properties.find(_w("gridSpan"))
        if grid_span is not None and (grid_span.get(_w("val")) or "").isdigit():
            span = max(1, int(grid_span.get(_w("val"))))
    paragraphs = []
    for paragraph, control in _paragraphs(cell, None):
        paragraphs.append(_pieces(paragraph, control))
    return WordCell(paragraphs=tuple(paragraphs), span=span)


@dataclass(frozen=True)
class _Control:
    tag: str | None
    placeholder: bool
    choices: tuple[tuple[str, str], ...]


def _paragraphs(element: etree._Element, control: _Control | None):
    """A cell's paragraphs with the block-level control around them, if any."""
    for child in element:
        if child.tag == _w("p"):
            yield child, control
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _paragraphs(content, _control(child))
        elif child.tag == _w("customXml"):
            yield from _paragraphs(child, control)
        # nested tables (w:tbl) are not part of a plan's shape and are left out


def _control(sdt: etree._Element) -> _Control:
    properties = sdt.find(_w("sdtPr"))
    if properties is None:
        return _Control(None, False, ())
    tag = properties.find(_w("tag"))
    choices = tuple(
        (item.get(_w("displayText")) or item.get(_w("value")) or "", item.get(_w("value")) or "")
        for kind in ("dropDownList", "comboBox")
        for item in properties.findall(f"{_w(kind)}/{_w('listItem')}")
    )
    return _Control(
        tag=tag.get(_w("val")) if tag is not None else None,
        placeholder=_on(properties.find(_w("showingPlcHdr"))),
        choices=choices,
    )


def _pieces(paragraph: etree._Element, block: _Control | None) -> tuple[Piece, ...]:
    """A paragraph's text as pieces: runs between controls are joined into one plain piece."""
    pieces: list[Piece] = []
    plain: list[str] = []
    state = _FieldState()

    def flush() -> None:
        if plain:
            text = "".join(plain)
            if block is None:
                pieces.append(Piece(text))
            else:
                pieces.append(Piece(text, True, block.tag, block.placeholder, block.choices))
            plain.clear()

    for child in paragraph:
        if child.tag == _w("sdt"):
            flush()
            control = _control(child)
            content = child.find(_w("sdtContent"))
            text = "".join(_texts(content, _FieldState())) if content is not None else ""
            pieces.append(Piece(text, True, control.tag, control.placeholder, control.choices))
        elif child.tag != _w("pPr"):
            plain.extend(_texts(child, state))
    flush()
    return tuple(pieces)


@dataclass
class _FieldState:
    """Where a paragraph stands in complex fields: their codes are skipped, results kept."""

    depth: int = 0
    in_code: list[bool] = field(default_factory=list)

    def shows(self) -> bool:
        return not any(self.in_code)


# Elements whose text is not part of what the reader sees.
_HIDDEN = {_w(name) for name in ("del", "moveFrom", "instrText", "delText", "pPr", "rPr", "sdtPr")}


def _texts(element: etree._Element, state: _FieldState):
    """The visible text under ``element`` in document order."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _HIDDEN:
        return
    if tag == _w("t"):
        if state.shows():
            yield element.text or ""
        return
    if tag in (_w("br"), _w("cr")):
        # A page or column break is layout, not a new line of the text.
        if state.shows() and element.get(_w("type"), "textWrapping") == "textWrapping":
            yield "\n"
        return
    if tag == _w("tab"):
        if state.shows():
            yield "\t"
        return
    if tag == _w("noBreakHyphen"):
        if state.shows():
            yield "\u2011"
        return
    if tag == _w("fldChar"):
        kind = element.get(_w("fldCharType"))
        if kind == "begin":
            state.in_code.append(True)
            dropdown = element.find(f"{_w('ffData')}/{_w('ddList')}")
            if dropdown is not None and len(state.in_code) == 1:
                # A legacy drop-down field shows its chosen entry, which is not written as text.
                yield _dropdown_result(dropdown)
        elif kind == "separate" and state.in_code:
            state.in_code[-1] = False
        elif kind == "end" and state.in_code:
            state.in_code.pop()
        return
    if tag == _w("sdt"):
        content = element.find(_w("sdtContent"))
        if content is not None:
            yield from _texts(content, state)
        return
    for child in element:
        yield from _texts(child, state)


def _dropdown_result(dropdown: etree._Element) -> str:
    entries = [entry.get(_w("val")) or "" for entry in dropdown.findall(_w("listEntry"))]
    chosen = dropdown.find(_w("result"))
    if chosen is None:
        chosen = dropdown.find(_w("default"))
    index = chosen.get(_w("val")) if chosen is not None else "0"
    if index is not None and index.isdigit() and int(index) < len(entries):
        return entries[int(index)]
    return ""
