"""The PDF writer: a Document tree into tagged PDF bytes, with reportlab.

:mod:`.flow` flows the blocks onto pages, :mod:`.poster` lays out a poster's panels,
:mod:`.lines` draws the text those layouts wrap, and :mod:`.marks` and :mod:`.tags` make the
PDF tagged (marked content while drawing, the structure tree as it is saved, with
:mod:`.artifacts` and :mod:`.xmp`).
"""

from __future__ import annotations

from ._platypus import import_platypus

import_platypus()  # before any module here imports it (see ._platypus)

from reportlab.platypus.doctemplate import LayoutError as PageOverflow  # noqa: E402

from .flow import BLOCKS, write_pdf  # noqa: E402

__all__ = ["BLOCKS", "PageOverflow", "write_pdf"]
