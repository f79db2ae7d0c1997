"""Checks of a slide deck read as XML: language, title, one unique title per slide, contrast."""

from __future__ import annotations

import re

from lxml import etree

from .files import Broken
from .ooxml import Package, contrast_problems, language_problem

__all__ = ["check_pptx"]

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"a": _A, "p": _P, "r": _R}
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_WHITE = "FFFFFF"
_PRESENTATION = "ppt/presentation.xml"
_TITLES = ("title", "ctrTitle")
# How a slide master maps the colours text refers to onto the theme's (the Office default).
_DEFAULT_MAP = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}


def check_pptx(data: bytes, lang: str | None) -> list[str]:
    """Every problem of one .pptx file (empty when it is sound)."""
    package = Package(data)
    presentation = package.xml(_PRESENTATION)
    targets = package.targets(_PRESENTATION)
    slides, texts = [], []  # texts: (where, part) of every slide and its speaker notes
    for number, slide_id in enumerate(presentation.iterfind("p:sldIdLst/p:sldId", _NS), 1):
        name = targets.get(slide_id.get(f"{{{_R}}}id", ""))
        if name is None:
            raise Broken("a slide in the slide list has no part")
        slides.append(package.xml(name))
        texts.append((f"slide {number}", slides[-1]))
        for target in package.targets(name).values():
            if "/notesSlides/" in target and target in package.names:
                texts.append((f"the notes of slide {number}", package.xml(target)))
    problems = package.structure_problems() + package.core_title_problems()
    problems += _language_problems(texts, lang)
    problems += _title_problems(slides)
    scheme = _theme_colours(package, targets)
    pairs = {pair for slide in slides for pair in _text_colours(slide, scheme)}
    return problems + contrast_problems(pairs)


def _language_problems(texts: list[tuple[str, etree._Element]], lang: str | None) -> list[str]:
    """Every text run of the slides and notes declares a language: the one listed."""
    declared: set[str] = set()
    for where, part in texts:
        runs = list(part.iter(f"{{{_A}}}r"))
        unmarked = [r for r in runs if not _lang(r)]
        if unmarked:
            return [f"{where}: {len(unmarked)} text runs declare no language (a:rPr lang)"]
        declared.update(_lang(r) for r in runs)
    if not declared:
        return ["declares no language (no text run has a:rPr lang)"]
    problems = []
    for value in sorted(declared):
        problems += language_problem(value, lang, "a:rPr lang")
    return problems


def _lang(run: etree._Element) -> str:
    properties = run.find("a:rPr", _NS)
    return properties.get("lang", "") if properties is not None else ""


def _title_problems(slides: list[etree._Element]) -> list[str]:
    problems = []
    seen: dict[str, int] = {}
    for number, slide in enumerate(slides, start=1):
        title = next(
            (
                shape
                for shape in slide.iterfind("p:cSld/p:spTree//p:sp", _NS)
                if shape.find("p:nvSpPr/p:nvPr/p:ph", _NS) is not None
                and shape.find("p:nvSpPr/p:nvPr/p:ph", _NS).get("type") in _TITLES
            ),
            None,
        )
        text = " ".join("".join(title.itertext()).split()) if title is not None else ""
        if not text:
            problems.append(f"slide {number} has no title")
        elif text in seen:
            problems.append(f"slide {number} has the same title as slide {seen[text]}: '{text}'")
        else:
            seen[text] = number
    return problems


def _theme_colours(package: Package, targets: dict[str, str]) -> dict[str, str]:
    """Scheme colour name -> RRGGBB, from the first master's theme and colour map."""
    masters = [t for t in targets.values() if "slideMaster" in t]
    if not masters:
        return {}
    master_targets = package.targets(masters[0])
    themes = [t for t in master_targets.values() if "/theme/" in t]
    if not themes:
        return {}
    scheme = package.xml(themes[0]).find("a:themeElements/a:clrScheme", _NS)
    colours: dict[str, str] = {}
    for slot in scheme if scheme is not None else ():
        name = etree.QName(slot).localname
        for child in slot:
            value = child.get("val") if child.tag == f"{{{_A}}}srgbClr" else child.get("lastClr")
            if value and _HEX.fullmatch(value):
                colours[name] = value.upper()
    mapping = dict(_DEFAULT_MAP)
    clr_map = package.xml(masters[0]).find("p:clrMap", _NS)
    if clr_map is not None:
        mapping.update(clr_map.attrib)
    for alias, name in mapping.items():
        if name in colours:
            colours.setdefault(alias, colours[name])
    return colours


def _fill(element: etree._Element | None, scheme: dict[str, str]) -> str | None:
    """The colour of a solid fill (``a:solidFill``) directly inside ``element``, if known."""
    if element is None:
        return None
    solid = element.find("a:solidFill", _NS)
    if solid is None:
        return None
    rgb = solid.find("a:srgbClr", _NS)
    if rgb is not None:
        value = rgb.get("val", "")
        return value.upper() if _HEX.fullmatch(value) else None
    named = solid.find("a:schemeClr", _NS)
    return scheme.get(named.get("val", "")) if named is not None else None


def _text_colours(slide: etree._Element, scheme: dict[str, str]) -> set[tuple[str, str]]:
    """(text colour, background) of every run whose colour and background can be determined."""
    page = _fill(slide.find("p:cSld/p:bg/p:bgPr", _NS), scheme) or _WHITE
    pairs = set()
    for shape in slide.iter(f"{{{_P}}}sp"):
        background = _fill(shape.find("p:spPr", _NS), scheme) or page
        for run in shape.iterfind("p:txBody/a:p/a:r", _NS):
            if not (run.findtext("a:t", "", _NS)).strip():
                continue
            colour = _fill(run.find("a:rPr", _NS), scheme)
            if colour:
                pairs.add((colour, background))
    return pairs
