"""Building the kit: every material in every language and format, written all at once or not at all.

Everything is made in memory first, with the manifest and the change report; then
:mod:`~planmaterials.kitfolder` writes it into a temporary folder beside the output folder, which
replaces the output folder only when everything succeeded, so a failed build never leaves a
half-written kit behind.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .changes import KitChanges, compare, source_texts
from .errors import PolicyError
from .i18n import POLICY, Lookup, State, kit_languages
from .inputs import fingerprint, plan_files
from .kitfolder import (
    CHANGES,
    KIT_ID,
    MANIFEST,
    NewKit,
    check_target,
    check_writable,
    previous_manifest_file,
    write_kit,
)
from .parallel import fewer_collections

if TYPE_CHECKING:
    from .model import ActionPlan, Policy
    from .rendering import render

__all__ = ["BuildResult", "BuiltFile", "IncompleteTranslations", "build", "render"]


class IncompleteTranslations(PolicyError):
    """A strict build found texts shown in their source language; nothing was written."""

    def __init__(self, message: str, result: BuildResult) -> None:
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class BuiltFile:
    """One file of the kit, as listed in the manifest."""

    path: str  # relative to the output folder, with forward slashes
    material: str
    lang: str
    format: str
    area: str | None
    data: bytes = field(repr=False)
    unit: str | None = None
    # The catalog entries ``(domain, key)`` whose texts the file shows.
    shows: frozenset[tuple[str, str]] = field(default=frozenset(), repr=False)
    contains: tuple[str, ...] | None = None  # a bundle's entry names, in order
    # a bundle's entries made for it (its start-here page), by name with their SHA-256: they are
    # not copies of the kit's files of that name
    own: tuple[tuple[str, str], ...] = ()
    title: str = field(default="", compare=False)  # its translated name, for pages that list it
    # a bundle's files (its pages made for it first), for pages that list what it holds
    members: tuple[BuiltFile, ...] = field(default=(), repr=False, compare=False)

    def manifest_entry(self) -> dict[str, object]:
        entry: dict[str, object] = {
            "path": self.path,
            "material": self.material,
            "lang": self.lang,
            "format": self.format,
            "area": self.area,
            "bytes": len(self.data),
            "sha256": hashlib.sha256(self.data).hexdigest(),
        }
        if self.unit is not None:
            entry["unit"] = self.unit
        if self.contains is not None:
            entry["contains"] = list(self.contains)
        if self.own:
            entry["own"] = dict(self.own)
        return entry


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and which strings fell back to their source language."""

    out: Path | None
    files: tuple[BuiltFile, ...]
    missing: dict[str, tuple[Lookup, ...]]  # lang -> lookups that were not translated
    # What changed since the kit that was in ``out`` (None when there was none).
    changes: KitChanges | None = None


