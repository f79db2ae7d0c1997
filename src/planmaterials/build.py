"""Building the kit: every material in every language and format, written all at once or not at all.

Everything is made in memory first, with the manifest and the change report; then
:mod:`~planmaterials.kitfolder` writes it into a temporary folder beside the output folder, which
replaces the output folder only when everything succeeded, so a failed build never leaves a
half-written kit behind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .changes import KitChanges, compare, source_texts
from .errors import PolicyError
from .i18n import POLICY, Catalogs, Lookup, State, kit_languages, language
from .inputs import fingerprint, plan_files
from .kitfolder import (
    CHANGES,
    KIT_ID,
    MANIFEST,
    NewKit,
    check_target,
    previous_manifest,
    write_kit,
)
from .listing import ListedFile, Listing, Translation
from .localize import LocalizedPolicy, localize
from .materials import BUNDLES, MATERIALS, Material, Scope, file_stem
from .model import ActionPlan, DevelopmentArea, Policy, iter_texts
from .parallel import each_language, fewer_collections
from .shown import recording

if TYPE_CHECKING:
    from .document import Document
    from .templating import Templates

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


def render(
    policy: Policy,
    langs: Sequence[str] | None = None,
    *,
    template_dirs: Sequence[Path] = (),
    locale_dirs: Sequence[Path] = (),
    plans: Sequence[ActionPlan] = (),
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Make every file of the kit in memory (nothing is written to disk).

    ``langs`` defaults to every supported language.

    Per language: every material, then the bundles, then the pages that list the kit with the
    bundles' sizes (each bundle holds its own copy of such a page, listing the bundle's files).
    """
    return _render(
        policy,
        langs,
        template_dirs=template_dirs,
        locale_dirs=locale_dirs,
        plans=plans,
        progress=progress,
    )


# Files as (path relative to the kit folder, bytes), handed to whatever stores them.
_Store = Callable[[Sequence[tuple[str, bytes]]], None]


@fewer_collections(pause=True)  # it allocates millions of objects (see parallel.py)
def _render(
    policy: Policy,
    langs: Sequence[str] | None = None,
    *,
    template_dirs: Sequence[Path] = (),
    locale_dirs: Sequence[Path] = (),
    plans: Sequence[ActionPlan] = (),
    progress: Callable[[str], None] | None = None,
    store: _Store | None = None,
) -> BuildResult:
    """:func:`render`, and with ``store``, each language's files handed to it when made.

    ``store`` is called by the process that made the language (see :mod:`.parallel`), so
    that writing hundreds of files, which is mostly the system's work, is spread over the
    cores too; it may be called again for a language made again after its process failed.
    """
    # Imported here, not at the top: the writers' libraries take a third of a second to import,
    # which a rebuild with nothing to do, or a command that writes no document, need not pay.
    from .templating import Templates

    langs = kit_languages() if langs is None else tuple(langs)
    _check_sources(langs, template_dirs, locale_dirs)
    templates = Templates(template_dirs)
    # Read every catalog and compile every template first: a broken one fails before any work.
    every_catalogs = {code: Catalogs.for_policy(policy, code, locale_dirs) for code in langs}
    for catalogs in every_catalogs.values():
        templates.compile_all(
            catalogs, {m.template_for(f) for m in MATERIALS.values() for f in m.formats}
        )
    makers = {
        code: _Maker(localize(policy, code, catalogs), templates, progress)
        for code, catalogs in every_catalogs.items()
    }

    def language(code: str, report: Callable[[str], None] | None) -> _Language:
        maker = makers[code]
        maker.progress = report
        made = _language_files(maker, makers, plans)
        if store is not None:
            store([(built.path, built.data) for built in made])
        return made, tuple(maker.localized.catalogs.missing())

    # The languages are independent: with two or more, they are made on two cores. The
    # writers' libraries are imported first, once, rather than in each process.
    from .writers import load

    load(_formats(plans))

    made = each_language(language, tuple(makers), progress)
    files = tuple(built for language_files, _ in made for built in language_files)
    missing = {code: lookups for code, (_, lookups) in zip(makers, made, strict=True)}
    return BuildResult(None, files, missing)


# One language's files, and the texts they show in the source language.
_Language = tuple[list["BuiltFile"], tuple[Lookup, ...]]


def _language_files(
    maker: _Maker, makers: dict[str, _Maker], plans: Sequence[ActionPlan]
) -> list[BuiltFile]:
    """Every file of one language: its materials, then its bundles, then the pages listing it."""
    code = maker.code
    made: list[BuiltFile] = []
    pages: list[_Job] = []  # the pages that list the kit are made after everything else
    for job in _jobs(maker.localized, plans):
        if job.material.lists_kit:
            pages.append(job)
        else:
            made.extend(maker.files(job))
    _refuse_duplicates(made)
    made.extend(_bundles(tuple(made), pages, maker))
    for job in pages:
        # The same page in the other languages, in their folders beside this one.
        translations = tuple(
            Translation(makers[other].localized.language, f"../{makers[other].paths(job)[0]}")
            for other in makers
            if other != code
        )
        listing = Listing(tuple(_listed(built) for built in made), None, translations)
        made.extend(maker.files(job, listing))
    _refuse_duplicates(made)
    return made


