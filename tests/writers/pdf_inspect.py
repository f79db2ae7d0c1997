"""Reading PDFs back for tests: where text is drawn, filled rectangles, the structure tree."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader

from planmaterials.compose import compose
from planmaterials.localize import LocalizedPolicy
from planmaterials.model import Policy
from planmaterials.writers import write
from planmaterials.writers.fonts import text_width


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, other: Box, tolerance: float = 0.01) -> bool:
        return (
            other.x0 >= self.x0 - tolerance
            and other.y0 >= self.y0 - tolerance
            and other.x1 <= self.x1 + tolerance
            and other.y1 <= self.y1 + tolerance
        )


@dataclass(frozen=True)
class TextRun:
    text: str
    size: float
    box: Box  # from the descender to the ascender, as wide as the font's advance widths
    colour: tuple[float, float, float] = (0.0, 0.0, 0.0)  # its fill colour (0..1 RGB)


@dataclass(frozen=True)
class FilledRect:
    colour: tuple[float, float, float]
    box: Box


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def page_contents(data: bytes, page_number: int = 0) -> tuple[Box, list[TextRun], list[FilledRect]]:
    """The page box, every text run with its box, and every filled rectangle of one page."""
    page = PdfReader(io.BytesIO(data)).pages[page_number]
    runs: list[TextRun] = []
    rects: list[FilledRect] = []
    state: dict = {"fill": (0.0, 0.0, 0.0)}

    def on_text(text, cm, tm, font, size):
        text = text.strip("\n")
        if not text.strip() or font is None:
            return
        name = str(font["/BaseFont"])
        bold, italic = "Bold" in name, "Italic" in name
        matrix = _multiply(list(tm), list(cm))
        scaled = size * matrix[0]
        x, y = matrix[4], matrix[5]
        width = text_width(text, scaled, bold, italic)
        box = Box(x, y - 0.212 * scaled, x + width, y + 0.905 * scaled)
        runs.append(TextRun(text, scaled, box, state["fill"]))

    def on_operator(operator, args, cm, tm):
        if operator == b"rg":
            state["fill"] = tuple(float(a) for a in args)
        elif operator == b"re":
            x, y, w, h = (float(a) for a in args)
            x0, y0 = x * cm[0] + cm[4], y * cm[3] + cm[5]
            x1, y1 = (x + w) * cm[0] + cm[4], (y + h) * cm[3] + cm[5]
            box = Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            rects.append(FilledRect(state["fill"], box))

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    media = [float(v) for v in page.mediabox]
    return Box(*media), runs, rects


def hex_rgb(colour: str) -> tuple[float, float, float]:
    return tuple(round(int(colour[i : i + 2], 16) / 255, 4) for i in (1, 3, 5))  # type: ignore


@dataclass(frozen=True)
class Element:
    """A structure element as read back: its role, attributes, own text and children."""

    role: str
    attributes: dict[str, str]
    text: str  # the text of its own marked content, words separated by single spaces
    children: tuple[Element, ...]

    def find(self, role: str) -> list[Element]:
        """Every descendant with ``role``, in reading order."""
        found = []
        for child in self.children:
            if child.role == role:
                found.append(child)
            found.extend(child.find(role))
        return found

    def all_text(self) -> str:
        return " ".join(filter(None, [self.text, *(c.all_text() for c in self.children)]))


def _marked_text(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text inside each marked-content sequence, by (page index, MCID)."""
    texts: dict[tuple[int, int], list[str]] = {}
    for number, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def on_operator(operator, args, cm, tm, stack=stack):
            if operator == b"BDC":
                properties = args[1] if len(args) > 1 else {}
                stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC":
                stack.pop()

        def on_text(text, cm, tm, font, size, stack=stack, number=number):
            mcids = [m for m in stack if m is not None]
            if mcids and text.strip():
                texts.setdefault((number, mcids[-1]), []).append(text)

        page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    return {key: " ".join(" ".join(parts).split()) for key, parts in texts.items()}


def structure(data: bytes) -> Element:
    """The structure tree of a tagged PDF (its Document element), with each element's text."""
    reader = PdfReader(io.BytesIO(data))
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    texts = _marked_text(reader)

    def page_of(node) -> int | None:
        reference = node.get("/Pg")
        return None if reference is None else pages[reference.idnum]

    def read(node) -> Element:
        node = node.get_object()
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, list) else [kids]
        own, children = [], []
        for kid in kids:
            if isinstance(kid, int):
                own.append(texts.get((page_of(node), kid), ""))
                continue
            kid = kid.get_object()
            if kid.get("/Type") == "/MCR":
                own.append(texts.get((page_of(kid), kid["/MCID"]), ""))
            else:
                children.append(read(kid))
        attributes = {k[1:]: str(v)[1:] for k, v in node.get("/A", {}).items() if k != "/O"}
        text = " ".join(filter(None, own))
        return Element(str(node["/S"])[1:], attributes, text, tuple(children))

    return read(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])


def render_pdf(localized: LocalizedPolicy, material: str, area: str | None = None) -> bytes:
    """A material of the kit as the PDF writer makes it."""
    document = compose(material, localized, area=area, format="pdf")
    return write(document, "pdf", localized.policy.theme)


def pdf_materials(policy: Policy) -> list[tuple[str, str | None]]:
    """(material, area) of every PDF in the kit."""
    return [("poster", None), *(("area-list", area.id) for area in policy.areas)]
