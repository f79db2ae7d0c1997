"""What changed since the previous kit: files added, removed, renamed, changed, and policy texts.

The manifest records every file's digest and every source text of the policy (and unit plans)
by key, with the materials that show it. Comparing a new build with the previous manifest tells
the International Office what to announce to departments, and ``changes.json`` keeps it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KitChanges", "TextChange", "compare", "source_texts"]


@dataclass(frozen=True)
class TextChange:
    """One source text of the policy or a unit plan that was added, removed or reworded."""

    key: str
    old: str | None  # None when the text is new
    new: str | None  # None when the text was removed
    materials: tuple[str, ...]  # the materials that show (or showed) it

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"key": self.key}
        if self.old is not None:
            entry["old"] = self.old
        if self.new is not None:
            entry["new"] = self.new
        entry["materials"] = list(self.materials)
        return entry


@dataclass(frozen=True)
class KitChanges:
    """The difference between the previous kit and the new one."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (old path, new path) of the same document
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    texts_added: tuple[TextChange, ...] = ()
    texts_removed: tuple[TextChange, ...] = ()
    texts_changed: tuple[TextChange, ...] = ()
    policy_before: Mapping[str, str] = field(default_factory=dict)
    policy_after: Mapping[str, str] = field(default_factory=dict)

    @property
    def nothing(self) -> bool:
        """True when the new kit is the previous one, file for file and text for text."""
        return not (
            self.added
            or self.removed
            or self.renamed
            or self.changed
            or self.texts_added
            or self.texts_removed
            or self.texts_changed
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "policy": {"before": dict(self.policy_before), "after": dict(self.policy_after)},
            "files": {
                "added": list(self.added),
                "removed": list(self.removed),
                "renamed": [{"from": old, "to": new} for old, new in self.renamed],
                "changed": list(self.changed),
                "unchanged": list(self.unchanged),
            },
            "texts": {
                "added": [change.as_json() for change in self.texts_added],
                "removed": [change.as_json() for change in self.texts_removed],
                "changed": [change.as_json() for change in self.texts_changed],
            },
        }


def source_texts(
    texts: Iterable[tuple[str, str]], shown_by: Mapping[str, Iterable[str]]
) -> dict[str, dict[str, Any]]:
    """The manifest's record of source texts: key -> digest, text and the materials showing it."""
    return {
        key: {
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "text": text,
            "materials": sorted(set(shown_by.get(key, ()))),
        }
        for key, text in sorted(texts)
    }


def _identity(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a file *is*, whatever its name: the same identity under a new path is a rename."""
    return (
        entry.get("material"),
        entry.get("lang"),
        entry.get("format"),
        entry.get("area"),
        entry.get("unit"),
    )


def compare(previous: Mapping[str, Any], current: Mapping[str, Any]) -> KitChanges:
    """Compare two manifests (the previous kit's and the new one's)."""
    old_files = {e["path"]: e for e in previous.get("files", []) if isinstance(e, dict)}
    new_files = {e["path"]: e for e in current["files"]}
    gone = [p for p in old_files if p not in new_files]
    came = [p for p in new_files if p not in old_files]
    renamed: list[tuple[str, str]] = []
    by_identity = {_identity(old_files[p]): p for p in gone}
    for path in list(came):
        old_path = by_identity.pop(_identity(new_files[path]), None)
        if old_path is not None:
            renamed.append((old_path, path))
            gone.remove(old_path)
            came.remove(path)
    both = [p for p in new_files if p in old_files]
    changed = [p for p in both if old_files[p].get("sha256") != new_files[p]["sha256"]]
    unchanged = [p for p in both if p not in changed]

    old_texts: Mapping[str, Any] = previous.get("texts") or {}
    new_texts: Mapping[str, Any] = current.get("texts") or {}

    def materials(key: str) -> tuple[str, ...]:
        found = set(new_texts.get(key, {}).get("materials", ()))
        found |= set(old_texts.get(key, {}).get("materials", ()))
        return tuple(sorted(found))

    texts_added, texts_changed, texts_removed = _compare_texts(old_texts, new_texts, materials)
    return KitChanges(
        added=_sorted(came),
        removed=_sorted(gone),
        renamed=tuple(sorted(renamed)),
        changed=_sorted(changed),
        unchanged=_sorted(unchanged),
        texts_added=tuple(texts_added),
        texts_removed=tuple(texts_removed),
        texts_changed=tuple(texts_changed),
        policy_before=dict(previous.get("policy") or {}),
        policy_after=dict(current.get("policy") or {}),
    )


def _compare_texts(
    old: Mapping[str, Any], new: Mapping[str, Any], materials: Callable[[str], tuple[str, ...]]
) -> tuple[list[TextChange], list[TextChange], list[TextChange]]:
    """Added, changed and removed texts, matched by wording as well as by key.

    Points without a key of their own are keyed by position, so removing one gives every later
    point a new key: a text found word for word under another key only moved. A key of one's
    own (not ending in a number) pairs its old and new text however different they are; a
    positional key pairs them first when they are alike (as ``msgmerge`` matches fuzzy
    entries), then with an alike text under another key, and last with whatever is left.
    """
    old_words = {entry.get("sha256") for entry in old.values()}
    new_words = {entry["sha256"] for entry in new.values()}
    gone = {k: e for k, e in old.items() if e.get("sha256") not in new_words}
    came = {k: e for k, e in new.items() if e["sha256"] not in old_words}
    changed: list[TextChange] = []
    for key in list(came):
        before = gone.get(key)
        if before is not None and (
            not _POSITIONAL.search(key) or _alike(before.get("text"), came[key]["text"])
        ):
            changed.append(
                TextChange(key, before.get("text"), came.pop(key)["text"], materials(key))
            )
            del gone[key]
    for key in list(came):
        text = came[key]["text"]
        best = max(gone, key=lambda k: _likeness(gone[k].get("text"), text), default=None)
        if best is not None and _alike(gone[best].get("text"), text):
            changed.append(TextChange(key, gone.pop(best).get("text"), text, materials(key)))
            del came[key]
    for key in [k for k in came if k in gone]:  # rewritten in place, past recognition
        changed.append(
            TextChange(key, gone.pop(key).get("text"), came.pop(key)["text"], materials(key))
        )
    added = [TextChange(k, None, e["text"], materials(k)) for k, e in came.items()]
    removed = [TextChange(k, e.get("text"), None, materials(k)) for k, e in gone.items()]
    return added, sorted(changed, key=lambda c: c.key), removed


_POSITIONAL = re.compile(r"\.\d+$")


def _likeness(a: object, b: str) -> float:
    from difflib import SequenceMatcher  # only when texts have changed

    return SequenceMatcher(None, a, b).ratio() if isinstance(a, str) else 0.0


def _alike(a: object, b: str) -> bool:
    return _likeness(a, b) >= 0.6


def _sorted(paths: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(paths))
