"""Keeping the PO catalogs in step with the policy and the templates: extract, update, status.

Catalogs are keyed by ``msgctxt``. Babel's own update matches entries by their text, so a new
key can inherit another key's translation; here a changed source text keeps its translation,
marked fuzzy, with the text it was translated from as ``#| msgid`` so translators see the change.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import write_po

from .i18n import (
    LABELS,
    LABELS_SOURCE_LANGUAGE,
    LANGUAGES,
    POLICY,
    Entry,
    State,
    find_entry,
    read_catalog,
)
from .model import ActionPlan, Policy, iter_texts

__all__ = [
    "CatalogStatus",
    "Change",
    "extract",
    "label_messages",
    "policy_messages",
    "serialize",
    "status",
    "target_languages",
    "update",
]

_FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
_KEYWORDS = {"pgettext": ((1, "c"), 2), "N_": ((1, "c"), 2), "gettext": None, "_": None}


_HEADER = """\
# {domain} catalog of planmaterials.
# Entries are keyed by msgctxt; edit msgstr only. After a source change, run
# 'planmaterials i18n update': changed entries keep their translation, marked fuzzy,
# with the text they were translated from as '#| msgid'. Remove the fuzzy flag when done."""


def _new_catalog(domain: str, lang: str | None, previous: Catalog | None = None) -> Catalog:
    # The translator and team are the translators' to fill in; keep what they wrote.
    return Catalog(
        last_translator=previous.last_translator if previous else None,
        language_team=previous.language_team if previous else None,
        revision_date=previous.revision_date if previous else _FIXED_DATE,
        header_comment=_HEADER.format(domain=domain.capitalize()),
        locale=LANGUAGES[lang].locale if lang else None,
        domain=domain,
        project="planmaterials",
        version="1",
        copyright_holder=None,
        msgid_bugs_address="",
        creation_date=_FIXED_DATE,
        fuzzy=False,
    )


def policy_messages(policy: Policy, plans: Sequence[ActionPlan] = ()) -> Catalog:
    """Every translatable string of the policy (with its example plan) and of unit plans."""
    catalog = _new_catalog(POLICY, None)
    for source in (policy, *plans):
        name = source.source.name if source.source else "policy.yaml"
        for key, text in iter_texts(source):
            catalog.add(text, context=key, locations=[(name, None)])
    return catalog


def label_messages(template_dirs: Sequence[Path], extra_sources: Sequence[Path] = ()) -> Catalog:
    """Every label used by the templates (``pgettext``) and marked in code (``N_``)."""
    catalog = _new_catalog(LABELS, None)
    sources = [
        (path, "jinja2.ext:babel_extract")
        for directory in template_dirs
        for path in sorted(Path(directory).glob("*.j2"))
    ] + [(path, "python") for path in extra_sources]
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}
    for path, method in sources:
        for _line, message, _comments, context in extract_from_file(
            method, str(path), keywords=_KEYWORDS, options=options
        ):
            if isinstance(message, tuple):  # plural forms: the singular names the entry
                message = message[0]
            context = context or message
            existing = catalog.get(message, context=context)
            if existing is not None:
                if (path.name, None) not in existing.locations:
                    existing.locations.append((path.name, None))
            else:
                catalog.add(message, context=context, locations=[(path.name, None)])
    return catalog


def extract(
    policy: Policy,
    template_dirs: Sequence[Path],
    code: Sequence[Path],
    plans: Sequence[ActionPlan] = (),
) -> dict[str, Catalog]:
    """The current source strings of both domains."""
    return {POLICY: policy_messages(policy, plans), LABELS: label_messages(template_dirs, code)}


