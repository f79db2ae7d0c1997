"""A locales folder as a whole: the catalogs a project keeps, updated, extracted and checked.

A user's folder sits on top of the shipped catalogs. Its ``policy`` catalogs translate the
user's policy and start from every translation available (the folder's own, then the shipped
one: the same text's translation as it is, a changed text's as fuzzy with the text it was made
from). Its ``labels`` catalogs hold only what the user adds or translates differently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicyError
from ..model import ActionPlan, Policy
from .catalogs import (
    CatalogStatus,
    annotate,
    extract,
    merge,
    same_entries,
    status,
    target_languages,
)
from .languages import LABELS, POLICY
from .lookup import CatalogLayer, catalog_dirs, find_catalogs, is_default_policy, read_layer
from .pofile import PoFile, read_po, write_po

__all__ = [
    "CatalogMismatch",
    "Project",
    "extract_templates",
    "folder_status",
    "source_catalogs",
    "update_folder",
]

# A catalog whose finished translations would mostly stop being finished belongs to another
# policy (a forgotten --policy), unless the policy really was rewritten: refuse, unless forced.
_MISMATCH_MINIMUM = 4


# The PO header field that records which policy file a folder's policy catalogs translate,
# relative to the folder ("-" for the embedded default policy).
POLICY_FIELD = "X-Policy"


class CatalogMismatch(PolicyError):
    """An update would merge a catalog with a policy it does not translate."""

    def __init__(self, message: str, *, file: Path, policy: Path | None = None) -> None:
        super().__init__(message, file=file)
        self.policy = policy  # the policy file the catalog says it translates, if it exists


@dataclass(frozen=True)
class Project:
    """What the catalog commands work on: a policy, unit plans, templates and catalog folders."""

    policy: Policy
    plans: tuple[ActionPlan, ...] = ()
    template_dirs: tuple[Path, ...] = ()
    locale_dirs: tuple[Path, ...] = ()  # the user's; the first is the one written
    code: tuple[Path, ...] = field(default_factory=lambda: (_materials_module(),))

    @property
    def target(self) -> Path:
        """The folder ``update`` and ``extract`` write into; never the installed package."""
        if not self.locale_dirs:
            raise PolicyError(
                "give the folder for your catalogs with --locales DIR (the shipped catalogs are "
                "part of the installed package and are not changed)"
            )
        return Path(self.locale_dirs[0])

    def shipped_is_target(self) -> bool:
        from ..resources import shipped

        return _same(self.target, shipped("locales"))


def _materials_module() -> Path:
    return Path(__file__).resolve().parents[1] / "materials.py"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def source_catalogs(project: Project, *, annotated: bool = True) -> dict[str, PoFile]:
    """The current source strings of both domains, each noting which materials show it."""
    from ..resources import template_path

    templates = extract(
        project.policy, template_path(project.template_dirs), project.code, project.plans
    )
    if annotated:
        shown_in = _shown_in(project)
        for domain, template in templates.items():
            annotate(template, domain, shown_in)
    return templates


def _shown_in(project: Project) -> dict[tuple[str, str], set[str]]:
    """Which materials show each catalog entry, from a build in the policy's own language."""
    from ..build import render

    # Materials made only from unit plans (the follow-up) show their labels with the policy's
    # own example plan standing in when no plans are given.
    example = (project.policy.plan,) if project.policy.plan is not None else ()
    result = render(
        project.policy,
        (project.policy.language,),
        template_dirs=project.template_dirs,
        plans=project.plans or example,
    )
    shown_in: dict[tuple[str, str], set[str]] = {}
    for built in result.files:
        for entry in built.shows:
            shown_in.setdefault(entry, set()).add(built.material)
    return shown_in


def extract_templates(project: Project) -> list[tuple[Path, bool]]:
    """Write the source strings as ``<domain>.pot`` into the target folder."""
    written = []
    for domain, template in source_catalogs(project).items():
        path = project.target / f"{domain}.pot"
        written.append((path, write_po(path, template)))
    return written


