"""Limits on what users give us, and the character checks every text from them goes through.

The kit is built from files that pass through many hands; these limits keep a mistaken or hostile
file from taking minutes or gigabytes before it is refused, and keep characters that a document
(XML underneath) cannot hold from reaching the writers. They are all here, in one place.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CORE_PROPERTY_CHARS",
    "MAX_ASSET_BYTES",
    "MAX_CONFIG_BYTES",
    "MAX_IMAGE_PIXELS",
    "MAX_LIST_ITEMS",
    "MAX_NAME_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "RESERVED_NAMES",
    "bad_character",
    "core_property",
    "describe_character",
    "printable",
]

#: A policy or plan file larger than this is refused before it is read (the default is ~40 kB).
MAX_YAML_BYTES = 2 * 1024 * 1024
#: A project file (planmaterials.toml) holds a handful of settings; anything larger is not one.
MAX_CONFIG_BYTES = 1024 * 1024
#: Nodes in a YAML file counted with every alias expanded (a billion-laughs file has billions).
MAX_YAML_NODES = 200_000
#: How deeply lists and mappings may nest (a policy needs about eight levels).
MAX_YAML_DEPTH = 64
#: The most items a list (areas, points, goals, activities...) may have.
MAX_LIST_ITEMS = 1_000
#: The longest text a policy, plan or catalog may give for one key.
MAX_TEXT_CHARS = 20_000
#: The longest title or name (it is set in headings, page headers and file names).
MAX_TITLE_CHARS = 200
#: The longest key or slug (it becomes part of a file name).
MAX_NAME_CHARS = 64
#: A logo larger than this, or wider or taller than this, is refused before it is used.
MAX_ASSET_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 10_000
#: python-docx and python-pptx refuse longer core properties (title, subject, keywords).
CORE_PROPERTY_CHARS = 255

#: Names Windows will not create as files, whatever the extension (``con.docx`` included).
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(10)] + [f"lpt{n}" for n in range(10)]
)

# What XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF),
# plus DEL and the C1 controls, which no document text needs and terminals act upon.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters that must not reach a terminal raw: the above, line breaks and the bidirectional
# overrides that can make a message read differently from what it says.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def bad_character(text: str) -> str | None:
    """The first character of ``text`` that a document cannot hold, or None."""
    found = _BAD.search(text)
    return found.group() if found else None


def describe_character(char: str) -> str:
    """``U+001B (ESCAPE)``: how an error message names a character it cannot show."""
    name = unicodedata.name(char, "")
    if not name:
        name = "a surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
        if char in "\ufffe\uffff":
            name = "a non-character"
    return f"U+{ord(char):04X} ({name})"


def printable(text: str) -> str:
    """``text`` with every character a terminal would act upon escaped as ``\\x1b``/``\\u202e``."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def core_property(text: str) -> str:
    """``text`` cut to what a docx/pptx core property can hold, ending in an ellipsis if cut."""
    if len(text) <= CORE_PROPERTY_CHARS:
        return text
    return text[: CORE_PROPERTY_CHARS - 1].rstrip() + "…"
