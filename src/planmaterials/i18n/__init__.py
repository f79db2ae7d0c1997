"""Translations: the languages, PO catalogs, run-time lookup, formatting and catalog upkeep.

Shaped like Babel: :mod:`.languages` is the one list of languages; :mod:`.pofile` reads and
writes PO files; :mod:`.lookup` finds each text's translation at build time; :mod:`.formatting`
formats dates, lists and numbers; :mod:`.catalogs` extracts, merges and counts;
:mod:`.folder` keeps a project's locales folder in step.

There are two catalog domains per language: ``labels`` (short strings of the templates,
written in English) and ``policy`` (the policy's texts, written in the policy file's language).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

# Each name comes from its module on first use (PEP 562): formatting imports Babel, which a
# rebuild with nothing to do, or a command that formats nothing, need not load.
if TYPE_CHECKING:
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

_MODULES = {
    "formatting": ("Formatter",),
    "languages": (
        "LABELS",
        "LABELS_SOURCE_LANGUAGE",
        "LANGUAGES",
        "POLICY",
        "Language",
        "kit_languages",
        "language",
        "language_name",
    ),
    "lookup": (
        "CatalogLayer",
        "Catalogs",
        "Lookup",
        "State",
        "catalog_dirs",
        "find_catalogs",
        "is_default_policy",
    ),
    "pofile": ("PoEntry", "PoFile"),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)


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
