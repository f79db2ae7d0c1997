"""WordprocessingML written as text, every element's children in schema order by construction.

Word rejects a file whose elements come in another order than the schema's (ECMA-376 Part 1,
e.g. 17.3.1.26 ``pPr``, 17.3.2.28 ``rPr``); LibreOffice is lenient, so a wrong order goes
unnoticed until a user opens the file in Word. Every element with children of more than one
kind is written through :class:`Element`, which places each child by :data:`SCHEMA_ORDER`, or
through :func:`wrap` (a paragraph, run, row or cell: its properties, then its content, as the
table says), so no code orders elements by hand. The text is what lxml would serialize for the
same tree (its escapes, ``<w:b/>`` for an empty element), so the files keep their bytes;
building the body as text instead of as lxml elements makes the Word writer several times
faster.
"""

from __future__ import annotations

import re

__all__ = [
    "SCHEMA_ORDER",
    "Element",
    "attribute",
    "check_characters",
    "check_encoded",
    "empty",
    "escape",
    "wrap",
]

# The children we write, per parent, in the schema's order. A tuple groups children of one
# rank: they may come in any order among themselves (a run's text, tabs and breaks keep the
# order they are added in). Children we never write are left out.
SCHEMA_ORDER: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "w:body": (("w:p", "w:tbl"), "w:sectPr"),
    "w:hdr": ("w:p",),
    "w:ftr": ("w:p",),
    "w:numbering": ("w:abstractNum", "w:num"),
    "w:p": ("w:pPr", ("w:r", "w:hyperlink", "w:sdt")),
    "w:hyperlink": ("w:r",),
    # A content control inside a paragraph (run level): its properties, then what it shows.
    "w:sdt": ("w:sdtPr", "w:sdtContent"),
    "w:sdtPr": (
        "w:rPr",
        "w:alias",
        "w:tag",
        "w:id",
        "w:showingPlcHdr",
        ("w:text", "w:date", "w:dropDownList"),
    ),
    "w:sdtContent": ("w:r",),
    "w:date": ("w:dateFormat", "w:lid", "w:storeMappedDataAs", "w:calendar"),
    "w:dropDownList": ("w:listItem",),
    "w:pPr": (
        "w:pStyle",
        "w:keepNext",
        "w:keepLines",
        "w:pageBreakBefore",
        "w:widowControl",
        "w:numPr",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:spacing",
        "w:ind",
        "w:jc",
        "w:outlineLvl",
        "w:rPr",
        "w:sectPr",
    ),
    "w:numPr": ("w:ilvl", "w:numId"),
    "w:tabs": ("w:tab",),
    "w:r": ("w:rPr", ("w:t", "w:tab", "w:br", "w:fldChar", "w:instrText")),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:sz", "w:u"),
    "w:tbl": ("w:tblPr", "w:tblGrid", "w:tr"),
    "w:tblPr": ("w:tblStyle", "w:tblW", "w:jc", "w:tblLayout", "w:tblLook", "w:tblCaption"),
    "w:tblGrid": ("w:gridCol",),
    "w:tr": ("w:trPr", "w:tc"),
    # trPr's children are a choice in any order; written in the order the schema lists them
    "w:trPr": ("w:cantSplit", "w:trHeight", "w:tblHeader"),
    "w:tc": ("w:tcPr", ("w:p", "w:tbl")),
    "w:tcPr": ("w:tcW", "w:gridSpan", "w:vMerge", "w:shd"),
    "w:sectPr": (("w:headerReference", "w:footerReference"), "w:pgSz", "w:pgMar"),
}

_RANKS: dict[str, dict[str, int]] = {
    parent: {
        tag: rank
        for rank, group in enumerate(children)
        for tag in (group if isinstance(group, tuple) else (group,))
    }
    for parent, children in SCHEMA_ORDER.items()
}

# lxml's escapes: in text ``&<>`` and a carriage return (which a parser would drop); in an
# attribute also ``"`` and the whitespace a parser would turn into spaces. Most texts need none:
# looking for each character is quicker than a pattern or a translation table.


def escape(text: str) -> str:
    """``text`` as the content of an element."""
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return text.replace("\r", "&#13;")
    return text


def attribute(value: str) -> str:
    """``value`` as the value of an attribute (without its quotes)."""
    if (
        "&" in value
        or "<" in value
        or ">" in value
        or '"' in value
        or "\t" in value
        or "\n" in value
        or "\r" in value
    ):
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        value = value.replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
        return value.replace("\r", "&#13;")
    return value


def _attributes(attributes: dict[str, str]) -> str:
    """``w:``-prefixed attributes, in the order given; a prefixed name (``r:id``) stays."""
    return "".join(
        f' {name if ":" in name else "w:" + name}="{attribute(value)}"'
        for name, value in attributes.items()
    )


