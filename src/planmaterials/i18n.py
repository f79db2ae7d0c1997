"""Translations at run time: PO catalogs read directly, looked up by key, plus CLDR formatting.

There are two catalog domains per language, each written in one source language:
``labels`` (short strings of the templates, written in English) and ``policy`` (the policy
content, written in the policy file's language). A lookup is by key (the ``msgctxt``) and
reports its state, so a build can say exactly what is missing. Language is always an argument.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list as _babel_format_list
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, unescape
from babel.numbers import format_decimal

from .errors import PolicyError
from .limits import MAX_TEXT_CHARS, bad_character, describe_character

__all__ = [
    "LABELS",
    "LANGUAGES",
    "POLICY",
    "Catalogs",
    "Language",
    "Lookup",
    "State",
    "language",
]

LABELS = "labels"
POLICY = "policy"
LABELS_SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """A language the kit is made in: its code, CLDR locale and BCP 47 tag."""

    code: str
    locale: str
    tag: str
    name: str


LANGUAGES: dict[str, Language] = {
    "sv": Language("sv", "sv_SE", "sv-SE", "svenska"),
    "en": Language("en", "en_GB", "en-GB", "English"),
}


def language(code: str) -> Language:
    """The :class:`Language` for ``code``; a PolicyError names the supported ones."""
    try:
        return LANGUAGES[code]
    except KeyError:
        supported = ", ".join(LANGUAGES)
        raise PolicyError(f"unsupported language '{code}'; expected one of {supported}") from None


class State(enum.StrEnum):
    """How a string was found in its catalog."""

    SOURCE = "source"  # the wanted language is the source language: nothing to translate
    TRANSLATED = "translated"
    FUZZY = "fuzzy"  # a translator marked it as needing review
    STALE = "stale"  # the source text changed since it was translated
    UNTRANSLATED = "untranslated"


@dataclass(frozen=True)
class Lookup:
    """The text to show for one key and how it was found."""

    key: str
    text: str
    state: State
    domain: str


def find_catalogs(locale_dirs: Sequence[Path], lang: str, domain: str) -> list[Path]:
    """Every ``<dir>/<lang>/LC_MESSAGES/<domain>.po`` along the search path, first first."""
    candidates = (Path(d) / lang / "LC_MESSAGES" / f"{domain}.po" for d in locale_dirs)
    return [candidate for candidate in candidates if candidate.is_file()]


def find_catalog(locale_dirs: Sequence[Path], lang: str, domain: str) -> Path | None:
    """The first ``<dir>/<lang>/LC_MESSAGES/<domain>.po`` in the search path, if any."""
    found = find_catalogs(locale_dirs, lang, domain)
    return found[0] if found else None


Entry = tuple[str, str, bool]  # msgid, msgstr, fuzzy


def read_entries(path: Path, lang: str) -> dict[str, Entry]:
    """A catalog's entries by key (``msgctxt``)."""
    entries: dict[str, Entry] = {}
    for message in read_catalog(path, lang):
        if message.id and message.context is not None:
            text = message.string if isinstance(message.string, str) else ""
            entries[message.context] = (message.id, text, message.fuzzy)
    return entries


def find_entry(
    layers: Sequence[dict[str, Entry]], key: str, source: str
) -> tuple[Entry | None, State]:
    """The entry to use for ``key`` across catalog layers (a user's first, the shipped last).

    A current, reviewed translation in any layer wins, the first such; otherwise the first
    layer's entry tells why there is none.
    """
    first: Entry | None = None
    for layer in layers:
        entry = layer.get(key)
        if entry is None:
            continue
        if entry[0] == source and entry[1] and not entry[2]:
            return entry, State.TRANSLATED
        first = first or entry
    if first is None or not first[1]:
        return None, State.UNTRANSLATED
    if first[0] != source:
        return first, State.STALE
    return first, State.FUZZY


_PO_LINE = re.compile(
    r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\Z'
)


def _check_po_syntax(path: Path, text: str) -> dict[str, str]:
    """Check what Babel lets pass, and return each key's previous source text (``#| msgid``).

    Babel silently drops an entry whose string is not closed, lets a repeated key overwrite
    the first (a translator must hear about both, with the line), and does not read back the
    ``#| msgid`` that shows translators what changed.
    """
    contexts: dict[str, int] = {}
    previous: dict[str, str] = {}
    pending: list[str] | None = None  # the parts of a "#| msgid" just read
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#| msgid "):
            pending = [line[len("#| msgid ") :]]
            continue
        if line.startswith('#| "') and pending is not None:
            pending.append(line[3:])
            continue
        if not line or line.startswith("#"):
            continue
        if not _PO_LINE.match(line):
            raise PolicyError(
                'expected msgctxt, msgid or msgstr followed by a "quoted text"',
                file=path,
                line=number,
            )
        if line.startswith("msgctxt "):
            if line in contexts:
                raise PolicyError(
                    f"{line} is given twice (first on line {contexts[line]})",
                    file=path,
                    line=number,
                )
            contexts[line] = number
            if pending is not None:
                previous[unescape(line[len("msgctxt ") :])] = "".join(map(unescape, pending))
        if line.startswith("msgid "):
            pending = None
    return previous


