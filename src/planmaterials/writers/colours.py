"""Colour contrast (WCAG 2): keeping theme colours readable as text on their backgrounds."""

from __future__ import annotations

from functools import lru_cache

__all__ = [
    "MINIMUM_CONTRAST",
    "ROW_LABEL_TINT",
    "contrast",
    "poster_fills",
    "readable",
    "shade",
    "text_palette",
    "text_variant",
    "tint",
]

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


def shade(colour: str, amount: float) -> str:
    """``colour`` mixed with black (``amount`` 0: unchanged, 1: black), as ``#RRGGBB``."""
    colour = colour.lstrip("#")
    rgb = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c * (1 - amount)):02X}" for c in rgb)


# Every page of every document asks for the same few pairs: work each out once.
@lru_cache(maxsize=256)
def text_variant(colour: str, background: str) -> str:
    """``colour`` itself if readable on ``background``, else the nearest readable shade of it.

    Darker on a light background, lighter on a dark one, in steps of 2 %: a theme's soft
    secondary colour stays recognisably itself in small header and footer text.
    """
    dark_background = contrast(background, "#000000") < contrast(background, "#FFFFFF")
    for step in range(51):
        amount = step / 50
        candidate = tint(colour, amount) if dark_background else shade(colour, amount)
        if contrast(candidate, background) >= MINIMUM_CONTRAST:
            return candidate
    return "#FFFFFF" if dark_background else "#000000"


def text_palette(colours) -> dict[str, tuple[str, str]]:
    """Every text colour the page writers (Word, PDF) use, with the background it stands on.

    ``colours`` is a theme's :class:`~planmaterials.theme.Colours`. Writers take their text
    colours from here, so one test can check all of them for contrast.
    """
    return dict(_text_palette(colours))  # a copy: the worked-out one is kept for every page


@lru_cache(maxsize=16)
def _text_palette(colours) -> dict[str, tuple[str, str]]:
    page = colours.background
    label_fill = tint(colours.primary, ROW_LABEL_TINT)

    def on(colour: str, background: str) -> tuple[str, str]:
        # The colour meant for this place, else the theme's text colour made readable there.
        fallback = text_variant(colours.text, background)
        return readable(colour, background, fallback), background

    primary_block, secondary_block = poster_fills(colours)
    return {
        "body": on(colours.text, page),
        "heading": on(colours.primary, page),
        # Lead paragraphs, running headers and footers: the secondary colour, made readable.
        "quiet": (text_variant(colours.secondary, page), page),
        "on-primary": on(colours.background, colours.primary),
        "row-label": on(colours.primary, label_fill),
        # A poster's area blocks (strong fills, page-coloured text) and its steps (accent).
        "on-poster-block-1": on(colours.background, primary_block),
        "on-poster-block-2": on(colours.background, secondary_block),
        "on-accent": on(colours.text, colours.accent),
    }


@lru_cache(maxsize=16)
def poster_fills(colours) -> tuple[str, str]:
    """The two strong fills a poster's area blocks alternate: primary and a deep secondary.

    The secondary colour is deepened (darker under light text, lighter under dark text) until
    text in the page colour reads on it comfortably from a distance (6:1, above the 4.5:1
    minimum), and no further, so it stays recognisably itself.
    """
    return colours.primary, _deepened(colours.secondary, colours.background, 6.0)


def _deepened(colour: str, text: str, target: float) -> str:
    light_text = contrast(text, "#000000") > contrast(text, "#FFFFFF")
    for step in range(51):
        amount = step / 50
        candidate = shade(colour, amount) if light_text else tint(colour, amount)
        if contrast(candidate, text) >= target:
            return candidate
    return shade(colour, 1.0) if light_text else tint(colour, 1.0)


# How far a table's row label shading is mixed towards white: a pale tint of the primary colour
# marks the label without the weight of a dark column down the whole table.
ROW_LABEL_TINT = 0.88
