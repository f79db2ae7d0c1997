"""Translations at run time: catalogs read directly, looked up by key, with each lookup's state.

A lookup is by key (the ``msgctxt``). Only a current, reviewed translation is shown: its entry
has the key, the current source text and no ``fuzzy`` flag. When the key's entry is missing or
was made for another text (a point was removed and the later points moved up a place), the
same text's reviewed translation under another key is used: translations follow their texts,
so removing, inserting or reordering items never shows an unchanged text untranslated.
:func:`classify` is the one definition of an entry's state, for the build and ``i18n status``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PolicyError
from .languages import LABELS, LABELS_SOURCE_LANGUAGE, POLICY, language

if TYPE_CHECKING:
    from ..model import Policy
    from .pofile import PoEntry

__all__ = [
    "CatalogLayer",
    "Catalogs",
    "Lookup",
    "State",
    "catalog_dirs",
    "classify",
    "find_catalogs",
    "is_default_policy",
    "read_layer",
]


class State(enum.StrEnum):
    """How a string was found: gettext's words, plus ``source`` for the source language."""

    SOURCE = "source"  # the wanted language is the source language: nothing to translate
    TRANSLATED = "translated"
    # Needs a translator's review: marked fuzzy, or its source text changed since it was
    # translated (``i18n update`` will mark it so).
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"


@dataclass(frozen=True)
class Lookup:
    """The text to show for one key and how it was found."""

    key: str
    text: str
    state: State
    domain: str


@dataclass(frozen=True)
class CatalogLayer:
    """One catalog file's current entries by key, and its reviewed translations by text."""

    path: Path | None
    by_key: dict[str, PoEntry]
    by_text: dict[str, list[PoEntry]] = field(default_factory=dict)

    @classmethod
    def of(cls, path: Path | None, entries: Sequence[PoEntry]) -> CatalogLayer:
        by_key = {e.context: e for e in entries if e.context is not None and e.id}
        by_text: dict[str, list[PoEntry]] = {}
        for entry in by_key.values():
            if entry.string and not entry.fuzzy:
                by_text.setdefault(entry.id, []).append(entry)
        return cls(path, by_key, by_text)


def read_layer(path: Path) -> CatalogLayer:
    from .pofile import read_po  # the PO reader: not needed by a rebuild that reads no catalog

    return CatalogLayer.of(path, read_po(path).current())


def family(key: str) -> str:
    """The key without its last part: the points of one area, the questions of one step."""
    return key.rpartition(".")[0]


def follow_text(layers: Sequence[CatalogLayer], key: str, source: str) -> PoEntry | None:
    """A reviewed translation of exactly ``source`` under another key, its own family first."""
    candidates = [entry for layer in layers for entry in layer.by_text.get(source, ())]
    near = [entry for entry in candidates if family(entry.context or "") == family(key)]
    return (near or candidates or [None])[0]


def classify(layers: Sequence[CatalogLayer], key: str, source: str) -> tuple[str | None, State]:
    """The translation to show for ``key`` (None: show the source) and the entry's state.

    ``layers`` go from the most specific (a user's catalog) to the shipped one.
    """
    first: PoEntry | None = None
    for layer in layers:
        entry = layer.by_key.get(key)
        if entry is None:
            continue
        if entry.id == source and entry.string and not entry.fuzzy:
            return entry.string, State.TRANSLATED
        first = first or entry
    if first is None or first.id != source:
        followed = follow_text(layers, key, source)
        if followed is not None:
            return followed.string, State.TRANSLATED
    if first is None or not first.string:
        return None, State.UNTRANSLATED
    return None, State.FUZZY


def find_catalogs(locale_dirs: Sequence[Path], lang: str, domain: str) -> list[Path]:
    """Every ``<dir>/<lang>/LC_MESSAGES/<domain>.po`` along the search path, first first."""
    candidates = (Path(d) / lang / "LC_MESSAGES" / f"{domain}.po" for d in locale_dirs)
    return [candidate for candidate in candidates if candidate.is_file()]


def is_default_policy(policy: Policy) -> bool:
    """Whether ``policy`` is the embedded default one (whose texts the shipped catalogs hold)."""
    from ..loader import DEFAULT_POLICY

    if policy.source is None:
        return True
    default = Path(__file__).resolve().parents[1] / "data" / DEFAULT_POLICY
    try:
        return policy.source.resolve() == default
    except OSError:
        return False


