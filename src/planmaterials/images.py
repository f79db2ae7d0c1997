"""Checking an image a policy names (the theme's logo) from its first bytes, before it is used."""

from __future__ import annotations

import struct
from pathlib import Path

from .limits import MAX_ASSET_BYTES, MAX_IMAGE_PIXELS

__all__ = ["image_problem", "image_size"]

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
# JPEG start-of-frame markers (they carry the size); C4, C8 and CC are other segments.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_HEADER_BYTES = 64 * 1024


def image_problem(path: Path) -> str | None:
    """What is wrong with ``path`` as a PNG or JPEG logo, or None when it is usable.

    Reads the size from the file's header only, so a huge or hostile file costs nothing.
    """
    try:
        size = path.stat().st_size
        if size > MAX_ASSET_BYTES:
            return f"is {size / 1024 / 1024:.1f} MB; at most {MAX_ASSET_BYTES // 1024 // 1024} MB"
        with path.open("rb") as handle:
            head = handle.read(_HEADER_BYTES)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if head.startswith(_PNG):
        dimensions = _png_size(head)
    elif head.startswith(_JPEG):
        dimensions = _jpeg_size(head)
    else:
        return "is not a PNG or JPEG image"
    if dimensions is None:
        return "is a damaged image (its size cannot be read)"
    width, height = dimensions
    if not (0 < width <= MAX_IMAGE_PIXELS and 0 < height <= MAX_IMAGE_PIXELS):
        return f"is {width}×{height} pixels; at most {MAX_IMAGE_PIXELS} each way"
    return None


def image_size(head: bytes) -> tuple[int, int] | None:
    """Width and height in pixels of a PNG or JPEG from its first bytes, or None."""
    if head.startswith(_PNG):
        return _png_size(head)
    if head.startswith(_JPEG):
        return _jpeg_size(head)
    return None


def _png_size(head: bytes) -> tuple[int, int] | None:
    if len(head) < 24 or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    offset = 2
    while offset + 4 <= len(head):
        if head[offset] != 0xFF:
            return None
        marker = head[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        length = struct.unpack(">H", head[offset + 2 : offset + 4])[0]
        if marker in _SOF:
            if offset + 9 > len(head):
                return None
            height, width = struct.unpack(">HH", head[offset + 5 : offset + 9])
            return width, height
        if length < 2:
            return None
        offset += 2 + length
    return None
