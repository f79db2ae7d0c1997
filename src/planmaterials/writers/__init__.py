"""Writers: each turns a Document into bytes of one format, with one library.

Writers own layout (page size, fonts, fitting); they never translate and never touch the disk.
Each declares the block types it handles; :func:`write` first runs the transforms that rewrite
every other block (see :mod:`planmaterials.transforms`). Adding a format is a module here and
one line in :data:`WRITERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..document import Document
from ..errors import UnknownNameError
from ..theme import Theme
from ..transforms import transform
from . import docx, html, pdf, pptx, xlsx

__all__ = ["WRITERS", "Writer", "write"]


@dataclass(frozen=True)
class Writer:
    """One output format: the function that writes it and the block types it handles."""

    write: Callable[[Document, Theme], bytes]
    blocks: frozenset[type]


WRITERS: dict[str, Writer] = {
    "docx": Writer(docx.write_docx, docx.BLOCKS),
    "html": Writer(html.write_html, html.BLOCKS),
    "pdf": Writer(pdf.write_pdf, pdf.BLOCKS),
    "pptx": Writer(pptx.write_pptx, pptx.BLOCKS),
    "xlsx": Writer(xlsx.write_xlsx, xlsx.BLOCKS),
}


def write(document: Document, format: str, theme: Theme) -> bytes:
    """Turn ``document`` into the bytes of ``format`` (a key of :data:`WRITERS`)."""
    if format not in WRITERS:
        raise UnknownNameError("format", format, WRITERS)
    writer = WRITERS[format]
    return writer.write(transform(document, writer.blocks), theme)