def _formats(plans: Sequence[ActionPlan]) -> set[str]:
    """The formats a build may write (those of the materials for unit plans only with plans)."""
    per_plan = {Scope.PLAN, Scope.PLANS}
    return {
        fmt
        for material in MATERIALS.values()
        if plans or not per_plan.issuperset(material.scopes)
        for fmt in material.formats
    }


def _check_sources(
    langs: Sequence[str], template_dirs: Sequence[Path], locale_dirs: Sequence[Path]
) -> None:
    """Refuse an unknown language or a missing folder before anything is read from them."""
    for code in langs:
        language(code)
    for kind, folders in (("templates", template_dirs), ("locales", locale_dirs)):
        for directory in folders:
            if not Path(directory).is_dir():
                raise PolicyError(f"the {kind} folder does not exist", file=directory)


def _refuse_duplicates(files: Sequence[BuiltFile]) -> None:
    seen: set[str] = set()
    twice: set[str] = set()
    for built in files:  # a set, not list.count(): a kit with unit plans has hundreds of files
        (twice if built.path in seen else seen).add(built.path)
    duplicates = sorted(twice)
    if duplicates:
        raise PolicyError(f"two materials would be written to {duplicates[0]}; rename one")


def _write(document: Document, fmt: str, policy: Policy, path: str) -> bytes:
    from .compose import layout_error
    from .document import LayoutError
    from .writers import write
    from .writers.pdf import PageOverflow  # reportlab's: a text too long for any page

    try:
        return write(document, fmt, policy.theme)
    except LayoutError as error:
        # Text a writer could not fit (a poster panel): the policy file and area to shorten.
        raise layout_error(error, policy) from error
    except PageOverflow as exc:
        # A text too long for any page (a title in a running header...): the policy's to fix.
        raise PolicyError(
            f"{path} cannot be laid out: a text is too long for its page ({str(exc)[:80]}…); "
            "shorten the longest titles or texts",
            file=policy.source,
        ) from None


class _Maker:
    """Makes the files of one language: composes each template once and writes each format."""

    def __init__(
        self,
        localized: LocalizedPolicy,
        templates: Templates,
        progress: Callable[[str], None] | None,
    ) -> None:
        self.localized = localized
        self.templates = templates
        self.progress = progress

    @property
    def code(self) -> str:
        return self.localized.language.code

    def title(self, job: _Job) -> str:
        """The file's translated name, as a reader sees it."""
        title = self.localized.catalogs.pgettext(*job.material.name)
        if job.area is not None:
            title = title.replace("{area}", job.area.title)
        if job.plan is not None and job.unit is not None:
            title = f"{title} – {job.plan.owner}"
        return title

    def paths(self, job: _Job) -> list[str]:
        """The job's files, relative to the kit folder, one per format."""
        material, area = job.material, job.area
        stem = material.fixed_stem or file_stem(
            self.localized.catalogs.pgettext(*material.name),
            area.file_slug(self.code) if area else None,
        )
        if job.unit is not None:
            stem = f"{stem}-{job.unit}"
        return [f"{self.code}/{stem}.{fmt}" for fmt in material.formats]

    def files(
        self, job: _Job, listing: Listing | None = None, *, report: bool = True
    ) -> Iterator[BuiltFile]:
        from .compose import compose

        material, area = job.material, job.area
        # template -> the document and the catalog entries it shows, composed once
        documents: dict[str, tuple[Document, frozenset[tuple[str, str]]]] = {}
        for fmt, path in zip(material.formats, self.paths(job), strict=True):
            template = material.template_for(fmt)
            if template not in documents:
                with recording() as shown:
                    document = compose(
                        material,
                        self.localized,
                        area=area,
                        plan=job.plan,
                        plans=job.plans,
                        templates=self.templates,
                        format=fmt,
                        listing=listing,
                    )
                documents[template] = document, frozenset(shown)
            document, shows = documents[template]
            if self.progress and report:
                self.progress(path)
            data = _write(document, fmt, self.localized.policy, path)
            yield BuiltFile(
                path,
                material.id,
                self.code,
                fmt,
                area.id if area else None,
                data,
                job.unit,
                shows,
                title=self.title(job),
            )


def _listed(built: BuiltFile) -> ListedFile:
    """A file as a page in its language's folder (or in a bundle) links to it."""
    return ListedFile(
        name=built.path.split("/", 1)[1],
        title=built.title,
        material=built.material,
        format=built.format,
        size=len(built.data),
        area=built.area,
        unit=built.unit,
        contains=tuple(_listed(member) for member in built.members),
    )


