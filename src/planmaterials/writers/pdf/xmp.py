"""The XMP metadata of a tagged PDF: the document information again, plus its language and PDF/UA.

PDF/UA-1 wants the title in XMP (``dc:title``) and the part it conforms to (``pdfuaid:part``).
Every other entry repeats what reportlab writes in the document information dictionary, with
the same date, so that the two agree; nothing comes from the clock.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

__all__ = ["xmp_packet"]

_DC = "http://purl.org/dc/elements/1.1/"
_PDF = "http://ns.adobe.com/pdf/1.3/"
_XMP = "http://ns.adobe.com/xap/1.0/"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


def _property(prefix: str, namespace: str, name: str, value: str) -> str:
    return f'<{prefix}:{name} xmlns:{prefix}="{namespace}">{value}</{prefix}:{name}>'


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def _list(kind: str, items: list[str]) -> str:
    return f"<rdf:{kind}>{''.join(f'<rdf:li>{escape(i)}</rdf:li>' for i in items)}</rdf:{kind}>"


def xmp_packet(
    *,
    title: str,
    lang: str,
    author: str,
    subject: str,
    keywords: list[str],
    creator: str,
    producer: str,
    date: dt.datetime,
) -> bytes:
    """The XMP packet for a PDF with this document information (UTF-8)."""
    when = date.isoformat()
    properties = [
        _property("dc", _DC, "creator", _list("Seq", [author])),
        _property("dc", _DC, "description", _alt(subject)),
        _property("dc", _DC, "title", _alt(title)),
        _property("pdf", _PDF, "Keywords", escape(", ".join(keywords))),
        _property("pdf", _PDF, "Producer", escape(producer)),
        _property("xmp", _XMP, "CreateDate", when),
        _property("xmp", _XMP, "CreatorTool", escape(creator)),
        _property("xmp", _XMP, "ModifyDate", when),
        _property("dc", _DC, "language", _list("Bag", [lang])),
        _property("pdfuaid", _PDFUAID, "part", "1"),
    ]
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f' <rdf:Description rdf:about="">{"".join(properties)}</rdf:Description></rdf:RDF>\n'
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")
