"""Making the kit's files in memory: every material in every language and format, and the bundles.

:func:`render` is what :func:`~planmaterials.build.build` calls when the kit must be made anew
(a rebuild with nothing to do imports none of this). Per language: every material, then the
bundles, then the pages that list the kit; the languages are made side by side when a second
core is free (see :mod:`.parallel`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .build import BuildResult, BuiltFile
from .errors import PolicyError
from .i18n import Catalogs, Lookup, kit_languages, language
from .listing import ListedFile, Listing, Translation
from .localize import LocalizedPolicy, localize
from .materials import BUNDLES, MATERIALS, Material, Scope, file_stem
from .model import ActionPlan, DevelopmentArea, Policy
from .parallel import each_language, fewer_collections
from .shown import recording

if TYPE_CHECKING:
    from .document import Document
    from .templating import Templates

__all__ = ["render"]


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
    check_sources(langs, template_dirs, locale_dirs)
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


def check_sources(
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
