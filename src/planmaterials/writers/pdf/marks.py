"""Marking content while reportlab draws it: what each piece is, for the structure tree.

Each piece of real content is drawn inside ``/<role> <</MCID n>> BDC … EMC`` and recorded as a
:class:`~.tags.Mark` with its path of structure elements; decoration is drawn inside
``/Artifact … EMC``. :class:`.tags.TaggedCanvas` then writes the structure tree from the
marks. MCIDs count from 0 on every page, as the PDF's ParentTree requires.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .tags import Mark, Tag

__all__ = ["TaggedParagraph", "Tagger"]


class Tagger:
    """Writes marked-content operators into a canvas and remembers the marks, in drawing order."""

    def __init__(self) -> None:
        self.marks: list[Mark] = []
        self._next_mcid: dict[int, int] = {}

    @contextmanager
    def content(self, canvas: Canvas, path: tuple[Tag, ...]) -> Iterator[None]:
        """Draw real content belonging to the last element of ``path``."""
        page = canvas.getPageNumber() - 1
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        self.marks.append(Mark(path, page, mcid))
        canvas.addLiteral(f"/{path[-1].role} <</MCID {mcid}>> BDC")
        yield
        canvas.addLiteral("EMC")

    @contextmanager
    def artifact(self, canvas: Canvas, kind: str = "Layout", part: str = "") -> Iterator[None]:
        """Draw decoration (``Layout``) or page furniture (``Pagination``, ``part`` Header…)."""
        subtype = f" /Subtype /{part}" if part else ""
        canvas.addLiteral(f"/Artifact <</Type /{kind}{subtype}>> BDC")
        yield
        canvas.addLiteral("EMC")


class TaggedParagraph(Paragraph):
    """A platypus paragraph drawn as marked content of the last element of ``path``.

    A paragraph that reportlab draws a second time is a repeated table header row on a new
    page: a repetition, so an artifact rather than content read twice.
    """

    tagger: Tagger
    path: tuple[Tag, ...]
    drawn = False

    def tag(self, tagger: Tagger, path: tuple[Tag, ...]) -> TaggedParagraph:
        self.tagger, self.path = tagger, path
        return self

    def split(self, available_width: float, available_height: float) -> list:
        # Paragraph.split builds the parts with self.__class__: they need our tags too
        # (tests/writers/test_library_internals.py checks that reportlab still does).
        parts = super().split(available_width, available_height)
        for part in parts:
            part.tag(self.tagger, self.path)
        return parts

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        # reportlab's own signature, private ``_sW`` (spare width, for alignment) included;
        # tests/writers/test_library_internals.py checks that it has not changed.
        if self.drawn:
            marked = self.tagger.artifact(canvas, "Pagination")
        else:
            marked = self.tagger.content(canvas, self.path)
        self.drawn = True
        with marked:
            super().drawOn(canvas, x, y, _sW)
