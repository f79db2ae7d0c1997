"""The .pptx package around the slides: base parts, presentation, notes, properties, zip.

The master, its three layouts (title, title and content, section), the notes master and their
themes come from ``pptx_base/`` (PowerPoint's default design, with ``lang="und"`` where the
document's language goes and no shape that shrinks text); the slides' theme gets the deck's
fonts and colours. Every notes slide is one cloned part with the slide's text in its body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..limits import core_property
from ..theme import Theme
from .package import zip_files
from .pptx_xml import RT_NOTES, SlideXml, emu, esc

__all__ = ["DeckInfo", "package"]

_BASE = Path(__file__).with_name("pptx_base")
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_CT = f"{_OFFICE}.presentationml"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_LAYOUTS = 3

_APP_XML = (
    _XML_HEAD
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<PresentationFormat>Widescreen</PresentationFormat></Properties>"
)

_NOTES_OPEN = (
    _XML_HEAD + '<p:notes xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    f' xmlns:r="{_R}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
    '<p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
    '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
    '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr>'
    '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr>'
    "</p:nvSpPr><p:spPr/></p:sp>"
    '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr>'
    '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="3" sz="quarter"/>'
    "</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>"
)
_NOTES_CLOSE = (
    "</p:txBody></p:sp>"
    '<p:sp><p:nvSpPr><p:cNvPr id="4" name="Slide Number Placeholder 3"/><p:cNvSpPr>'
    '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldNum" idx="5" sz="quarter"/>'
    "</p:nvPr></p:nvSpPr><p:spPr/></p:sp></p:spTree></p:cSld>"
    "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
)
NOTES_SIZE = 12.0


@dataclass(frozen=True)
class DeckInfo:
    """What the package says about the deck: metadata, language and slide size in points."""

    title: str
    subject: str
    keywords: str
    author: str
    lang: str
    date: dt.date
    width: float
    height: float


@cache
def _base(name: str) -> str:
    return (_BASE / name).read_text(encoding="utf-8")


def _localized(name: str, lang: str) -> bytes:
    return _base(name).replace('lang="und"', f'lang="{lang}"').encode("utf-8")


@lru_cache(maxsize=16)
def _theme_xml(heading_font: str, body_font: str, colours: tuple[str, str, str]) -> bytes:
    """The slides' theme with the deck's fonts (major, minor) and colours (dark 2, accents)."""
    text = _base("theme1.xml")
    for tag, font in (("majorFont", heading_font), ("minorFont", body_font)):
        text = re.sub(rf'(<a:{tag}><a:latin typeface=")[^"]*"', rf'\g<1>{esc(font)}"', text)
    primary, secondary, accent = (c.lstrip("#").upper() for c in colours)
    for slot, colour in (
        ("dk2", primary),
        ("accent1", primary),
        ("accent2", secondary),
        ("accent3", accent),
    ):
        text = re.sub(
            rf"<a:{slot}>.*?</a:{slot}>", f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>', text
        )
    return text.encode("utf-8")


def _rels(rels: list[tuple[str, str, bool] | None]) -> bytes:
    """A relationships part; ids count from rId1, and a None keeps its id unused."""
    items = [
        f'<Relationship Id="rId{n}" Type="{rel[0]}" Target="{esc(rel[1])}"'
        + (' TargetMode="External"' if rel[2] else "")
        + "/>"
        for n, rel in enumerate(rels, start=1)
        if rel is not None
    ]
    return f'{_XML_HEAD}<Relationships xmlns="{_PKG_R}">{"".join(items)}</Relationships>'.encode()


def _rel(kind: str) -> str:
    return f"{_R}/{kind}"


def _notes_xml(notes: tuple[str, ...], lang: str) -> bytes:
    lines = "\n".join(notes).split("\n")
    paragraphs = "".join(
        f'<a:p><a:r><a:rPr lang="{lang}" sz="{round(NOTES_SIZE * 100)}"/><a:t>{esc(line)}</a:t>'
        "</a:r></a:p>"
        if line
        else "<a:p/>"
        for line in lines
    )
    return f"{_NOTES_OPEN}{paragraphs}{_NOTES_CLOSE}".encode()


def _presentation_xml(slide_count: int, info: DeckInfo) -> bytes:
    slide_ids = "".join(f'<p:sldId id="{256 + n}" r:id="rId{n + 7}"/>' for n in range(slide_count))
    levels = "".join(
        f'<a:lvl{n}pPr marL="{(n - 1) * 457200}" algn="l" defTabSz="457200" rtl="0"'
        ' eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
        f'<a:defRPr sz="1800" kern="1200" lang="{info.lang}"><a:solidFill>'
        '<a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/>'
        f'<a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl{n}pPr>'
        for n in range(1, 10)
    )
    return (
        f"{_XML_HEAD}<p:presentation"
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        f' xmlns:r="{_R}"'
        ' xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
        ' saveSubsetFonts="1" autoCompressPictures="0">'
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        '<p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst>'
        f"<p:sldIdLst>{slide_ids}</p:sldIdLst>"
        f'<p:sldSz cx="{emu(info.width)}" cy="{emu(info.height)}"/>'
        '<p:notesSz cx="6858000" cy="9144000"/>'
        f'<p:defaultTextStyle><a:defPPr><a:defRPr lang="{info.lang}"/></a:defPPr>{levels}'
        "</p:defaultTextStyle></p:presentation>"
    ).encode()


def _core_xml(info: DeckInfo) -> bytes:
    moment = dt.datetime.combine(info.date, dt.time(12, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_XML_HEAD}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(core_property(info.title))}</dc:title>"
        f"<dc:subject>{esc(core_property(info.subject))}</dc:subject>"
        f"<dc:creator>{esc(core_property(info.author))}</dc:creator>"
        f"<cp:keywords>{esc(core_property(info.keywords))}</cp:keywords>"
        "<dc:description></dc:description>"
        f"<cp:lastModifiedBy>{esc(core_property(info.author))}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified>'
        f"<dc:language>{esc(info.lang)}</dc:language></cp:coreProperties>"
    ).encode()


def package(
    slides: list[SlideXml], media: list[tuple[str, bytes]], info: DeckInfo, theme: Theme
) -> bytes:
    """The .pptx bytes of ``slides``; ``media`` are the pictures as ``(part name, bytes)``."""
    lang = info.lang
    parts: list[tuple[str, bytes]] = []
    overrides = [
        ("/ppt/presentation.xml", f"{_CT}.presentation.main+xml"),
        ("/ppt/slideMasters/slideMaster1.xml", f"{_CT}.slideMaster+xml"),
        *(
            (f"/ppt/slideLayouts/slideLayout{n}.xml", f"{_CT}.slideLayout+xml")
            for n in range(1, _LAYOUTS + 1)
        ),
        ("/ppt/notesMasters/notesMaster1.xml", f"{_CT}.notesMaster+xml"),
        ("/ppt/theme/theme1.xml", f"{_OFFICE}.theme+xml"),
        ("/ppt/theme/theme2.xml", f"{_OFFICE}.theme+xml"),
        ("/ppt/presProps.xml", f"{_CT}.presProps+xml"),
        ("/ppt/viewProps.xml", f"{_CT}.viewProps+xml"),
        ("/ppt/tableStyles.xml", f"{_CT}.tableStyles+xml"),
    ]
    for n, slide in enumerate(slides, start=1):
        overrides.append((f"/ppt/slides/slide{n}.xml", f"{_CT}.slide+xml"))
        if slide.notes:
            overrides.append((f"/ppt/notesSlides/notesSlide{n}.xml", f"{_CT}.notesSlide+xml"))
    overrides += [
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_OFFICE}.extended-properties+xml"),
    ]
    extensions = sorted({name.rsplit(".", 1)[1] for name, _ in media})
    defaults = "".join(
        f'<Default Extension="{ext}" ContentType="image/{"jpeg" if ext == "jpg" else ext}"/>'
        for ext in extensions
    )
    types = (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{defaults}'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    parts.append(("[Content_Types].xml", types.encode()))
    parts.append(
        (
            "_rels/.rels",
            _rels(
                [
                    (_rel("officeDocument"), "ppt/presentation.xml", False),
                    (f"{_PKG_R}/metadata/core-properties", "docProps/core.xml", False),
                    (_rel("extended-properties"), "docProps/app.xml", False),
                ]
            ),
        )
    )
    parts.append(("docProps/core.xml", _core_xml(info)))
    parts.append(("docProps/app.xml", _APP_XML.encode()))
    parts.append(("ppt/presentation.xml", _presentation_xml(len(slides), info)))
    parts.append(
        (
            "ppt/_rels/presentation.xml.rels",
            _rels(
                [
                    (_rel("slideMaster"), "slideMasters/slideMaster1.xml", False),
                    (_rel("notesMaster"), "notesMasters/notesMaster1.xml", False),
                    (_rel("theme"), "theme/theme1.xml", False),
                    (_rel("presProps"), "presProps.xml", False),
                    (_rel("viewProps"), "viewProps.xml", False),
                    (_rel("tableStyles"), "tableStyles.xml", False),
                    *(
                        (_rel("slide"), f"slides/slide{n}.xml", False)
                        for n in range(1, len(slides) + 1)
                    ),
                ]
            ),
        )
    )
    parts.append(("ppt/slideMasters/slideMaster1.xml", _localized("slideMaster1.xml", lang)))
    parts.append(
        (
            "ppt/slideMasters/_rels/slideMaster1.xml.rels",
            _rels(
                [
                    *(
                        (_rel("slideLayout"), f"../slideLayouts/slideLayout{n}.xml", False)
                        for n in range(1, _LAYOUTS + 1)
                    ),
                    (_rel("theme"), "../theme/theme1.xml", False),
                ]
            ),
        )
    )
    layout_rels = _rels([(_rel("slideMaster"), "../slideMasters/slideMaster1.xml", False)])
    for n in range(1, _LAYOUTS + 1):
        name = f"slideLayout{n}.xml"
        parts.append((f"ppt/slideLayouts/{name}", _localized(name, lang)))
        parts.append((f"ppt/slideLayouts/_rels/slideLayout{n}.xml.rels", layout_rels))
    colours = theme.colours
    parts.append(
        (
            "ppt/theme/theme1.xml",
            _theme_xml(
                theme.heading_font,
                theme.body_font,
                (colours.primary, colours.secondary, colours.accent),
            ),
        )
    )
    parts.append(("ppt/theme/theme2.xml", _localized("theme2.xml", lang)))
    parts.append(("ppt/notesMasters/notesMaster1.xml", _localized("notesMaster1.xml", lang)))
    parts.append(
        (
            "ppt/notesMasters/_rels/notesMaster1.xml.rels",
            _rels([(_rel("theme"), "../theme/theme2.xml", False)]),
        )
    )
    for name in ("presProps", "viewProps", "tableStyles"):
        parts.append((f"ppt/{name}.xml", _localized(f"{name}.xml", lang)))
    for n, slide in enumerate(slides, start=1):
        # rId2 belongs to the notes slide; a slide without notes leaves it unused.
        notes = (RT_NOTES, f"../notesSlides/notesSlide{n}.xml", False) if slide.notes else None
        layout = (_rel("slideLayout"), f"../slideLayouts/slideLayout{slide.layout + 1}.xml", False)
        parts.append((f"ppt/slides/slide{n}.xml", slide.xml().encode()))
        parts.append((f"ppt/slides/_rels/slide{n}.xml.rels", _rels([layout, notes, *slide.rels])))
        if slide.notes:
            parts.append((f"ppt/notesSlides/notesSlide{n}.xml", _notes_xml(slide.notes, lang)))
            parts.append(
                (
                    f"ppt/notesSlides/_rels/notesSlide{n}.xml.rels",
                    _rels(
                        [
                            (_rel("notesMaster"), "../notesMasters/notesMaster1.xml", False),
                            (_rel("slide"), f"../slides/slide{n}.xml", False),
                        ]
                    ),
                )
            )
    parts += [(f"ppt/media/{name}", data) for name, data in media]
    return zip_files(parts, info.date)
