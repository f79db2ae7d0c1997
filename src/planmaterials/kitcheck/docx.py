"""Checks of a Word document read as XML: language, title, headings, table headers, contrast."""

from __future__ import annotations

import re

from lxml import etree

from .ooxml import Package, contrast_problems, language_problem

__all__ = ["check_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_WHITE = "FFFFFF"
_DOCUMENT = "word/document.xml"
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml")


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def check_docx(data: bytes, lang: str | None) -> list[str]:
    """Every problem of one .docx file (empty when it is sound)."""
    package = Package(data)
    document = package.xml(_DOCUMENT)
    styles = _Styles(package.xml("word/styles.xml") if "word/styles.xml" in package.names else None)
    problems = package.structure_problems() + package.core_title_problems()
    problems += language_problem(styles.language, lang, "w:lang in the default run properties")
    problems += _heading_problems(document, styles)
    problems += _table_problems(document)
    parts = [document] + [package.xml(n) for n in sorted(package.names) if _HEADER_FOOTER.match(n)]
    page = _colour(document.find("w:background", _NS), "color") or _WHITE
    pairs = {pair for part in parts for pair in _text_colours(part, styles, page)}
    return problems + contrast_problems(pairs)


class _Styles:
    """What the style sheet says about outline levels, colours and the default language."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.language: str | None = None
        self.default_colour: str | None = None
        self.default_paragraph: str | None = None
        if root is None:
            return
        for style in root.iterfind("w:style", _NS):
            self.by_id[style.get(_w("styleId"), "")] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default_paragraph = style.get(_w("styleId"))
        defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", _NS)
        if defaults is not None:
            lang = defaults.find("w:lang", _NS)
            self.language = lang.get(_w("val")) if lang is not None else None
            self.default_colour = _colour(defaults.find("w:color", _NS), "val")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first (cycles are cut)."""
        found: list[etree._Element] = []
        while style_id and style_id in self.by_id and self.by_id[style_id] not in found:
            style = self.by_id[style_id]
            found.append(style)
            based = style.find("w:basedOn", _NS)
            style_id = based.get(_w("val")) if based is not None else None
        return found

    def outline_level(self, paragraph: etree._Element) -> int | None:
        own = paragraph.find("w:pPr/w:outlineLvl", _NS)
        if own is None:
            for style in self.chain(_style_of(paragraph, "w:pPr/w:pStyle")):
                own = style.find("w:pPr/w:outlineLvl", _NS)
                if own is not None:
                    break
        if own is None:
            return None
        value = own.get(_w("val"), "")
        # Level 9 is body text; 0..8 are headings 1..9.
        return int(value) + 1 if value.isdigit() and int(value) < 9 else None

    def colour(self, run: etree._Element, paragraph: etree._Element | None) -> str | None:
        own = _colour(run.find("w:rPr/w:color", _NS), "val")
        if own or run.find("w:rPr/w:color", _NS) is not None:
            return own
        styles = self.chain(_style_of(run, "w:rPr/w:rStyle"))
        if paragraph is not None:
            pstyle = _style_of(paragraph, "w:pPr/w:pStyle") or self.default_paragraph
            styles += self.chain(pstyle)
        for style in styles:
            element = style.find("w:rPr/w:color", _NS)
            if element is not None:
                return _colour(element, "val")
        return self.default_colour


def _style_of(element: etree._Element, path: str) -> str | None:
    found = element.find(path, _NS)
    return found.get(_w("val")) if found is not None else None


def _colour(element: etree._Element | None, attribute: str) -> str | None:
    """An ``RRGGBB`` colour, or None for none or ``auto`` (which Word makes readable itself)."""
    if element is None:
        return None
    value = element.get(_w(attribute), "")
    return value.upper() if _HEX.fullmatch(value) else None


def _heading_problems(document: etree._Element, styles: _Styles) -> list[str]:
    problems = []
    previous = 0
    for paragraph in document.iter(_w("p")):
        level = styles.outline_level(paragraph)
        if level is None:
            continue
        if level > previous + 1:
            text = "".join(paragraph.itertext()).strip()
            after = f"heading {previous}" if previous else "the start"
            problems.append(f"heading {level} '{text[:60]}' follows {after}: a level is skipped")
        previous = level
    return problems


def _table_problems(document: etree._Element) -> list[str]:
    problems = []
    for number, table in enumerate(document.iter(_w("tbl")), start=1):
        rows = table.xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces=_NS)
        if not rows:
            continue
        header = rows[0].find("w:trPr/w:tblHeader", _NS)
        if header is None or header.get(_w("val"), "true") in ("0", "false", "off"):
            problems.append(f"table {number} has no header row (w:tblHeader on its first row)")
    return problems


def _text_colours(part: etree._Element, styles: _Styles, page: str) -> set[tuple[str, str]]:
    """(text colour, background) of every run with visible text in the part."""
    pairs = set()
    for run in part.iter(_w("r")):
        if not "".join(t.text or "" for t in run.iterfind("w:t", _NS)).strip():
            continue
        paragraph = next(run.iterancestors(_w("p")), None)
        colour = styles.colour(run, paragraph)
        if colour is None:
            continue
        pairs.add((colour, _background(run, paragraph, page)))
    return pairs


def _background(run: etree._Element, paragraph: etree._Element | None, page: str) -> str:
    """The nearest shading behind a run: its own, its paragraph's, its cell's, else the page."""
    candidates = [run.find("w:rPr/w:shd", _NS)]
    if paragraph is not None:
        candidates.append(paragraph.find("w:pPr/w:shd", _NS))
    cell = next(run.iterancestors(_w("tc")), None)
    if cell is not None:
        candidates.append(cell.find("w:tcPr/w:shd", _NS))
    for shading in candidates:
        fill = _colour(shading, "fill")
        if fill:
            return fill
    return page