def catalog_dirs(policy: Policy, user_dirs: Sequence[Path]) -> dict[str, tuple[Path, ...]]:
    """The catalog folders of each domain, the most specific first.

    Template labels: the user's folders, then the shipped catalogs (a user's folder may
    override them entry by entry). The policy's texts: the user's folders only, unless the
    policy is the embedded default, whose translations are shipped. So an example's
    translations never leak into another organisation's policy.
    """
    from ..resources import shipped

    users = tuple(Path(d) for d in user_dirs)
    shipped_dir = shipped("locales")
    given = any(_same(d, shipped_dir) for d in users)
    with_shipped = users if given else (*users, shipped_dir)
    return {
        LABELS: with_shipped,
        POLICY: with_shipped if is_default_policy(policy) else users,
    }


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


@dataclass
class Catalogs:
    """The catalogs of one language, and a record of every lookup made through them."""

    lang: str
    source_languages: dict[str, str]  # domain -> the language its source strings are in
    layers: dict[str, list[CatalogLayer]]  # domain -> catalogs along the path
    lookups: dict[tuple[str, str], Lookup] = field(default_factory=dict)
    # (domain, key, source) -> its lookup: a template asks for the same labels in every row
    # and document, and the catalogs do not change once loaded.
    _found: dict[tuple[str, str, str], Lookup] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # A label's key -> its source text, its lookup and the key the lookups are recorded by:
    # the same lookup as above, found without making a key of three parts for each label.
    _labels: dict[str, tuple[str, Lookup, tuple[str, str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def load(
        cls,
        dirs: Sequence[Path] | dict[str, Sequence[Path]],
        lang: str,
        policy_language: str,
    ) -> Catalogs:
        """Load the ``labels`` and ``policy`` catalogs of ``lang``.

        ``dirs`` is one search path for both domains, or one per domain (see
        :func:`catalog_dirs`). Every catalog along a path is a layer: a user's catalog needs to
        hold only what it adds or translates differently; the layers below supply the rest.
        """
        language(lang)
        sources = {LABELS: LABELS_SOURCE_LANGUAGE, POLICY: policy_language}
        per_domain = dirs if isinstance(dirs, dict) else {domain: dirs for domain in sources}
        layers = {
            domain: (
                []
                if source_language == lang
                else [
                    read_layer(path)
                    for path in find_catalogs(per_domain.get(domain, ()), lang, domain)
                ]
            )
            for domain, source_language in sources.items()
        }
        return cls(lang, sources, layers)

    @classmethod
    def for_policy(cls, policy: Policy, lang: str, user_dirs: Sequence[Path] = ()) -> Catalogs:
        """The catalogs that translate ``policy`` into ``lang`` (see :func:`catalog_dirs`)."""
        for directory in user_dirs:
            if not Path(directory).is_dir():
                raise PolicyError("the locales folder does not exist", file=directory)
        return cls.load(catalog_dirs(policy, user_dirs), lang, policy.language)

    def lookup(self, domain: str, key: str, source: str) -> Lookup:
        """The text to show for ``key`` whose source text is ``source``.

        Only a current, reviewed translation is used; otherwise the source text is shown and the
        lookup says why, so that the build can report it.
        """
        found = self._found.get((domain, key, source))
        if found is None:
            if self.source_languages[domain] == self.lang:
                found = Lookup(key, source, State.SOURCE, domain)
            else:
                text, state = classify(self.layers[domain], key, source)
                found = Lookup(key, text if text is not None else source, state, domain)
            self._found[domain, key, source] = found
        self.lookups[(domain, key)] = found
        return found

    def text(self, domain: str, key: str, source: str) -> str:
        return self.lookup(domain, key, source).text

    def pgettext(self, context: str, message: str) -> str:
        """Template labels: ``{{ pgettext("label.goal", "Goal") }}``."""
        known = self._labels.get(context)
        if known is not None and known[0] == message:
            self.lookups[known[2]] = known[1]  # recorded as lookup() records it
            return known[1].text
        found = self.lookup(LABELS, context, message)
        self._labels[context] = (message, found, (LABELS, context))
        return found.text

    def missing(self) -> list[Lookup]:
        """Every lookup so far that fell back to the source text, sorted by domain and key."""
        return sorted(
            (
                found
                for found in self.lookups.values()
                if found.state not in (State.SOURCE, State.TRANSLATED)
            ),
            key=lambda found: (found.domain, found.key),
        )
