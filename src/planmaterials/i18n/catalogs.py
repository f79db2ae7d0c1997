"""Keeping catalogs in step with the policy and the templates: extract, merge by key, status.

Catalogs are keyed by ``msgctxt``. A merge works as ``msgmerge`` does, but by key: an entry
whose key and text are unchanged keeps its translation; a text that moved to another key (a
point removed above it) takes its translation along, reviewed as it was; a changed text keeps
its translation marked ``fuzzy``, with the text (and key, if another) it was translated from as
``#| msgid`` (``#| msgctxt``). A text never gets another text's translation without ``fuzzy``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_file

from ..model import ActionPlan, Policy, iter_texts
from .languages import LABELS, LABELS_SOURCE_LANGUAGE, LANGUAGES, POLICY
from .lookup import CatalogLayer, State, classify, family
from .pofile import PoEntry, PoFile, read_po

__all__ = [
    "CatalogStatus",
    "Change",
    "annotate",
    "extract",
    "label_messages",
    "merge",
    "new_catalog",
    "policy_messages",
    "same_entries",
    "status",
    "target_languages",
]

_KEYWORDS = {"pgettext": ((1, "c"), 2), "N_": ((1, "c"), 2), "gettext": None, "_": None}
# How similar a changed text must be to an unclaimed old one to be offered its translation
# (as fuzzy), as msgmerge and Babel do.
_SIMILAR = 0.6
# Recommended longest titles, in characters: longer ones get smaller or break over more lines.
TITLE_LIMITS = {"presentation": 60, "poster": 40}

_HEADER_COMMENTS = [
    "{domain} catalog of planmaterials.",
    "Entries are keyed by msgctxt; translate msgstr only. After the source changes, run",
    "'planmaterials i18n update' (TRANSLATING.md in planmaterials' sources tells the rest).",
]


def new_catalog(domain: str, lang: str | None) -> PoFile:
    """An empty catalog (a template when ``lang`` is None) with a header GNU tools accept."""
    header = {
        "Project-Id-Version": "planmaterials",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2025-01-01 00:00+0000",
        "PO-Revision-Date": "2025-01-01 00:00+0000",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": LANGUAGES[lang].locale if lang else "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    return PoFile(
        header="".join(f"{name}: {value}\n" for name, value in header.items()),
        header_comments=[line.format(domain=domain.capitalize()) for line in _HEADER_COMMENTS],
    )


def policy_messages(policy: Policy, plans: Sequence[ActionPlan] = ()) -> PoFile:
    """Every translatable string of the policy (with its example plan) and of unit plans."""
    catalog = new_catalog(POLICY, None)
    seen: set[str] = set()
    for source in (policy, *plans):
        name = source.source.name if source.source else "policy.yaml"
        for key, text in iter_texts(source):
            if key not in seen:
                seen.add(key)
                catalog.entries.append(PoEntry(key, text, references=[name]))
    return catalog


def label_messages(template_dirs: Sequence[Path], extra_sources: Sequence[Path] = ()) -> PoFile:
    """Every label used by the templates (``pgettext``) and marked in code (``N_``).

    A template in an earlier folder hides the one of the same name in later folders, as at
    build time.
    """
    catalog = new_catalog(LABELS, None)
    found: dict[str, PoEntry] = {}
    chosen: dict[str, Path] = {}
    for directory in template_dirs:
        for path in sorted(Path(directory).glob("*.j2")):
            chosen.setdefault(path.name, path)
    sources = [(chosen[name], "jinja2.ext:babel_extract") for name in sorted(chosen)]
    sources += [(path, "python") for path in extra_sources]
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}
    for path, method in sources:
        for _line, message, _comments, context in extract_from_file(
            method, str(path), keywords=_KEYWORDS, options=options
        ):
            if isinstance(message, tuple):  # plural forms: the singular names the entry
                message = message[0]
            context = context or message
            existing = found.get(context)
            if existing is None:
                found[context] = PoEntry(context, message, references=[path.name])
                catalog.entries.append(found[context])
            elif path.name not in existing.references:
                existing.references.append(path.name)
    return catalog


def extract(
    policy: Policy,
    template_dirs: Sequence[Path],
    code: Sequence[Path],
    plans: Sequence[ActionPlan] = (),
) -> dict[str, PoFile]:
    """The current source strings of both domains."""
    return {POLICY: policy_messages(policy, plans), LABELS: label_messages(template_dirs, code)}


def annotate(
    template: PoFile, domain: str, shown_in: Mapping[tuple[str, str], Iterable[str]]
) -> None:
    """Write into each entry's ``#.`` comment which materials show it (and title limits)."""
    for entry in template.entries:
        materials = sorted(set(shown_in.get((domain, entry.context or ""), ())))
        if materials:
            notes = [f"Shown in: {', '.join(materials)}"]
        elif (entry.context or "").startswith("filename."):
            notes = ["Part of the names of the kit's files"]
        else:
            notes = ["Shown in no material at present"]
        limits = [
            f"{limit} characters on the {material}"
            for material, limit in TITLE_LIMITS.items()
            if material in materials
        ]
        if limits and (entry.context or "").endswith(".title"):
            notes.append(f"A title: keep it short, at most {' and '.join(limits)}")
        entry.extracted = notes