def update(
    template: Catalog, po_path: Path, lang: str, below: Sequence[dict[str, Entry]] = ()
) -> Catalog:
    """Merge ``template`` into the catalog at ``po_path`` by key and return the merged catalog.

    ``below`` are the catalogs under this one in the search path (the shipped ones, when this
    is a user's): an entry they already translate for the current text is left to them.
    """
    old: dict[str, Message] = {}
    obsolete_before: dict[str, Message] = {}
    previous = None
    if po_path.is_file():
        previous = read_catalog(po_path, lang)
        old = {m.context: m for m in previous if m.id and m.context is not None}
        obsolete_before = {
            m.context: m for m in previous.obsolete.values() if m.context is not None
        }
    merged = _new_catalog(template.domain or "", lang, previous)
    for message in template:
        if not message.id:
            continue
        before = old.pop(message.context, None) or obsolete_before.pop(message.context, None)
        if before is None and _translated_below(below, message):
            continue
        entry = Message(message.id, context=message.context, locations=message.locations)
        if before is not None and before.string:
            entry.string = before.string
            if before.id != message.id:
                entry.flags.add("fuzzy")
                # Keep the text the translator last worked from, not an intermediate one.
                entry.previous_id = (
                    before.previous_id if before.fuzzy and before.previous_id else before.id
                )
            elif before.fuzzy:
                entry.flags.add("fuzzy")
                entry.previous_id = before.previous_id
        merged.add(
            entry.id,
            entry.string,
            locations=entry.locations,
            flags=entry.flags,
            context=entry.context,
            previous_id=entry.previous_id,
            user_comments=before.user_comments if before is not None else (),
        )
    for context, message in {**obsolete_before, **old}.items():
        if message.string:
            merged.obsolete[(message.id, context)] = message
    return merged


def serialize(catalog: Catalog) -> bytes:
    """PO bytes without wrapping and with file-only locations, so diffs stay small."""
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        # Babel wraps "#| msgid" comments whenever width is 0 (and breaks their quoting), so
        # "no wrapping" is a width no line reaches.
        width=1_000_000,
        include_lineno=False,
        include_previous=True,
        sort_output=False,
        omit_header=False,
    )
    return buffer.getvalue()


@dataclass(frozen=True)
class Change:
    """An entry whose source text changed since it was translated."""

    key: str
    before: str | None  # the source text the translation was made from, when known
    now: str


@dataclass(frozen=True)
class CatalogStatus:
    """How complete one language's catalog of one domain is."""

    lang: str
    domain: str
    path: Path | None
    total: int
    translated: int
    fuzzy: int
    stale: int
    untranslated: int
    obsolete: int
    changes: tuple[Change, ...]

    @property
    def complete(self) -> bool:
        """Every current entry translated and reviewed (obsolete ones do not reach output)."""
        return self.translated == self.total


def status(
    template: Catalog, po_path: Path | None, lang: str, below: Sequence[dict[str, Entry]] = ()
) -> CatalogStatus:
    """Compare a catalog with the current source strings.

    ``fuzzy``: marked for review (e.g. after ``i18n update`` found a changed source text);
    ``stale``: the source changed and the catalog was not updated yet; ``obsolete``: entries
    for keys that no longer exist. Entries that the catalogs ``below`` translate count as
    translated.
    """
    entries: dict[str, Message] = {}
    obsolete = 0
    if po_path is not None:
        catalog = read_catalog(po_path, lang)
        entries = {m.context: m for m in catalog if m.id and m.context is not None}
        obsolete = len(catalog.obsolete)
    translated = fuzzy = stale = untranslated = 0
    changes = []
    current = set()
    for message in template:
        if not message.id:
            continue
        current.add(message.context)
        entry = entries.get(message.context)
        if entry is None and _translated_below(below, message):
            translated += 1
        elif entry is None or not entry.string:
            untranslated += 1
        elif entry.id != message.id:
            stale += 1
            changes.append(Change(message.context, entry.id, message.id))
        elif entry.fuzzy:
            fuzzy += 1
            changes.append(Change(message.context, _previous(entry), message.id))
        else:
            translated += 1
    obsolete += sum(1 for key in entries if key not in current)
    total = translated + fuzzy + stale + untranslated
    return CatalogStatus(
        lang,
        template.domain or "",
        po_path,
        total,
        translated,
        fuzzy,
        stale,
        untranslated,
        obsolete,
        tuple(changes),
    )


def _translated_below(below: Sequence[dict[str, Entry]], message: Message) -> bool:
    return find_entry(below, message.context, message.id)[1] == State.TRANSLATED


def _previous(message: Message) -> str | None:
    """The ``#| msgid`` of an entry as one text (Babel keeps it as a list)."""
    previous = message.previous_id
    if isinstance(previous, list | tuple):
        return previous[0] if previous else None
    return previous or None


def target_languages(domain: str, policy_language: str) -> tuple[str, ...]:
    """The languages a domain is translated into (all but its source language)."""
    source = LABELS_SOURCE_LANGUAGE if domain == LABELS else policy_language
    return tuple(code for code in LANGUAGES if code != source)
