"""The .docx package around a written body: content types, relationships, core properties, zip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from ..document import Document
from ..limits import core_property
from .docx_base import CORE, XML_DECLARATION, BaseParts, root_tags
from .docx_xml import attribute, check_characters, escape
from .package import Deflated, deflated, zip_files

__all__ = ["RT", "WORD", "Part", "package"]

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_PACKAGE_RT = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"

Part = tuple[str, str, bytes]  # part name, content type, bytes
Relationship = tuple[str, str, bool]  # type, target, external


def package(
    document: Document,
    base: BaseParts,
    body: bytes,
    numbers: list[str],
    parts: list[Part],
    rels: list[Relationship],
) -> bytes:
    """The zip: parts in the order python-docx wrote them, so the bytes stay the same.

    ``body`` is the document part, ``numbers`` the numbering instances after the base part's,
    ``parts`` the headers and footers and ``rels`` the document's relationships, rId1 first.
    """
    # Parts most documents share with others are written and compressed once (the core
    # properties and the body are each document's own, headers and footers most often).
    names = tuple((name, kind) for name, kind, _ in parts)
    entries = [
        ("[Content_Types].xml", _content_types(names)),
        ("_rels/.rels", deflated(_PACKAGE_RELS)),
        ("word/document.xml", body),
        ("word/_rels/document.xml.rels", _document_relationships(tuple(rels))),
        ("word/styles.xml", deflated(base.styles)),
        ("word/numbering.xml", _numbering(base.numbering_open, tuple(numbers))),
        ("word/settings.xml", deflated(base.settings)),
        *((name, deflated(data)) for name, _, data in parts),
        ("docProps/core.xml", _core_properties(document)),
    ]
    return zip_files(entries, document.date)


@lru_cache(maxsize=64)
def _content_types(parts: tuple[tuple[str, str], ...]) -> Deflated:
    """The content types part of a package with ``parts`` (headers and footers) besides the
    document, styles, numbering, settings and core properties."""
    parts = (
        ("word/document.xml", f"{WORD}document.main+xml"),
        ("word/styles.xml", f"{WORD}styles+xml"),
        ("word/numbering.xml", f"{WORD}numbering+xml"),
        ("word/settings.xml", f"{WORD}settings+xml"),
        *parts,
        ("docProps/core.xml", _CORE_TYPE),
    )
    types = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>'
        for name, kind in sorted(parts, key=lambda part: "/" + part[0])
    )
    content_types = (
        XML_DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + types + "</Types>"
    )
    return deflated(content_types.encode())


@lru_cache(maxsize=64)
def _numbering(start: bytes, numbers: tuple[str, ...]) -> Deflated:
    """The numbering part: the base part's ``start``, then the document's instances."""
    return deflated(start + "".join(numbers).encode() + b"</w:numbering>")


@lru_cache(maxsize=64)
def _document_relationships(rels: tuple[Relationship, ...]) -> Deflated:
    return deflated(_relationships(rels))


_RELATIONSHIPS = (
    XML_DECLARATION
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
)


def _relationships(rels: Sequence[Relationship]) -> bytes:
    """A relationships part; ids count from rId1, targets escaped as lxml escaped them."""
    items = "".join(
        f'<Relationship Id="rId{number}" Type="{attribute(kind)}" Target="{attribute(target)}"'
        + (' TargetMode="External"/>' if external else "/>")
        for number, (kind, target, external) in enumerate(rels, start=1)
    )
    return check_characters(f"{_RELATIONSHIPS}{items}</Relationships>").encode()


_PACKAGE_RELS = _relationships(
    [
        (RT + "officeDocument", "word/document.xml", False),
        (_PACKAGE_RT + "/metadata/core-properties", "docProps/core.xml", False),
    ]
)


def _core_properties(document: Document) -> bytes:
    """The core properties part, its elements in the order python-docx set them."""
    start, end = _core_tags(document.date)
    title = check_characters(escape(core_property(document.title)))
    keywords = tuple(document.keywords)
    middle = _core_middle(document.subject, keywords, document.author, document.lang)
    if document.identifier:
        # LibreOffice keeps dc:identifier when it saves: a returned form names its plan.
        identifier = check_characters(escape(core_property(document.identifier)))
        middle += f"<dc:identifier>{identifier}</dc:identifier>"
    return f"{start}<dc:title>{title}</dc:title>{middle}{end}".encode()


@lru_cache(maxsize=64)
def _core_middle(subject: str, keywords: tuple[str, ...], author: str, lang: str) -> str:
    """The core properties between the title and the identifier: most documents share them."""
    properties = [
        ("dc:subject", core_property(subject)),
        ("cp:keywords", core_property(", ".join(keywords))),
        ("dc:creator", core_property(author)),
        ("cp:lastModifiedBy", core_property(author)),
        ("dc:language", lang),
    ]
    return check_characters(
        "".join(f"<{name}>{escape(text)}</{name}>" for name, text in properties)
    )


@lru_cache(maxsize=256)
def _core_tags(date: dt.date) -> tuple[str, str]:
    """The core properties' start tag, and their dates, revision and end tag."""
    moment = dt.datetime.combine(date, dt.time(12, 0), tzinfo=dt.UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    w3cdtf = ' xsi:type="dcterms:W3CDTF"'
    properties = [(f"dcterms:created{w3cdtf}", stamp), (f"dcterms:modified{w3cdtf}", stamp)]
    properties.append(("cp:revision", "1"))
    start, end = root_tags(CORE)
    items = "".join(f"<{name}>{escape(text)}</{name.split()[0]}>" for name, text in properties)
    return start, items + end