def _check_strings(path: Path, catalog: Catalog) -> None:
    """Refuse a translation a document cannot hold (a control character) or far too long."""
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            char = bad_character(text or "")
            problem = (
                f"the translation contains the character {describe_character(char)}, which a "
                "document cannot hold; remove it"
                if char is not None
                else f"the translation has {len(text):,} characters; at most {MAX_TEXT_CHARS:,}"
                if text and len(text) > MAX_TEXT_CHARS
                else None
            )
            if problem is not None:
                raise PolicyError(problem, file=path, line=message.lineno, key=message.context)


def _read_po(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        try:
            return read_po(handle, locale=LANGUAGES[lang].locale, abort_invalid=True)
        except (PoFileError, UnicodeDecodeError):
            raise
        except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
            # Babel reads the header's fields as it goes and fails on broken ones in many ways
            # (a Plural-Forms without a number, a date that is not one).
            raise PolicyError(
                f"invalid PO file header ({type(exc).__name__}: {exc}); compare its first "
                "entry (msgid \"\") with a catalog made by 'planmaterials i18n update'",
                file=path,
            ) from None


def read_catalog(path: Path, lang: str) -> Catalog:
    """Read a PO file; a broken one is a PolicyError naming the file and line."""
    try:
        previous = _check_po_syntax(path, path.read_text(encoding="utf-8"))
        catalog = _read_po(path, lang)
        _check_strings(path, catalog)
        for message in catalog:
            if message.context in previous:
                message.previous_id = [previous[message.context]]
            # Babel keeps the "#|" lines it cannot read as translator comments; they are not.
            message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        return catalog
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        raise PolicyError(f"invalid PO file: {exc}", file=path, line=line) from None
    except UnicodeDecodeError as exc:
        raise PolicyError(f"not UTF-8 text ({exc.reason})", file=path) from None
    except OSError as exc:
        raise PolicyError(f"cannot read the catalog: {exc.strerror}", file=path) from None


@dataclass
class Catalogs:
    """The catalogs of one language, and a record of every lookup made through them."""

    lang: str
    source_languages: dict[str, str]  # domain -> the language its source strings are in
    layers: dict[str, list[dict[str, Entry]]]  # domain -> catalogs along the path -> key -> entry
    lookups: dict[tuple[str, str], Lookup] = field(default_factory=dict)

    @classmethod
    def load(cls, locale_dirs: Sequence[Path], lang: str, policy_language: str) -> Catalogs:
        """Load the ``labels`` and ``policy`` catalogs of ``lang`` from the search path.

        Every catalog along the path is a layer: a user's catalog needs to hold only what it
        adds or translates differently (unit plans, say); the shipped one supplies the rest.
        """
        language(lang)
        sources = {LABELS: LABELS_SOURCE_LANGUAGE, POLICY: policy_language}
        layers = {
            domain: (
                []
                if source_language == lang
                else [read_entries(path, lang) for path in find_catalogs(locale_dirs, lang, domain)]
            )
            for domain, source_language in sources.items()
        }
        return cls(lang, sources, layers)

    def lookup(self, domain: str, key: str, source: str) -> Lookup:
        """The text to show for ``key`` whose source text is ``source``.

        Only a current, reviewed translation is used; otherwise the source text is shown and the
        lookup says why, so that the build can report it.
        """
        if self.source_languages[domain] == self.lang:
            found = Lookup(key, source, State.SOURCE, domain)
        else:
            entry, state = find_entry(self.layers[domain], key, source)
            text = entry[1] if entry is not None and state == State.TRANSLATED else source
            found = Lookup(key, text, state, domain)
        self.lookups[(domain, key)] = found
        return found

    def text(self, domain: str, key: str, source: str) -> str:
        return self.lookup(domain, key, source).text

    def pgettext(self, context: str, message: str) -> str:
        """Template labels: ``{{ pgettext("label.goal", "Goal") }}``."""
        return self.text(LABELS, context, message)

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


class Formatter:
    """Dates, lists and numbers in the conventions of one language (CLDR data via Babel)."""

    def __init__(self, lang: str) -> None:
        self.language = language(lang)
        self.locale = Locale.parse(self.language.locale)

    def date(self, value: dt.date, style: str = "long") -> str:
        return _babel_format_date(value, style, locale=self.locale)

    def list(self, items: Iterable[str], style: str = "standard") -> str:
        return _babel_format_list(list(items), style=style, locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)
