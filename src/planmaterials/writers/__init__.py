"""Writers: each turns a Document into bytes of one format, with one library.

Writers own layout (page size, fonts, fitting); they never translate and never touch the disk.
Each declares the block types it handles; :func:`write` first runs the transforms that rewrite
every other block (see :mod:`planmaterials.transforms`). Adding a format is a module here and
one line in :data:`WRITERS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass

from ..document import Document
from ..errors import UnknownNameError
from ..theme import Theme
from ..transforms import transform

__all__ = ["WRITERS", "Writer", "load", "write"]


@dataclass(frozen=True)
class Writer:
    """One output format: the function that writes it and the block types it handles."""

    write: Callable[[Document, Theme], bytes]
    blocks: frozenset[type]


class _Writers(MutableMapping[str, Writer]):
    """The writers by format; a format's module is imported when its writer is first asked for.

    Their libraries (reportlab, XlsxWriter) take a good part of a second to import, and a kit
    without unit plans, for one, writes no workbook.
    """

    def __init__(self, modules: dict[str, str]) -> None:
        # format -> its Writer, or the name of its module here (which has write_<format>)
        self._writers: dict[str, Writer | str] = dict(modules)

    def __getitem__(self, format: str) -> Writer:
        found = self._writers[format]
        if isinstance(found, str):
            module = importlib.import_module(f".{found}", __name__)
            found = Writer(getattr(module, f"write_{format}"), module.BLOCKS)
            self._writers[format] = found
        return found

    def __setitem__(self, format: str, writer: Writer) -> None:
        self._writers[format] = writer

    def __delitem__(self, format: str) -> None:
        del self._writers[format]

    def __iter__(self) -> Iterator[str]:
        return iter(self._writers)

    def __len__(self) -> int:
        return len(self._writers)


WRITERS: MutableMapping[str, Writer] = _Writers(
    {"docx": "docx", "html": "html", "pdf": "pdf", "pptx": "pptx", "xlsx": "xlsx"}
)


def write(document: Document, format: str, theme: Theme) -> bytes:
    """Turn ``document`` into the bytes of ``format`` (a key of :data:`WRITERS`)."""
    if format not in WRITERS:
        raise UnknownNameError("format", format, WRITERS)
    writer = WRITERS[format]
    return writer.write(transform(document, writer.blocks), theme)


def load(formats: Iterable[str]) -> None:
    """Import the writers of ``formats`` now, with what they set up once per process.

    Before the work is shared out among processes (see :mod:`planmaterials.parallel`), so that
    each does not do it again.
    """
    formats = set(formats)
    for format in formats:
        WRITERS[format]
    if formats & {"pdf", "pptx"}:  # the fonts the PDFs embed and the decks are measured with
        from .fonts import register_fonts

        register_fonts()
