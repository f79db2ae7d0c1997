"""Zip packages (docx, pptx, bundles) with the same bytes for the same content."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["normalize_zip"]


def zip_time(date: dt.date) -> tuple[int, int, int, int, int, int]:
    """A zip timestamp from a date in the data (zip cannot store dates before 1980)."""
    return (max(date.year, 1980), date.month, date.day, 12, 0, 0)


def normalize_zip(data: bytes, date: dt.date) -> bytes:
    """Re-write a zip with fixed entry times, permissions and compression, order kept.

    Office libraries stamp every entry with the current time; the content is unchanged.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, zip_time(date))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=9)
    return buffer.getvalue()