def merge(
    template: PoFile,
    own: PoFile | None,
    lang: str,
    domain: str,
    *,
    seeds: Sequence[CatalogLayer] = (),
    below: Sequence[CatalogLayer] = (),
) -> PoFile:
    """The catalog ``own`` brought in step with ``template`` by key (a new one if None).

    ``seeds`` are other catalogs to take translations from (the shipped one, for a user's new
    catalog): a translation of the same text is taken as it is, one of the key's earlier text is
    offered as fuzzy. Entries that the catalogs ``below`` this one already translate for their
    current text are left to them (a user's labels catalog holds only what it changes).
    """
    domain_header = own if own is not None else new_catalog(domain, lang)
    merged = PoFile(
        header=domain_header.header,
        header_comments=list(domain_header.header_comments),
        header_flags=[f for f in domain_header.header_flags if f != "fuzzy"],
    )
    if own is not None and not own.header_field("Language"):
        merged.set_header_field("Language", LANGUAGES[lang].locale)
    # The tool's version is not part of the catalog: a new Babel must not rewrite every file.
    merged.remove_header_field("Generated-By")
    olds = list(own.entries) if own is not None else []
    current = {e.context: e for e in olds if not e.obsolete and e.context is not None}
    # Reviewed translations by text, obsolete ones included: a point removed and put back
    # gets its translation again.
    reviewed: dict[str, list[PoEntry]] = {}
    for entry in olds:
        if entry.id and entry.string and not entry.fuzzy:
            reviewed.setdefault(entry.id, []).append(entry)
    used: set[int] = set()
    merged_entries: list[PoEntry | None] = []

    # First pass: unchanged entries and texts that moved (exact matches, as msgmerge does).
    for message in template.entries:
        key, text = message.context or "", message.id
        before = current.get(key)
        entry = None
        if before is not None and before.id == text:
            entry = _carry(message, before)
            used.add(id(before))
        else:
            same = reviewed.get(text, [])
            moved = [e for e in same if family(e.context or "") == family(key)] or same
            if moved:
                entry = _carry(message, moved[0])
                used.add(id(moved[0]))
        merged_entries.append(entry)

    # Second pass: changed texts keep the translation of their key (or the most similar
    # unclaimed old text of their family), marked fuzzy.
    for n, message in enumerate(template.entries):
        if merged_entries[n] is not None:
            continue
        key, text = message.context or "", message.id
        before = current.get(key)
        if (
            before is not None
            and before.fuzzy
            and before.previous_id == text
            and before.previous_context in (None, key)
        ):
            # The text went back to the one this translation was made for.
            entry = _carry(message, before)
            entry.set_fuzzy(False)
            merged_entries[n] = entry
            used.add(id(before))
            continue
        seeded = _seeded(message, seeds)
        if seeded.string and not seeded.fuzzy:
            merged_entries[n] = seeded  # the same text translated elsewhere: exact first
            continue
        if before is not None and (not before.string or id(before) in used):
            before = None
        # A key of its own names the item whatever its text; a position may now hold the
        # text of a neighbour, so there the most similar old text of the family is offered.
        if before is None or key.rpartition(".")[2].isdigit():
            unclaimed = [e for e in olds if id(e) not in used and e.string]
            before = _similar(text, key, unclaimed) or before
        if before is not None and before.string:
            used.add(id(before))
            merged_entries[n] = _fuzzy(message, before)
            continue
        merged_entries[n] = seeded

    for message, entry in zip(template.entries, merged_entries, strict=True):
        assert entry is not None
        if below and (message.context or "") not in current and _translated(below, message):
            continue  # the catalog below translates it: a user's catalog holds only changes
        merged.entries.append(entry)

    kept = {(e.context, e.id) for e in merged.entries}
    living = {e.id for e in merged.entries if e.string and not e.fuzzy}
    for entry in olds:
        if id(entry) in used or not entry.string or (entry.context, entry.id) in kept:
            continue
        if entry.id in living:
            continue  # its translation lives on under the text's new key
        kept.add((entry.context, entry.id))
        old = PoEntry(
            entry.context,
            entry.id,
            entry.string,
            flags=list(entry.flags),
            comments=list(entry.comments),
            previous_context=entry.previous_context,
            previous_id=entry.previous_id,
            obsolete=True,
        )
        merged.entries.append(old)
    return merged


