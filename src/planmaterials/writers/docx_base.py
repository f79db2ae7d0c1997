"""A slim Word package to start every document from, styled from the theme.

python-docx's own default template carries ~800 KB of style XML and an en-US language into
every file; ours holds only the styles we use, with the document's language and the theme's
fonts and colours set once, in the styles, where Word and LibreOffice look for them.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from xml.sax.saxutils import quoteattr

from ..theme import Theme, page_size
from .colours import text_palette

__all__ = ["MARGIN", "base_package", "twips"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

MARGIN = 1134  # 2 cm, in twentieths of a point (twips), Word's unit of page layout


def twips(paper: str, orientation: str = "portrait") -> tuple[int, int]:
    """Width and height of ``paper`` in twips."""
    width, height = page_size(paper, orientation)
    return round(20 * width), round(20 * height)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}">
<w:defaultTabStop w:val="709"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
</w:settings>"""

_DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:sectPr/></w:body></w:document>"""


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


@lru_cache(maxsize=16)
def base_package(theme: Theme, lang: str) -> bytes:
    """The bytes of an empty .docx with our styles, numbering and settings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("docProps/core.xml", _CORE),
            ("word/_rels/document.xml.rels", _DOCUMENT_RELS),
            ("word/document.xml", _DOCUMENT),
            ("word/styles.xml", _styles(theme, lang)),
            ("word/numbering.xml", _numbering()),
            ("word/settings.xml", _SETTINGS),
        ):
            package.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
