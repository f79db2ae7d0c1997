"""Zip packages (docx, pptx, bundles) with the same bytes for the same content."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["normalize_zip", "zip_files"]


def zip_time(date: dt.date) -> tuple[int, int, int, int, int, int]:
    """A zip timestamp from a date in the data (zip cannot store dates before 1980)."""
    return (max(date.year, 1980), date.month, date.day, 12, 0, 0)


def normalize_zip(data: bytes, date: dt.date) -> bytes:
    """Re-write a zip with fixed entry times, permissions and compression, order kept.

    Office libraries stamp every entry with the current time; the content is unchanged.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    return zip_files(entries, date)


# Files that are compressed already (Office packages are zips, PDF streams are deflated, images
# too): deflating them again costs time and saves next to nothing, so a bundle stores them.
_COMPRESSED = (".docx", ".pptx", ".xlsx", ".pdf", ".zip", ".png", ".jpg", ".jpeg")


def zip_files(entries: list[tuple[str, bytes]], date: dt.date) -> bytes:
    """A zip of ``(name, data)`` entries in the given order, with fixed times and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, zip_time(date))
            entry.external_attr = 0o644 << 16
            if name.lower().endswith(_COMPRESSED):
                entry.compress_type = zipfile.ZIP_STORED
                target.writestr(entry, data)
            else:
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, data, compresslevel=9)
    return buffer.getvalue()
