"""Translations: the languages, PO catalogs, run-time lookup, formatting and catalog upkeep.

Shaped like Babel: :mod:`.languages` is the one list of languages; :mod:`.pofile` reads and
writes PO files; :mod:`.lookup` finds each text's translation at build time; :mod:`.formatting`
formats dates, lists and numbers; :mod:`.catalogs` extracts, merges and counts;
:mod:`.folder` keeps a project's locales folder in step.

There are two catalog domains per language: ``labels`` (short strings of the templates,
written in English) and ``policy`` (the policy's texts, written in the policy file's language).
"""

from __future__ import annotations

from .formatting import Formatter
from .languages import (
    LABELS,
    LABELS_SOURCE_LANGUAGE,
    LANGUAGES,
    POLICY,
    Language,
    kit_languages,
    language,
    language_name,
)
from .lookup import (
    CatalogLayer,
    Catalogs,
    Lookup,
    State,
    catalog_dirs,
    find_catalogs,
    is_default_policy,
)
from .pofile import PoEntry, PoFile

__all__ = [
    "LABELS",
    "LABELS_SOURCE_LANGUAGE",
    "LANGUAGES",
    "POLICY",
    "CatalogLayer",
    "Catalogs",
    "Formatter",
    "Language",
    "Lookup",
    "PoEntry",
    "PoFile",
    "State",
    "catalog_dirs",
    "find_catalogs",
    "is_default_policy",
    "kit_languages",
    "language",
    "language_name",
]