@fewer_collections(pause=True)  # reading plans and writing the manifest allocate much too
def build(
    policy: Policy | str | Path | None = None,
    out: str | Path = "out",
    langs: Sequence[str] | None = None,
    *,
    template_dirs: Sequence[Path] = (),
    locale_dirs: Sequence[Path] = (),
    plans_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build the whole kit into ``out`` (replaced only when everything succeeded).

    With ``strict``, any text shown in its source language (untranslated, or fuzzy: its
    translation awaits review) raises :class:`IncompleteTranslations` and nothing is written.

    ``out`` must be missing, empty or hold a previous kit and nothing else; otherwise, or when an
    input file lies inside it, :class:`PolicyError` is raised before anything is written.

    ``policy`` is a :class:`Policy`, a path to a policy file, or None for the embedded default.
    """
    given = _is_policy(policy)
    inputs = [*template_dirs, *locale_dirs]
    if plans_dir is not None:
        inputs.append(Path(plans_dir))
    if given:
        inputs.extend([policy.source] if policy.source else [])  # type: ignore[union-attr]
    elif policy is not None:
        inputs.append(Path(policy))
    out = Path(out)
    found = previous_manifest_file(out)
    previous = None if found is None else found[0]
    # Refuse a folder the build may not replace before any work is done (whether a new kit
    # can be written beside it is found out when one is to be made).
    check_target(out, inputs, writable=False, manifest=previous)
    langs = kit_languages() if langs is None else tuple(langs)
    reused = None
    if previous is not None and not given:
        # When the input files are those the previous kit was made from, it is reused without
        # reading them (a rebuild with nothing to do does not even load the YAML reader).
        recorded = _digest_as_recorded(
            policy, plans_dir, langs, template_dirs, locale_dirs, previous
        )
        reused = _reuse(out, previous, recorded)
    if reused is not None:
        # Every input is as the kit's manifest records: the kit would come out the same.
        result, manifest = reused
        if progress:
            for built in result.files:
                progress(built.path)
        _refuse_incomplete(result, strict)
        changes = compare(previous, manifest) if previous is not None else None
        outputs = [(built.path, built.data) for built in result.files]
        # The manifest is the one read from the kit: its file's bytes are kept, not written anew.
        assert found is not None  # a kit is reused only when its manifest was read
        outputs += _records(found[1], changes)
        write_kit(out, outputs)  # left in place when nothing differs
        return BuildResult(out, result.files, result.missing, changes)
    check_writable(out)
    policy, plans, inputs_digest = _read_inputs(
        policy, plans_dir, langs, template_dirs, locale_dirs
    )
    from . import rendering  # the writers' set-up: a kit reused never imports it

    with NewKit(out) as kit:
        # Each language's files are written as soon as they are made, by the process that
        # made them; the new folder replaces ``out`` only when the whole kit is there.
        result = rendering._render(
            policy,
            langs,
            template_dirs=template_dirs,
            locale_dirs=locale_dirs,
            plans=plans,
            progress=progress,
            store=kit.add,
        )
        _refuse_incomplete(result, strict)
        manifest = _manifest(policy, plans, result.files, result.missing, inputs_digest)
        changes = compare(previous, manifest) if previous is not None else None
        kit.finish(_records(_json(manifest), changes))
    return BuildResult(out, result.files, result.missing, changes)


def _is_policy(policy: object) -> bool:
    """Whether ``policy`` is a :class:`Policy` object (not a file name), without importing the
    model for a file name: a rebuild with nothing to do never needs it."""
    if policy is None or isinstance(policy, str | os.PathLike):
        return False
    from .model import Policy

    return isinstance(policy, Policy)


def _refuse_incomplete(result: BuildResult, strict: bool) -> None:
    """With ``strict``, refuse a kit that shows texts in their source language."""
    if strict and any(result.missing.values()):
        count = sum(len(lookups) for lookups in result.missing.values())
        raise IncompleteTranslations(
            f"{count} texts would be shown in their source language; the kit was not written",
            result,
        )


def _records(manifest: bytes, changes: KitChanges | None) -> list[tuple[str, bytes]]:
    """The kit's own files: the manifest, and the change report when a kit was replaced."""
    written = [(MANIFEST, manifest)]
    if changes is not None:
        written.append((CHANGES, _json(changes.as_json())))
    return written


def _read_inputs(
    policy: Policy | str | Path | None,
    plans_dir: str | Path | None,
    langs: Sequence[str],
    template_dirs: Sequence[Path],
    locale_dirs: Sequence[Path],
) -> tuple[Policy, tuple[ActionPlan, ...], str | None]:
    """The policy and unit plans, read, and the fingerprint of the build's inputs (None for a
    policy given as an object, whose file's bytes may not be what it holds)."""
    from .loader import load_plans, load_policy  # here: a kit reused reads no YAML
    from .rendering import check_sources

    given = _is_policy(policy)
    policy_file = None if given or policy is None else Path(policy)  # type: ignore[arg-type]
    if not given:
        policy = load_policy(policy)  # type: ignore[arg-type]
    plans = load_plans(Path(plans_dir), policy) if plans_dir is not None else ()
    check_sources(langs, template_dirs, locale_dirs)
    if given:
        return policy, plans, None
    files = plan_files(Path(plans_dir)) if plans_dir is not None else ()
    try:
        digest = fingerprint(
            policy_file, files, langs, template_dirs, locale_dirs, policy.theme.logo
        )
    except (OSError, ValueError):  # a file changed since it was read: never reuse this kit
        digest = None
    return policy, plans, digest


def _digest_as_recorded(
    policy: str | Path | None,
    plans_dir: str | Path | None,
    langs: Sequence[str],
    template_dirs: Sequence[Path],
    locale_dirs: Sequence[Path],
    previous: dict[str, Any],
) -> str | None:
    """The inputs' fingerprint, taking the logo from the previous kit's manifest (None when the
    files cannot be read: the build then reads its inputs and reports what is wrong).

    Only the policy file names its logo; with the policy's bytes and path unchanged, it names
    the same one.
    """
    if not all(Path(folder).is_dir() for folder in (*template_dirs, *locale_dirs)):
        return None  # a folder missing is a mistake the build reports when it reads its inputs
    logo = previous.get("logo")
    try:
        files = plan_files(Path(plans_dir)) if plans_dir is not None else ()
        return fingerprint(
            None if policy is None else Path(policy),
            files,
            langs,
            template_dirs,
            locale_dirs,
            Path(logo) if isinstance(logo, str) else None,
        )
    except (OSError, ValueError):
        return None


def _json(data: object) -> bytes:
    from .jsontext import indented_json  # json.dumps(indent=2, ensure_ascii=False), quicker

    return (indented_json(data) + "\n").encode("utf-8")


def _reuse(
    out: Path, previous: dict[str, Any] | None, inputs_digest: str | None
) -> tuple[BuildResult, dict[str, Any]] | None:
    """The previous kit, when it was made from exactly these inputs and is intact on disk."""
    if (
        previous is None
        or inputs_digest is None
        or previous.get("inputs") != inputs_digest
        or previous.get("kit") != KIT_ID
    ):
        return None
    try:
        # The manifest keeps which files show each untranslated text, not every file's texts:
        # enough for the warnings, which are all a reused kit's ``shows`` is needed for.
        shows: dict[str, set[tuple[str, str]]] = {}
        for items in previous["untranslated"].values():
            for item in items:
                for path in item["files"]:
                    shows.setdefault(path, set()).add((item["domain"], item["key"]))
        files = []
        for entry in previous["files"]:
            data = (out / entry["path"]).read_bytes()
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                return None  # someone changed a file of the kit: make it anew
            contains = entry.get("contains")
            files.append(
                BuiltFile(
                    entry["path"],
                    entry["material"],
                    entry["lang"],
                    entry["format"],
                    entry["area"],
                    data,
                    entry.get("unit"),
                    frozenset(shows.get(entry["path"], ())),
                    tuple(contains) if contains is not None else None,
                )
            )
        missing = {
            lang: tuple(
                Lookup(item["key"], item["text"], State(item["state"]), item["domain"])
                for item in items
            )
            for lang, items in previous["untranslated"].items()
        }
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return BuildResult(out, tuple(files), missing), previous


def _manifest(
    policy: Policy,
    plans: Sequence[ActionPlan],
    files: Sequence[BuiltFile],
    missing: dict[str, tuple[Lookup, ...]],
    inputs_digest: str | None,
) -> dict[str, object]:
    """The kit's manifest: what the kit is of, every file, every source text by key, the texts
    shown untranslated, and the fingerprint of the inputs it was made from."""
    shown_by: dict[str, set[str]] = {}
    # Which files show each untranslated text, found per file by one set intersection: with
    # many unit plans there are thousands of such texts and hundreds of files.
    untranslated = {
        lang: {(found.domain, found.key) for found in lookups} for lang, lookups in missing.items()
    }
    shown_in: dict[tuple[str, str, str], list[str]] = {}
    for built in files:
        for domain, key in built.shows:
            if domain == POLICY:
                shown_by.setdefault(key, set()).add(built.material)
        for domain, key in built.shows & untranslated.get(built.lang, frozenset()):
            shown_in.setdefault((built.lang, domain, key), []).append(built.path)
    from .model import iter_texts

    texts = [*iter_texts(policy), *(text for plan in plans for text in iter_texts(plan))]
    return {
        "kit": KIT_ID,
        "policy": {
            "organisation": policy.organisation.name,
            "title": policy.title,
            "version": policy.version,
            "adopted": policy.adopted.isoformat(),
            "language": policy.language,
        },
        "files": [built.manifest_entry() for built in files],
        "texts": source_texts(texts, shown_by),
        "untranslated": {
            lang: [
                {
                    "domain": found.domain,
                    "key": found.key,
                    "state": str(found.state),
                    "text": found.text,
                    "files": sorted(shown_in.get((lang, found.domain, found.key), ())),
                }
                for found in lookups
            ]
            for lang, lookups in missing.items()
        },
        "inputs": inputs_digest,
        # The logo the policy names, so that a rebuild can check its inputs before reading
        # the policy (see _digest_as_recorded); written only for a policy with a logo.
        **({"logo": str(policy.theme.logo)} if policy.theme.logo is not None else {}),
    }


def __getattr__(name: str) -> object:
    # render() lives with the rest of the rendering (rendering.py), imported on first use.
    if name == "render":
        from .rendering import render

        return render
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
