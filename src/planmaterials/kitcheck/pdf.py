"""Checks of a PDF read with pikepdf: language, title, fonts, text, tags, headings, tables."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf

from .ooxml import language_problem

__all__ = ["check_pdf"]

_HEADING = re.compile(r"/H([1-6])")
_TEXT_OPERATORS = "Tj TJ ' \""
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
#: Encodings whose codes readers map to Unicode without a /ToUnicode table.
_STANDARD_ENCODINGS = ("/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding")
#: A structure tree deeper or larger than this is not walked further (a hostile file could loop).
_MAX_ELEMENTS = 200_000


def check_pdf(data: bytes, lang: str | None) -> list[str]:
    """Every problem of one PDF (empty when it is sound)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        declared = root.get("/Lang")
        problems = language_problem(str(declared) if declared is not None else None, lang, "/Lang")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            problems.append("has no /Title in its document information")
        mark_info = root.get("/MarkInfo")
        marked = isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked") is True
        if "/StructTreeRoot" not in root or not bool(marked):
            problems.append("is not tagged (no structure tree, or /MarkInfo /Marked is not true)")
        else:
            problems += _structure_problems(root.StructTreeRoot)
        fonts = _fonts(pdf)
        problems += [f"the font {name} is not embedded" for name in sorted(fonts["unembedded"])]
        problems += [
            f"the font {name} has no /ToUnicode map: its text cannot be extracted"
            for name in sorted(fonts["unmapped"])
        ]
        if not any(pikepdf.parse_content_stream(page, _TEXT_OPERATORS) for page in pdf.pages):
            problems.append("has no text (nothing to extract, search or read aloud)")
    return problems


def _fonts(pdf: pikepdf.Pdf) -> dict[str, set[str]]:
    """Names of the fonts used on any page (or in its forms) that are not embedded or mapped."""
    found: dict[str, set[str]] = {"unembedded": set(), "unmapped": set()}
    seen: set[tuple[int, int]] = set()
    pending = [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        for font in resources.get("/Font", {}).values():
            _font(font, found)
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form":
                pending.append(xobject.get("/Resources"))
    return found


def _font(font: pikepdf.Object, found: dict[str, set[str]]) -> None:
    name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return  # glyphs drawn in the file itself: nothing to embed
    descriptor_owner = font
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts", [])
        descriptor_owner = descendants[0] if len(descendants) else font
    descriptor = descriptor_owner.get("/FontDescriptor")
    if descriptor is None or not any(key in descriptor for key in _FONT_FILES):
        found["unembedded"].add(name)
    if "/ToUnicode" not in font and str(font.get("/Encoding", "")) not in _STANDARD_ENCODINGS:
        found["unmapped"].add(name)


def _structure_problems(tree: pikepdf.Dictionary) -> list[str]:
    """Headings in reading order must not skip levels; every table needs header cells."""
    problems = []
    previous = 0
    tables = 0
    for element in _elements(tree):
        kind = str(element.get("/S", ""))
        heading = _HEADING.fullmatch(kind)
        if heading:
            level = int(heading.group(1))
            if level > previous + 1:
                after = f"an H{previous}" if previous else "the start"
                problems.append(f"an H{level} heading follows {after}: a level is skipped")
            previous = level
        elif kind == "/Table":
            tables += 1
            if not any(str(e.get("/S", "")) == "/TH" for e in _elements(element)):
                problems.append(f"table {tables} has no header cells (TH)")
    return problems


def _elements(node: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    """Structure elements below ``node`` in reading order (each once, however it is linked)."""
    seen: set[tuple[int, int]] = set()

    def children(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
        kids = element.get("/K")
        if kids is None:
            return []
        found = []
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                continue  # marked content or object references: content, not structure
            if kid.is_indirect:
                if kid.objgen in seen:
                    continue
                seen.add(kid.objgen)
            found.append(kid)
        return found

    stack = children(node)[::-1]
    count = 0
    while stack and count < _MAX_ELEMENTS:
        element = stack.pop()
        count += 1
        yield element
        stack.extend(children(element)[::-1])