def _bundles(
    files: Sequence[BuiltFile], pages: Sequence[_Job], maker: _Maker
) -> Iterator[BuiltFile]:
    """One zip per bundle of the files of one language, in the bundle's order.

    Each bundle opens with the pages that list the kit, made for the bundle: they list the
    bundle's other files, and their links work when the zip is unpacked (it is flat, like the
    language's folder).
    """
    from .writers.package import zip_files

    catalogs = maker.localized.catalogs
    for bundle in BUNDLES.values():
        members = [
            built
            for material_id, fmt in bundle.contents
            for built in files
            if (built.material, built.format, built.unit) == (material_id, fmt, None)
        ]
        if bundle.complete:
            chosen = {id(built) for built in members}
            members += [b for b in files if id(b) not in chosen and b.unit is None]
        if not members:
            continue
        listing = Listing(tuple(_listed(built) for built in members), bundle)
        own = [page for job in pages for page in maker.files(job, listing, report=False)]
        members = [*own, *members]
        path = f"{maker.code}/{file_stem(catalogs.pgettext(*bundle.name))}.zip"
        if maker.progress:
            maker.progress(path)
        entries = [(built.path.split("/", 1)[1], built.data) for built in members]
        data = zip_files(entries, maker.localized.policy.adopted)
        yield BuiltFile(
            path,
            f"bundle-{bundle.id}",
            maker.code,
            "zip",
            None,
            data,
            contains=tuple(name for name, _ in entries),
            own=tuple(
                (page.path.split("/", 1)[1], hashlib.sha256(page.data).hexdigest()) for page in own
            ),
            title=catalogs.pgettext(*bundle.name),
            members=tuple(members),
        )


@dataclass(frozen=True)
class _Job:
    """One document to make: a material, and the area or unit plan(s) it is made for."""

    material: Material
    area: DevelopmentArea | None = None
    plan: ActionPlan | None = None
    plans: tuple[ActionPlan, ...] = ()
    unit: str | None = None  # the unit plan's key, added to the file name


def _jobs(localized: LocalizedPolicy, plans: Sequence[ActionPlan]) -> Iterator[_Job]:
    """Every document of one language, in the catalogue's order, as each material's scopes say."""
    policy = localized.policy
    translated = tuple(localized.translate_plan(plan) for plan in plans)
    for material in MATERIALS.values():
        for scope in material.scopes:
            if scope is Scope.KIT and material.applies_to(policy):
                yield _Job(material)
            elif scope is Scope.AREA:
                yield from (_Job(material, area=area) for area in policy.areas)
            elif scope is Scope.PLAN:
                yield from (
                    _Job(material, plan=plan, unit=source.id)
                    for plan, source in zip(translated, plans, strict=True)
                )
            elif scope is Scope.PLANS and plans:
                yield _Job(material, plans=translated)


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
    inputs = [*template_dirs, *locale_dirs]
    if plans_dir is not None:
        inputs.append(Path(plans_dir))
    if isinstance(policy, Policy):
        inputs.extend([policy.source] if policy.source else [])
    elif policy is not None:
        inputs.append(Path(policy))
    # Refuse a folder the build may not replace before any work is done.
    check_target(Path(out), inputs)
    out = Path(out)
    previous = previous_manifest(out)
    langs = kit_languages() if langs is None else tuple(langs)
    reused = None
    if previous is not None and not isinstance(policy, Policy):
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
        outputs += _records(_manifest_bytes(manifest, out), changes)
        write_kit(out, outputs)  # left in place when nothing differs
        return BuildResult(out, result.files, result.missing, changes)
    policy, plans, inputs_digest = _read_inputs(
        policy, plans_dir, langs, template_dirs, locale_dirs
    )
    with NewKit(out) as kit:
        # Each language's files are written as soon as they are made, by the process that
        # made them; the new folder replaces ``out`` only when the whole kit is there.
        result = _render(
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

    policy_file = None if isinstance(policy, Policy) or policy is None else Path(policy)
    loaded = not isinstance(policy, Policy)
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    plans = load_plans(Path(plans_dir), policy) if plans_dir is not None else ()
    _check_sources(langs, template_dirs, locale_dirs)
    if not loaded:
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


def _manifest_bytes(manifest: dict[str, Any], reused_from: Path | None) -> bytes:
    """The manifest as written; a reused kit's own manifest file when it holds the same data.

    Writing JSON with indents is slow in Python (the C encoder writes no indents), and a
    kit's manifest is large when it lists unit plans: a rebuild with nothing to do keeps the
    bytes it already has.
    """
    if reused_from is not None:
        try:
            data = (reused_from / MANIFEST).read_bytes()
            if json.loads(data) == manifest:
                return data
        except (OSError, ValueError):
            pass
    return _json(manifest)


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
