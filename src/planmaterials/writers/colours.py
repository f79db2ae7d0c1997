"""Colour contrast (WCAG 2): keeping theme colours readable as text on their backgrounds."""

from __future__ import annotations

__all__ = ["MINIMUM_CONTRAST", "contrast", "readable", "tint"]

MINIMUM_CONTRAST = 4.5  # WCAG 2 level AA for body text


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two ``#RRGGBB`` (or ``RRGGBB``) colours, from 1 to 21."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour: str, background: str, fallback: str) -> str:
    """``colour`` if text in it is readable on ``background``, else ``fallback``."""
    return colour if contrast(colour, background) >= MINIMUM_CONTRAST else fallback


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white (``amount`` 0: unchanged, 1: white), as ``#RRGGBB``."""
    colour = colour.lstrip("#")
    rgb = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)