def _layers(
    project: Project, lang: str, domain: str
) -> tuple[list[CatalogLayer], list[CatalogLayer]]:
    """The catalogs under the target (``below``) and those to seed a new entry from."""
    dirs = catalog_dirs(project.policy, project.locale_dirs)[domain]
    under = [d for d in dirs if not _same(d, project.target)]
    below = [read_layer(path) for path in find_catalogs(under, lang, domain)]
    if domain == LABELS:
        return below, []
    from ..resources import shipped

    # Any policy's catalog may start from the shipped translations of the same texts.
    seed_dirs = [*under, *([] if project.shipped_is_target() else [shipped("locales")])]
    seeds = [read_layer(p) for p in find_catalogs(dict.fromkeys(seed_dirs), lang, domain)]
    return below, seeds


def _merged(
    project: Project, template: PoFile, lang: str, domain: str
) -> tuple[Path, PoFile | None, PoFile, list[CatalogLayer]]:
    path = project.target / lang / "LC_MESSAGES" / f"{domain}.po"
    own = read_po(path) if path.is_file() else None
    below, seeds = _layers(project, lang, domain)
    merged = merge(template, own, lang, domain, seeds=seeds, below=below)
    return path, own, merged, below


def update_folder(project: Project, *, force: bool = False) -> list[tuple[Path, bool]]:
    """Bring every catalog of the target folder in step with the sources, by key.

    Returns each catalog written or checked and whether its bytes changed. A file is never
    rewritten when nothing in it changed.
    """
    templates = source_catalogs(project)
    planned = []
    for domain in (LABELS, POLICY):
        for lang in target_languages(domain, project.policy.language):
            path, own, merged, _below = _merged(project, templates[domain], lang, domain)
            if own is None and not merged.entries:
                continue  # nothing to translate here: the catalogs below have it all
            if domain == POLICY:
                if own is not None and not force:
                    _refuse_other_policy(project, path, own)
                    _refuse_mismatch(path, own, merged)
                merged.set_header_field(POLICY_FIELD, _policy_identity(project))
            planned.append((path, merged))
    return [(path, write_po(path, merged)) for path, merged in planned]


def _policy_identity(project: Project) -> str:
    """The policy file as seen from the target folder, or "-" for the embedded default."""
    source = project.policy.source
    if source is None or is_default_policy(project.policy):
        return "-"
    return Path(os.path.relpath(source.resolve(), project.target.resolve())).as_posix()


def _refuse_other_policy(project: Project, path: Path, own: PoFile) -> None:
    recorded = own.header_field(POLICY_FIELD)
    if recorded is None or recorded == _policy_identity(project):
        return
    if recorded == "-":
        return  # a policy that starts as a copy of the default takes its catalogs over
    recorded_path = Path(os.path.normpath(project.target.absolute() / recorded))
    given = (
        project.policy.source
        if not is_default_policy(project.policy)
        else "the embedded default policy"
    )
    raise CatalogMismatch(
        f"this catalog translates the policy {recorded_path}, not {given}; give that one "
        "with --policy (or update with --force if the policy moved)",
        file=path,
        policy=recorded_path if recorded_path.is_file() else None,
    )


def _refuse_mismatch(path: Path, own: PoFile, merged: PoFile) -> None:
    finished = {
        e.context: e.string for e in own.current() if e.string and not e.fuzzy and e.context
    }
    still = {e.context: e.string for e in merged.current() if e.string and not e.fuzzy}
    lost = [key for key, text in finished.items() if still.get(key) != text]
    if len(finished) >= _MISMATCH_MINIMUM and 2 * len(lost) > len(finished):
        raise CatalogMismatch(
            f"this catalog looks made for another policy: {len(lost)} of its "
            f"{len(finished)} finished translations would become fuzzy or obsolete. "
            "Give the policy it translates with --policy; if the policy really changed this "
            "much, update with --force",
            file=path,
        )


def folder_status(project: Project) -> list[CatalogStatus]:
    """The status of each catalog that serves the project, as the build sees it."""
    templates = source_catalogs(project, annotated=False)
    results = []
    for domain in (LABELS, POLICY):
        dirs = catalog_dirs(project.policy, project.locale_dirs)[domain]
        for lang in target_languages(domain, project.policy.language):
            found = find_catalogs(dirs, lang, domain)
            path = found[0] if found else None
            up_to_date = True
            if project.locale_dirs:
                _path, own, merged, _below = _merged(project, templates[domain], lang, domain)
                up_to_date = same_entries(own, merged) if own else not merged.entries
            below = [read_layer(p) for p in found[1:]]
            results.append(
                status(templates[domain], path, lang, domain, below=below, up_to_date=up_to_date)
            )
    return results
