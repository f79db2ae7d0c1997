"""Writers: each turns a Document into bytes of one format, with one library.

Writers own layout (page size, fonts, fitting); they never translate and never touch the disk.
Adding a format is a module here and one line in :data:`WRITERS`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..document import Document
from ..errors import UnknownNameError
from ..theme import Theme
from .docx import write_docx
from .html import write_html
from .pdf import write_pdf
from .pptx import write_pptx
from .xlsx import write_xlsx

__all__ = ["WRITERS", "write"]

WRITERS: dict[str, Callable[[Document, Theme], bytes]] = {
    "docx": write_docx,
    "html": write_html,
    "pdf": write_pdf,
    "pptx": write_pptx,
    "xlsx": write_xlsx,
}


def write(document: Document, format: str, theme: Theme) -> bytes:
    """Turn ``document`` into the bytes of ``format`` (a key of :data:`WRITERS`)."""
    if format not in WRITERS:
        raise UnknownNameError("format", format, WRITERS)
    return WRITERS[format](document, theme)
