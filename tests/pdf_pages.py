"""Reading the pages of a PDF that LibreOffice made: where the lines of text sit on each page.

``pdftotext -bbox-layout`` gives every line with its box; the running header and footer sit in
the page margins, so the lines between the margins are the page's body text.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
MARGIN = 1134 / 20  # points: the Word writer's page margin (2 cm)
_BULLETS = "•–◦ "


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]  # the body text, top to bottom; no running header or footer

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def fill(self) -> float:
        """How far down the text area the body text reaches, from 0 (empty) to 1 (full)."""
        if not self.lines:
            return 0.0
        return (max(line.bottom for line in self.lines) - MARGIN) / (self.height - 2 * MARGIN)

    @property
    def last_line(self) -> str:
        """The text of the lowest line (list bullets, drawn apart from their text, aside)."""
        lines = [line for line in self.lines if line.text.strip(_BULLETS)]
        return max(lines, key=lambda line: (line.top, line.bottom)).text if lines else ""


def pdf_pages(path: Path) -> list[Page]:
    """The pages of the PDF at ``path``, with the lines of body text on each."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    ).stdout
    root = etree.fromstring(xhtml)
    pages = []
    for page in root.iter(f"{XHTML}page"):
        width, height = float(page.get("width")), float(page.get("height"))
        lines = []
        for line in page.iter(f"{XHTML}line"):
            top, bottom = float(line.get("yMin")), float(line.get("yMax"))
            if top < MARGIN - 1 or bottom > height - MARGIN + 1:
                continue  # the running header or footer
            text = " ".join(word.text for word in line.iter(f"{XHTML}word"))
            lines.append(Line(top, bottom, text))
        lines.sort(key=lambda line: (line.top, line.bottom))
        pages.append(Page(width, height, tuple(lines)))
    return pages