def _carry(message: PoEntry, before: PoEntry) -> PoEntry:
    """``message`` with the translation, flags and comments of ``before``."""
    entry = PoEntry(
        message.context,
        message.id,
        before.string,
        flags=list(before.flags),
        comments=list(before.comments),
        extracted=list(message.extracted),
        references=list(message.references),
        previous_context=before.previous_context,
        previous_id=before.previous_id,
    )
    if before.context != message.context and before.fuzzy and before.previous_context is None:
        entry.previous_context = before.context
    return entry


def _fuzzy(message: PoEntry, before: PoEntry) -> PoEntry:
    """``message`` offered the translation of ``before``'s text, for review."""
    entry = _carry(message, before)
    entry.set_fuzzy(True)
    if before.fuzzy and before.previous_id is not None:
        # Keep the text the translator last worked from, not an intermediate one.
        entry.previous_id = before.previous_id
        entry.previous_context = before.previous_context
    else:
        entry.previous_id = before.id
        entry.previous_context = None
    if before.context != message.context and entry.previous_context is None:
        entry.previous_context = before.context
    return entry


def _seeded(message: PoEntry, seeds: Sequence[CatalogLayer]) -> PoEntry:
    """``message`` with what other catalogs offer: the same text's translation, or fuzzy."""
    entry = PoEntry(
        message.context,
        message.id,
        extracted=list(message.extracted),
        references=list(message.references),
    )
    if not seeds:
        return entry
    key = message.context or ""
    text, state = classify(seeds, key, message.id)
    if state == State.TRANSLATED and text is not None:
        entry.string = text
        return entry
    for layer in seeds:
        seed = layer.by_key.get(key)
        if seed is not None and seed.string:
            return _fuzzy(message, seed)
    return entry


def _similar(text: str, key: str, candidates: Sequence[PoEntry]) -> PoEntry | None:
    """The unclaimed old entry of ``key``'s family whose text is most like ``text``."""
    best, best_ratio = None, _SIMILAR
    for candidate in candidates:
        if candidate.context is None or family(candidate.context) != family(key):
            continue
        ratio = difflib.SequenceMatcher(None, text, candidate.id).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _translated(below: Sequence[CatalogLayer], message: PoEntry) -> bool:
    return bool(below) and classify(below, message.context or "", message.id)[1] == (
        State.TRANSLATED
    )


@dataclass(frozen=True)
class Change:
    """An entry whose translation needs review because its source text changed."""

    key: str
    before: str | None  # the source text the translation was made from, when known
    now: str


@dataclass(frozen=True)
class CatalogStatus:
    """How complete one language's catalog of one domain is, in gettext's words."""

    lang: str
    domain: str
    path: Path | None
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    changes: tuple[Change, ...]
    up_to_date: bool  # whether ``i18n update`` would leave the file as it is

    @property
    def complete(self) -> bool:
        """Every current entry translated and reviewed (obsolete ones do not reach output)."""
        return self.translated == self.total


def status(
    template: PoFile,
    path: Path | None,
    lang: str,
    domain: str,
    *,
    below: Sequence[CatalogLayer] = (),
    up_to_date: bool = True,
) -> CatalogStatus:
    """Count a catalog's entries as the build sees them (see :func:`classify`).

    ``below`` are the catalogs under this one; ``up_to_date`` says whether ``i18n update``
    would leave the catalog as it is (see :func:`same_entries`).
    """
    own = read_po(path) if path is not None else None
    layers = [CatalogLayer.of(path, own.current()), *below] if own is not None else list(below)
    counts = {state: 0 for state in State}
    changes = []
    entries = own.current() if own is not None else []
    by_key = {e.context: e for e in entries}
    for message in template.entries:
        key = message.context or ""
        _text, state = classify(layers, key, message.id)
        counts[state] += 1
        if state == State.FUZZY:
            entry = next((layer.by_key[key] for layer in layers if key in layer.by_key), None)
            before = None
            if entry is not None:
                before = entry.previous_id if entry.id == message.id else entry.id
            changes.append(Change(key, before, message.id))
    keys = {m.context for m in template.entries}
    obsolete = sum(1 for e in (own.entries if own else []) if e.obsolete) + sum(
        1 for key in by_key if key not in keys
    )
    return CatalogStatus(
        lang,
        domain,
        path,
        len(template.entries),
        counts[State.TRANSLATED],
        counts[State.FUZZY],
        counts[State.UNTRANSLATED],
        obsolete,
        tuple(changes),
        up_to_date,
    )


def same_entries(a: PoFile, b: PoFile) -> bool:
    """Whether two catalogs hold the same entries (what update changes, notes aside)."""

    def essence(catalog: PoFile) -> list[tuple[object, ...]]:
        return [
            (e.context, e.id, e.string, e.fuzzy, e.previous_id, e.obsolete) for e in catalog.entries
        ]

    return essence(a) == essence(b)


def target_languages(domain: str, policy_language: str) -> tuple[str, ...]:
    """The languages a domain is translated into (all but its source language)."""
    source = LABELS_SOURCE_LANGUAGE if domain == LABELS else policy_language
    return tuple(code for code in LANGUAGES if code != source)
