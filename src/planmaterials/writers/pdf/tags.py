"""The structure pass: turn a marked PDF from reportlab into a tagged, accessible PDF, with pikepdf.

reportlab can mark content while drawing (see :mod:`.marks`) but writes no structure tree.
This pass adds it from the marks recorded while drawing: ``StructTreeRoot`` with a ``Document``
element and its children in reading order, the ``ParentTree`` that maps each page's marked
content back to its element, ``MarkInfo``, ``/Tabs /S``, and XMP metadata that declares PDF/UA.
Anything reportlab painted outside a marked sequence (bullets, crop marks, stray paths) becomes
an artifact, so that no painted content is left untagged. It works on bytes in memory and takes
every date from the document, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, ContentStreamInstruction, Dictionary, Name, Operator, String

__all__ = ["Mark", "Tag", "add_structure"]

# Attribute owners of the structure types that carry attributes (ISO 32000-1, 14.8.5).
_OWNERS = {"L": "/List", "TH": "/Table", "TD": "/Table"}

_PATH_START = {b"m", b"re"}
_PATH_END = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"}
_PAINT = {b"Do", b"sh", b"INLINE IMAGE"}


@dataclass(frozen=True)
class Tag:
    """One structure element on the way from the document to a piece of content.

    ``key`` tells apart siblings of the same role (two paragraphs); marks whose paths share a
    tag belong to the same element, even when reportlab drew them on different pages.
    """

    role: str
    key: object = None
    attributes: tuple[tuple[str, str], ...] = ()
    alt: str | None = None  # the text that stands for a figure


@dataclass(frozen=True)
class Mark:
    """A marked-content sequence drawn on ``page`` (from 0) as ``mcid``, and its elements."""

    path: tuple[Tag, ...]
    page: int
    mcid: int


@dataclass
class _Element:
    tag: Tag
    children: list  # of _Element and Mark, in reading order


def _tree(marks: list[Mark]) -> _Element:
    """The elements under ``Document``; marks come in drawing order, which is reading order."""
    root = _Element(Tag("Document"), [])
    elements: dict[tuple[Tag, ...], _Element] = {(): root}
    for mark in marks:
        parent = root
        for depth in range(1, len(mark.path) + 1):
            prefix = mark.path[:depth]
            element = elements.get(prefix)
            if element is None:
                element = elements[prefix] = _Element(prefix[-1], [])
                parent.children.append(element)
            parent = element
        parent.children.append(mark)
    return root


def add_structure(data: bytes, marks: list[Mark], *, title: str, lang: str) -> bytes:
    """``data`` (a PDF whose content was marked as ``marks`` say) as a tagged PDF."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _mark_the_rest_as_artifacts(pdf, page)
        _write_tree(pdf, _tree(marks))
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.Lang = String(lang)
        preferences = pdf.Root.get("/ViewerPreferences", Dictionary())
        preferences.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = preferences
        # Not marked as edited by pikepdf: that would stamp the clock into the XMP.
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            # /Trapped has no XMP equivalent; everything else (dates too) is copied.
            docinfo = {k: v for k, v in pdf.docinfo.items() if k != "/Trapped"}
            meta.load_from_docinfo(docinfo, raise_failure=True)
            meta["dc:title"] = title
            meta["dc:language"] = [lang]
            meta["pdfuaid:part"] = "1"
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            min_version="1.7",  # PDF/UA-1 is built on ISO 32000-1 (PDF 1.7)
        )
        return out.getvalue()


def _mark_the_rest_as_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Wrap every painting operation outside a marked sequence in ``/Artifact BMC … EMC``.

    Only whole text objects, whole paths (construction to painting) and XObjects are wrapped:
    a marked sequence must not cut into a text object or a path, and state operators
    (``q``, ``cm``, colours) are not content, so they stay where they are.
    """
    depth = 0
    unit: list = []  # an unmarked text object or path being collected
    result: list = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            operator = b"INLINE IMAGE"
        else:
            operator = bytes(instruction.operator)
        if depth or (not unit and operator in (b"BDC", b"BMC", b"EMC")):
            depth += {b"BDC": 1, b"BMC": 1, b"EMC": -1}.get(operator, 0)
            result.append(instruction)
            continue
        if unit:
            unit.append(instruction)
            closing = {b"ET"} if _is_text(unit) else _PATH_END
            if operator in closing:
                result.extend(_artifact(unit))
                unit = []
        elif operator == b"BT" or operator in _PATH_START:
            unit = [instruction]
        elif operator in _PATH_END or operator in _PAINT:
            # A painting operator on its own: reportlab writes a lone ``n`` before paths.
            result.extend(_artifact([instruction]))
        else:
            result.append(instruction)
    if depth or unit:
        raise ValueError("unbalanced marked content or an unfinished text object or path")
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(result))


def _is_text(unit: list) -> bool:
    return bytes(unit[0].operator) == b"BT"


def _artifact(instructions: list) -> list:
    return [
        ContentStreamInstruction([Name.Artifact], Operator("BMC")),
        *instructions,
        ContentStreamInstruction([], Operator("EMC")),
    ]


def _write_tree(pdf: pikepdf.Pdf, root: _Element) -> None:
    pages = list(pdf.pages)
    parents: list[list] = [[] for _ in pages]  # per page, the element of each MCID
    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def element(node: _Element, parent: pikepdf.Object) -> pikepdf.Object:
        struct = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + node.tag.role), P=parent)
        )
        if node.tag.attributes:
            attributes = Dictionary(O=Name(_OWNERS[node.tag.role]))
            for key, value in node.tag.attributes:
                attributes[Name("/" + key)] = Name("/" + value)
            struct.A = attributes
        if node.tag.alt:
            struct.Alt = String(node.tag.alt)
        first_page = next((m.page for m in _marks(node)), None)
        if first_page is not None:
            struct.Pg = pages[first_page].obj
        kids = Array()
        for child in node.children:
            if isinstance(child, Mark):
                slots = parents[child.page]
                slots.extend([None] * (child.mcid + 1 - len(slots)))
                slots[child.mcid] = struct
                if child.page == first_page:
                    kids.append(child.mcid)
                else:
                    kids.append(
                        Dictionary(Type=Name.MCR, Pg=pages[child.page].obj, MCID=child.mcid)
                    )
            else:
                kids.append(element(child, struct))
        # A single kid stands alone (as most writers do; some checkers read only that form).
        struct.K = kids[0] if len(kids) == 1 else kids
        return struct

    document = element(root, tree_root)
    numbers = Array()
    for index, (page, slots) in enumerate(zip(pages, parents, strict=True)):
        if None in slots:
            raise ValueError(f"page {index + 1}: a marked sequence belongs to no element")
        page.obj.StructParents = index
        page.obj.Tabs = Name.S  # tab order follows the structure
        numbers.extend([index, pdf.make_indirect(Array(slots))])
    tree_root.K = document
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=numbers))
    tree_root.ParentTreeNextKey = len(pages)
    pdf.Root.StructTreeRoot = tree_root


def _marks(node: _Element):
    for child in node.children:
        if isinstance(child, Mark):
            yield child
        else:
            yield from _marks(child)
