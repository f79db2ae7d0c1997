"""The structure of a tagged PDF, written by reportlab along with the pages it drew.

reportlab can mark content while drawing (see :mod:`.marks`) but writes no structure tree.
:class:`TaggedCanvas` adds it as the document is saved, from the marks recorded while drawing:
``StructTreeRoot`` with a ``Document`` element and its children in reading order, the
``ParentTree`` that maps each page's marked content back to its element, ``MarkInfo``,
``/Tabs /S``, and XMP metadata that declares PDF/UA. Anything reportlab painted outside a
marked sequence (bullets, stray paths) becomes an artifact (see :mod:`.artifacts`), so that no
painted content is left untagged. Nothing here reads the clock: the same input gives the same
bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from .artifacts import mark_the_rest_as_artifacts

__all__ = ["Mark", "Tag", "TaggedCanvas", "add_structure"]

# Attribute owners of the structure types that carry attributes (ISO 32000-1, 14.8.5).
_OWNERS = {"L": "List", "TH": "Table", "TD": "Table"}


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


class TaggedCanvas(Canvas):
    """A reportlab canvas that writes a tagged PDF: the structure tree is added as it saves.

    Made by ``BaseDocTemplate.build(story, canvasmaker=partial(TaggedCanvas, tagger=…,
    metadata=…))``; ``tagger`` (see :mod:`.marks`) records the marks while the story is drawn.
    """

    def __init__(self, *args, tagger, metadata: bytes, **kwargs) -> None:
        # PDF/UA-1 is built on ISO 32000-1 (PDF 1.7).
        super().__init__(*args, pdfVersion=(1, 7), **kwargs)
        self._tagger, self._metadata = tagger, metadata

    def save(self) -> None:
        add_structure(self._doc, self._tagger.marks, self._metadata)
        super().save()


def add_structure(doc: PDFDocument, marks: list[Mark], metadata: bytes) -> None:
    """Make ``doc`` (reportlab's, drawn but not saved, marked as ``marks`` say) a tagged PDF.

    ``metadata`` is the XMP packet (see :mod:`.xmp`). ``/Lang`` and DisplayDocTitle come from
    reportlab itself (the document template's ``lang`` and ``displayDocTitle``).
    """
    pages = doc.Pages.pages
    for page in pages:
        page.stream = mark_the_rest_as_artifacts(page.stream)
    catalog = doc.Catalog
    catalog.StructTreeRoot = _structure_tree(doc, len(pages), _tree(marks))
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        metadata,
        filters=[],  # readable as it is, as XMP wants
    )


def _page(number: int) -> PDFObjectReference:
    """Page ``number`` (from 0), by the name reportlab registered it under."""
    return PDFObjectReference(f"Page{number + 1}")


def _structure_tree(doc: PDFDocument, page_count: int, root: _Element) -> PDFDictionary:
    parents: list[list] = [[] for _ in range(page_count)]  # per page, the element of each MCID
    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})

    def element(node: _Element, parent: PDFObjectReference) -> PDFObjectReference:
        struct = PDFDictionary(
            {"Type": PDFName("StructElem"), "S": PDFName(node.tag.role), "P": parent}
        )
        reference = doc.Reference(struct)
        if node.tag.attributes:
            attributes = {"O": PDFName(_OWNERS[node.tag.role])}
            for key, value in node.tag.attributes:
                attributes[key] = PDFName(value)
            struct["A"] = PDFDictionary(attributes)
        if node.tag.alt:
            struct["Alt"] = PDFString(node.tag.alt)
        first_page = next((m.page for m in _marks(node)), None)
        if first_page is not None:
            struct["Pg"] = _page(first_page)
        kids: list = []
        for child in node.children:
            if isinstance(child, Mark):
                slots = parents[child.page]
                slots.extend([None] * (child.mcid + 1 - len(slots)))
                slots[child.mcid] = reference
                if child.page == first_page:
                    kids.append(child.mcid)
                else:
                    kids.append(
                        PDFDictionary(
                            {"Type": PDFName("MCR"), "Pg": _page(child.page), "MCID": child.mcid}
                        )
                    )
            else:
                kids.append(element(child, reference))
        # A single kid stands alone (as most writers do; some checkers read only that form).
        struct["K"] = kids[0] if len(kids) == 1 else _array(kids)
        return reference

    document = element(root, doc.Reference(tree_root))
    numbers: list = []
    for index, (page, slots) in enumerate(zip(doc.Pages.pages, parents, strict=True)):
        if None in slots:
            raise ValueError(f"page {index + 1}: a marked sequence belongs to no element")
        _add_to_page(page, StructParents=index, Tabs=PDFName("S"))  # tabs follow the structure
        numbers += [index, doc.Reference(_array(slots))]
    tree_root["K"] = document
    tree_root["ParentTree"] = doc.Reference(PDFDictionary({"Nums": _array(numbers)}))
    tree_root["ParentTreeNextKey"] = page_count
    return tree_root


def _array(items: list) -> PDFArray:
    array = PDFArray(items)
    array.multiline = False  # on one line (broken every 10 items): an array of numbers reads so
    return array


def _add_to_page(page: PDFPage, **entries: object) -> None:
    # A reportlab page writes the entries its __NoDefault__ lists (see tests/writers/
    # test_library_internals.py): these two are not among them.
    page.__NoDefault__ = [*type(page).__NoDefault__, *entries]
    for key, value in entries.items():
        setattr(page, key, value)


def _marks(node: _Element):
    for child in node.children:
        if isinstance(child, Mark):
            yield child
        else:
            yield from _marks(child)
