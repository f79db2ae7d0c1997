"""The fixed parts of every Word package, styled from the theme and serialized once.

python-docx's own default template carries ~800 KB of style XML and an en-US language into
every file; ours holds only the styles we use, with the document's language and the theme's
fonts and colours set once, in the styles, where Word and LibreOffice look for them. The parts
are serialized once per theme and language; each document adds its body, headers, footers,
numbering instances and properties.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple
from xml.sax.saxutils import quoteattr

from lxml import etree

from ..theme import Theme, page_size
from .colours import text_palette

__all__ = [
    "CORE",
    "DOCUMENT",
    "FOOTER",
    "HEADER",
    "MARGIN",
    "XML_DECLARATION",
    "BaseParts",
    "base_parts",
    "parse",
    "root_tags",
    "serialize",
    "twips",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

MARGIN = 1134  # 2 cm, in twentieths of a point (twips), Word's unit of page layout


@cache
def twips(paper: str, orientation: str = "portrait") -> tuple[int, int]:
    """Width and height of ``paper`` in twips."""
    width, height = page_size(paper, orientation)
    return round(20 * width), round(20 * height)


CORE = """<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}">
<w:defaultTabStop w:val="709"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
</w:settings>"""

DOCUMENT = f"""<w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>"""


def _numbering() -> str:
    bullets = ("\u2022", "\u2013", "\u25e6")
    levels_bullet = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{bullets[level]}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 * (level + 1)}" w:hanging="284"/></w:pPr></w:lvl>'
        for level in range(3)
    )
    formats = ("decimal", "lowerLetter", "lowerRoman")
    levels_number = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{formats[level]}"/>'
        f'<w:lvlText w:val="%{level + 1}."/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level in range(3)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{levels_bullet}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{levels_number}</w:abstractNum>"
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        f"</w:numbering>"
    )


def _styles(theme: Theme, lang: str) -> str:
    c = theme.colours
    palette = text_palette(c)
    # Headings are set in the primary colour only where it is readable on the page.
    primary = palette["heading"][0].lstrip("#")
    text = palette["body"][0].lstrip("#")
    quiet = palette["quiet"][0].lstrip("#")
    body = quoteattr(theme.body_font)
    heading = quoteattr(theme.heading_font)

    def paragraph_style(style_id, name, ppr, rpr, based="Normal", next_style="Normal", extra=""):
        return (
            f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/><w:next w:val="{next_style}"/>{extra}<w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )

    headings = "".join(
        paragraph_style(
            f"Heading{level}",
            f"heading {level}",
            f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>',
            f"<w:rFonts w:ascii={heading} w:hAnsi={heading} w:cs={heading}/><w:b/>"
            f'<w:color w:val="{primary}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
            extra='<w:uiPriority w:val="9"/>',
        )
        for level, size, before, after in ((1, 36, 360, 160), (2, 28, 300, 120), (3, 24, 240, 80))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
        f"<w:docDefaults><w:rPrDefault><w:rPr>"
        f"<w:rFonts w:ascii={body} w:hAnsi={body} w:eastAsia={body} w:cs={body}/>"
        f'<w:color w:val="{text}"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
        f'<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/>'
        f"</w:rPr></w:rPrDefault>"
        f"<w:pPrDefault><w:pPr><w:widowControl/>"
        f'<w:spacing w:after="120" w:line="276" w:lineRule="auto"/>'
        f"</w:pPr></w:pPrDefault></w:docDefaults>"
        f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"<w:qFormat/></w:style>"
        + paragraph_style(
            "Title",
            "Title",
            '<w:spacing w:after="120"/>',
            f"<w:rFonts w:ascii={heading} w:hAnsi={heading} w:cs={heading}/><w:b/>"
            f'<w:color w:val="{primary}"/><w:sz w:val="48"/><w:szCs w:val="48"/>',
        )
        + headings
        + paragraph_style("Lead", "Lead", '<w:spacing w:after="200"/>', '<w:sz w:val="26"/>')
        + paragraph_style("Small", "Small", "", '<w:sz w:val="18"/><w:szCs w:val="18"/>')
        + paragraph_style(
            "ListParagraph", "List Paragraph", '<w:spacing w:after="60"/><w:ind w:left="720"/>', ""
        )
        # Table text is set solid (single line spacing): rows of a filled plan stay short
        # enough that the next area's first row fits under the previous table.
        + paragraph_style(
            "TableText",
            "Table Text",
            '<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>',
            '<w:sz w:val="19"/><w:szCs w:val="19"/>',
        )
        + paragraph_style(
            "TableSmall",
            "Table Small",
            '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>',
            '<w:sz w:val="17"/><w:szCs w:val="17"/>',
        )
        # A list in a table is what the table is about (the points of an area list): set
        # larger than the body text around it.
        + paragraph_style(
            "TableList",
            "Table List",
            '<w:spacing w:before="40" w:after="60" w:line="252" w:lineRule="auto"/>',
            '<w:sz w:val="24"/><w:szCs w:val="24"/>',
        )
        + paragraph_style(
            "TableEnd",
            "Table End",
            '<w:spacing w:before="0" w:after="0" w:line="140" w:lineRule="exact"/>',
            '<w:sz w:val="4"/><w:szCs w:val="4"/>',
        )
        + paragraph_style(
            "FillLine",
            "Fill-in Line",
            '<w:spacing w:before="0" w:after="0" w:line="440" w:lineRule="exact"/>'
            '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="8C8C8C"/>'
            '<w:between w:val="single" w:sz="4" w:space="1" w:color="8C8C8C"/></w:pBdr>',
            "",
        )
        + paragraph_style(
            "Header",
            "header",
            '<w:spacing w:after="0"/>',
            f'<w:sz w:val="16"/><w:szCs w:val="16"/><w:color w:val="{quiet}"/>',
        )
        + paragraph_style(
            "Footer",
            "footer",
            '<w:spacing w:after="0"/>',
            f'<w:sz w:val="16"/><w:szCs w:val="16"/><w:color w:val="{quiet}"/>',
        )
        + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="PlanTable"><w:name w:val="Plan Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        "</w:styles>"
    )


# The root of a header or footer: the namespaces python-docx's default header declares, kept
# so that the files stay byte for byte what they were when python-docx wrote them.
_HEADER_FOOTER = (
    '<w:{tag} xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:mo="http://schemas.microsoft.com/office/mac/office/2008/main"'
    ' xmlns:mv="urn:schemas-microsoft-com:mac:vml"'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"'
    ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    f' xmlns:w="{W}"'
    ' xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"'
    ' xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"'
    ' xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"'
    ' xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' mc:Ignorable="w14 wp14"/>'
)
HEADER = _HEADER_FOOTER.format(tag="hdr")
FOOTER = _HEADER_FOOTER.format(tag="ftr")

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def parse(xml: str) -> etree._Element:
    """An element tree from our own XML text, without the whitespace between elements."""
    return etree.fromstring(xml.encode("utf-8"), _PARSER)


def serialize(root: etree._Element) -> bytes:
    """A part's bytes: UTF-8 with a standalone declaration, as Office packages have them."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)


XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


@cache
def root_tags(root: str) -> tuple[str, str]:
    """The declaration and start tag, and the end tag, of a part whose empty root is ``root``.

    Taken from lxml's serialization (namespace declarations and all), so that parts written
    as text around them have the bytes lxml gave them.
    """
    text = serialize(parse(root)).decode()
    assert text.startswith(XML_DECLARATION) and text.endswith("/>")
    return text[:-2] + ">", f"</{root[1:].split()[0]}>"


class BaseParts(NamedTuple):
    """The serialized parts every document of one theme and language shares."""

    styles: bytes
    settings: bytes
    numbering_open: bytes  # the numbering part without its end tag: instances go after it


@lru_cache(maxsize=16)
def base_parts(theme: Theme, lang: str) -> BaseParts:
    """Styles, settings and the start of the numbering part for ``theme`` and ``lang``."""
    numbering = serialize(parse(_numbering()))
    end = b"</w:numbering>"
    assert numbering.endswith(end)
    return BaseParts(
        styles=serialize(parse(_styles(theme, lang))),
        settings=serialize(parse(_SETTINGS)),
        numbering_open=numbering[: -len(end)],
    )
