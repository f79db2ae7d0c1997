"""The .docx package around a written body: content types, relationships, core properties, zip."""

from __future__ import annotations

import datetime as dt

from ..document import Document
from ..limits import core_property
from .docx_base import CORE, XML_DECLARATION, BaseParts, root_tags
from .docx_xml import attribute, check_characters, escape
from .package import deflated, zip_files

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
    numbering = base.numbering_open + "".join(numbers).encode() + b"</w:numbering>"
    parts = [
        ("word/document.xml", f"{WORD}document.main+xml", body),
        ("word/styles.xml", f"{WORD}styles+xml", base.styles),
        ("word/numbering.xml", f"{WORD}numbering+xml", numbering),
        ("word/settings.xml", f"{WORD}settings+xml", base.settings),
        *parts,
        ("docProps/core.xml", _CORE_TYPE, _core_properties(document)),
    ]
    types = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>'
        for name, kind, _ in sorted(parts, key=lambda part: "/" + part[0])
    )
    content_types = (
        XML_DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + types + "</Types>"
    )
    # Parts most documents share with others are compressed once (the core properties and
    # the body are each document's own).
    entries = [
        ("[Content_Types].xml", deflated(content_types.encode())),
        ("_rels/.rels", deflated(_PACKAGE_RELS)),
        (parts[0][0], parts[0][2]),
        ("word/_rels/document.xml.rels", deflated(_relationships(rels))),
        *((name, deflated(data)) for name, _, data in parts[1:-1]),
        (parts[-1][0], parts[-1][2]),
    ]
    return zip_files(entries, document.date)


_RELATIONSHIPS = (
    XML_DECLARATION
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
)


def _relationships(rels: list[Relationship]) -> bytes:
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
    w3cdtf = ' xsi:type="dcterms:W3CDTF"'
    properties += [(f"dcterms:created{w3cdtf}", stamp), (f"dcterms:modified{w3cdtf}", stamp)]
    properties.append(("cp:revision", "1"))
    start, end = root_tags(CORE)
    items = "".join(f"<{name}>{escape(text)}</{name.split()[0]}>" for name, text in properties)
    return check_characters(start + items + end).encode()
