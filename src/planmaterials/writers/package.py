"""Zip packages (docx, pptx, bundles) with the same bytes for the same content.

The zip is written here rather than with :mod:`zipfile`, which costs more than compressing a
small part does; the bytes are those :mod:`zipfile` writes on a POSIX system for the same
entries (a test holds them equal). Parts that every package of a kind shares (styles,
relationships) are compressed once (:func:`deflated`).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Deflated", "deflated", "normalize_zip", "zip_files"]


def zip_time(date: dt.date) -> tuple[int, int, int, int, int, int]:
    """A zip timestamp from a date in the data (zip cannot store dates before 1980)."""
    return (max(date.year, 1980), date.month, date.day, 12, 0, 0)


def normalize_zip(data: bytes, date: dt.date) -> bytes:
    """Re-write a zip with fixed entry times, permissions and compression, order kept.

    Office libraries stamp every entry with the current time; the content is unchanged.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    entries: list[tuple[str, bytes | Deflated]] = [
        (info.filename, source.read(info.filename)) for info in source.infolist()
    ]
    return zip_files(entries, date)


# Files that are compressed already (Office packages are zips, PDF streams are deflated, images
# too): deflating them again costs time and saves next to nothing, so a bundle stores them.
_COMPRESSED = (".docx", ".pptx", ".xlsx", ".pdf", ".zip", ".png", ".jpg", ".jpeg")


class Deflated(NamedTuple):
    """An entry's data compressed: its length and CRC-32, and the deflated bytes."""

    size: int
    crc: int
    data: bytes


def _deflate(data: bytes) -> Deflated:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Deflated(len(data), zlib.crc32(data), compressor.compress(data) + compressor.flush())


@lru_cache(maxsize=128)
def deflated(data: bytes) -> Deflated:
    """``data`` compressed, once for all packages that hold the same part."""
    return _deflate(data)


# zipfile's records: a local file header, a central directory entry, the end of the directory.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H")  # then external attributes and offset:
_PERMISSIONS_AND_OFFSET = struct.Struct("<2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # the version zipfile writes as made by and needed to extract: 2.0, deflate
_UNIX = 3  # made on a POSIX system (zipfile writes 0 on Windows; these bytes are the same)
_PERMISSIONS = 0o644 << 16
# Beyond these, zipfile writes ZIP64 records; packages and bundles stay far below them.
_SMALL = zipfile.ZIP64_LIMIT / 1.05
_MAX_ENTRIES = zipfile.ZIP_FILECOUNT_LIMIT


def zip_files(entries: list[tuple[str, bytes | Deflated]], date: dt.date) -> bytes:
    """A zip of ``(name, data)`` entries in the given order, with fixed times and permissions.

    ``data`` is compressed unless the name says it is compressed already; :class:`Deflated`
    data was compressed before.
    """
    year, month, day, hour, minute, second = zip_time(date)
    dos_date = (year - 1980) << 9 | month << 5 | day
    dos_time = hour << 11 | minute << 5 | second // 2
    local, central = _LOCAL.pack, _CENTRAL.pack
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data in entries:
        if isinstance(data, Deflated):
            method, (size, crc, payload) = zipfile.ZIP_DEFLATED, data
        elif name.lower().endswith(_COMPRESSED):
            method, size, crc, payload = zipfile.ZIP_STORED, len(data), zlib.crc32(data), data
        else:
            method, (size, crc, payload) = zipfile.ZIP_DEFLATED, _deflate(data)
        if name.isascii():
            encoded, flags = name.encode(), 0
        else:
            encoded, flags = name.encode("utf-8"), 0x800  # the name is UTF-8
        if size > _SMALL or "\0" in name or name.endswith("/"):
            return _zip_with_zipfile(entries, date)  # ZIP64, or names zipfile rewrites
        fields = (flags, method, dos_time, dos_date, crc, len(payload), size, len(encoded))
        chunks += (local(b"PK\x03\x04", _VERSION, 0, *fields, 0), encoded, payload)
        directory += (
            central(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *fields, 0, 0, 0, 0)
            + _PERMISSIONS_AND_OFFSET.pack(_PERMISSIONS, offset)
            + encoded,
        )
        offset += _LOCAL.size + len(encoded) + len(payload)
    size = sum(map(len, directory))
    if len(entries) > _MAX_ENTRIES or offset + size > _SMALL:
        return _zip_with_zipfile(entries, date)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), size, offset, 0)
    return b"".join((*chunks, *directory, end))


def _zip_with_zipfile(entries: list[tuple[str, bytes | Deflated]], date: dt.date) -> bytes:
    """The zip as :mod:`zipfile` writes it, for what needs its ZIP64 records."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in entries:
            if isinstance(data, Deflated):
                data = zlib.decompress(data.data, -15)
                method = zipfile.ZIP_DEFLATED
            else:
                compressed = name.lower().endswith(_COMPRESSED)
                method = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
            entry = zipfile.ZipInfo(name, zip_time(date))
            entry.external_attr = _PERMISSIONS
            entry.compress_type = method
            target.writestr(entry, data, compresslevel=9)
    return buffer.getvalue()