def empty(tag: str, **attributes: str) -> str:
    """An element ``tag`` without children, ``w:``-prefixed attributes: ``<w:b/>``."""
    return f"<{tag}{_attributes(attributes)}/>" if attributes else f"<{tag}/>"


# Characters XML 1.0 cannot hold: lxml refused them with this error, so the writer does too.
_NOT_XML = (*map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))), "\ufffe", "\uffff")
_NOT_XML_PATTERN = re.compile(f"[{''.join(_NOT_XML)}]")


# In UTF-8 each of them has bytes no other character's encoding holds: a control character is
# its one byte (every byte of a longer sequence is 0x80 or above), U+FFFE and U+FFFF are theirs.
# Searching for one byte is quick, for three slow: those two are looked for only after their
# first byte (which only characters from U+F000 on start with) is found.
_NOT_XML_BYTES = tuple(c.encode() for c in _NOT_XML if len(c.encode()) == 1)
_NOT_XML_SEQUENCES = tuple(c.encode() for c in _NOT_XML if len(c.encode()) > 1)
assert {sequence[:1] for sequence in _NOT_XML_SEQUENCES} == {b"\xef"}
_NOT_XML_MESSAGE = (
    "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
)


def check_characters(xml: str) -> str:
    """``xml`` itself, or a ValueError when it holds a character XML cannot."""
    # A pattern is quicker on a short text, looking for each character in turn on a long one.
    if (
        _NOT_XML_PATTERN.search(xml)
        if len(xml) < 4096
        else any(character in xml for character in _NOT_XML)
    ):
        raise ValueError(_NOT_XML_MESSAGE)
    return xml


def check_encoded(xml: bytes) -> bytes:
    """``xml``, UTF-8, itself, or a ValueError when it holds a character XML cannot.

    Quicker on a long text than :func:`check_characters` on its ``str``: searching bytes for a
    byte is quicker than searching a text with characters beyond Latin-1 for a character.
    """
    if any(map(xml.__contains__, _NOT_XML_BYTES)) or (
        b"\xef" in xml and any(map(xml.__contains__, _NOT_XML_SEQUENCES))
    ):
        raise ValueError(_NOT_XML_MESSAGE)
    return xml


# Elements whose schema sequence is their properties and then their content, one rank: what
# :func:`wrap` writes. Checked against SCHEMA_ORDER below.
_PROPERTIES = {"w:p": "w:pPr", "w:r": "w:rPr", "w:tr": "w:trPr", "w:tc": "w:tcPr"}
assert all(SCHEMA_ORDER[tag][0] == first for tag, first in _PROPERTIES.items())
assert all(len(SCHEMA_ORDER[tag]) == 2 for tag in _PROPERTIES)


def wrap(tag: str, properties: str, content: str) -> str:
    """A ``w:p``, ``w:r``, ``w:tr`` or ``w:tc``: its properties element (or none), then its
    content. The schema puts properties first in each (a KeyError for any other ``tag``);
    ``content`` is children of the one rank after them, written in document order.
    """
    assert _PROPERTIES[tag]
    if properties or content:
        return f"<{tag}>{properties}{content}</{tag}>"
    return f"<{tag}/>"


class Element:
    """An element being written: each child goes where :data:`SCHEMA_ORDER` ranks it.

    A parent or child the table does not know is a programming error (KeyError): add it to
    :data:`SCHEMA_ORDER` in the schema's order first.
    """

    __slots__ = ("_children", "_ranks", "attributes", "tag")

    def __init__(self, tag: str, **attributes: str) -> None:
        self.tag = tag
        self.attributes = attributes
        self._ranks = _RANKS[tag]
        self._children: list[tuple[int, str, str]] = []  # (rank, tag, xml), in order

    def add(self, tag: str, xml: str | None = None, **attributes: str) -> None:
        """Add the child ``tag``: ``xml`` written already, or empty with ``attributes``."""
        rank = self._ranks[tag]
        child = (rank, tag, xml if xml is not None else empty(tag, **attributes))
        children = self._children
        # Children are in order already, so the last has the highest rank: most go last.
        if not children or children[-1][0] <= rank:
            children.append(child)
            return
        index = next(i for i, (other, _, _) in enumerate(children) if other > rank)
        children.insert(index, child)

    def __len__(self) -> int:
        return len(self._children)

    def xml(self) -> str:
        """The element as text; ``<w:tag/>`` when it has no children."""
        start = f"<{self.tag}{_attributes(self.attributes)}"
        if not self._children:
            return start + "/>"
        return f"{start}>{''.join(xml for _, _, xml in self._children)}</{self.tag}>"
