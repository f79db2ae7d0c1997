"""WordprocessingML elements in schema order by construction: one ordering table for every child.

Word rejects a file whose elements come in another order than the schema's (ECMA-376 Part 1,
e.g. 17.3.1.26 ``pPr``, 17.3.2.28 ``rPr``); LibreOffice is lenient, so a wrong order goes
unnoticed until a user opens the file in Word. Every child the Word writer adds goes through
:func:`add` (or :func:`get_or_add`, :func:`insert`), which places it by :data:`SCHEMA_ORDER`,
so no code orders elements by hand.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

__all__ = ["NAMESPACES", "SCHEMA_ORDER", "add", "element", "get_or_add", "insert", "qn"]

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xml": "http://www.w3.org/XML/1998/namespace",
}


@cache
def qn(tag: str) -> str:
    """The Clark name of a prefixed name: ``w:p`` -> ``{http://…/main}p``."""
    prefix, name = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{name}"


@cache
def _attribute(name: str) -> str:
    return qn(f"w:{name}")


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
    qn(parent): {
        qn(tag): rank
        for rank, group in enumerate(children)
        for tag in (group if isinstance(group, tuple) else (group,))
    }
    for parent, children in SCHEMA_ORDER.items()
}


def element(tag: str, **attributes: str) -> etree._Element:
    """A new element ``tag`` (``w:p``) with ``w:``-prefixed attributes."""
    return etree.Element(qn(tag), {_attribute(k): v for k, v in attributes.items()})


def insert(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Put ``child`` into ``parent`` where the schema's order says, after others of its rank.

    A parent or child the table does not know is a programming error (KeyError): add it to
    :data:`SCHEMA_ORDER` in the schema's order first.
    """
    ranks = _RANKS[parent.tag]
    rank = ranks[child.tag]
    # Children are in order already, so the last has the highest rank: most children go last.
    if not len(parent) or ranks[parent[-1].tag] <= rank:
        parent.append(child)
        return child
    for sibling in parent:
        if ranks[sibling.tag] > rank:
            sibling.addprevious(child)
            return child
    raise AssertionError("unreachable: the last child outranks the new one")


def add(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    """A new child ``tag`` of ``parent``, in schema order."""
    ranks = _RANKS[parent.tag]
    qtag = qn(tag)
    rank = ranks[qtag]
    attrib = {_attribute(k): v for k, v in attributes.items()} if attributes else None
    if not len(parent) or ranks[parent[-1].tag] <= rank:
        return etree.SubElement(parent, qtag, attrib)
    return insert(parent, etree.Element(qtag, attrib))


def get_or_add(parent: etree._Element, tag: str) -> etree._Element:
    """``parent``'s child ``tag``, added in schema order if it has none."""
    found = parent.find(qn(tag))
    return found if found is not None else add(parent, tag)
