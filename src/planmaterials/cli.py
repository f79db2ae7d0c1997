"""The command line: ``planmaterials init | build | check | plans import | i18n ...``."""

from __future__ import annotations

import argparse
import gc
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .build import BuildResult, IncompleteTranslations, build
from .config import CONFIG_NAME, DEFAULT_OUT, find_config, load_config
from .errors import PolicyError
from .i18n import State, kit_languages
from .parallel import process_ends_with_work
from .report import Progress, summary

# Catalog upkeep and project scaffolding are imported by their commands: a build needs neither.
if TYPE_CHECKING:
    from .i18n.folder import Project

__all__ = ["main"]

EXIT_USER_ERROR = 2
# A strict build that finds untranslated or fuzzy texts: like a failing check (``i18n status
# --check``, Sphinx's -W, MkDocs' --strict), not a mistake in the user's files.
EXIT_INCOMPLETE = 1


def _langs(value: str) -> tuple[str, ...]:
    langs = tuple(part.strip() for part in value.split(",") if part.strip())
    if not langs:
        raise argparse.ArgumentTypeError("give at least one language, e.g. sv,en")
    return langs


_DESCRIPTIONS = {
    "plans import": (
        "Read filled action-plan templates (as Word or LibreOffice saved them, in any language "
        "of the kit) into plan files that 'build --plans' reads, one <key>.yaml per unit, the "
        "key given with --key or made from the unit's name; and returned follow-up forms into "
        "the status and comment "
        "of each activity of their plan file. Every file is read first: anything that cannot "
        "be read is listed by file, table, row and field, and then nothing is written (exit "
        "status 2)."
    ),
    "check": (
        "'check DIR' checks a built kit without trusting the builder: every file the manifest "
        "lists is there, unchanged, and nothing else; every document opens and declares its "
        "language and title; PDFs are tagged with embedded fonts and extractable text; zips hold "
        "exactly the files they list; headings do not skip levels, tables have header rows, "
        "slides have unique titles and text colours have a contrast of at least 4.5:1. Exit "
        "status 1 names each problem. 'check' without DIR (optionally with --policy FILE and the "
        "other options) validates the policy and renders every file, writing nothing."
    ),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planmaterials",
        description="Build the bilingual kit of workshop and action-plan materials from a policy.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser(
        "init",
        help="start a project folder that builds as it is",
        description=f"Write {CONFIG_NAME}, the default policy as policy.yaml, the example unit "
        "plans and their complete catalogs into a new or empty folder.",
    )
    init.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=Path("."),
        metavar="DIR",
        help="the project folder, new or empty (default: the current folder)",
    )
    init.add_argument(
        "--force",
        action="store_true",
        help="also write into a folder that holds other files (none is ever overwritten)",
    )

    # Options left unset (None) are taken from the project file, then from the defaults.
    def add_sources(
        sub: argparse.ArgumentParser,
        *,
        locales_help: str,
        repeat: bool,
        plans_help: str = "folder of unit plan files",
    ) -> None:
        sub.epilog = (
            f"Options not given are taken from the project file ({CONFIG_NAME}) if there is "
            "one, otherwise from the defaults."
        )
        sub.add_argument(
            "--config",
            type=Path,
            metavar="FILE",
            help=f"project file (default: {CONFIG_NAME} in the current folder, if there is one)",
        )
        sub.add_argument("--policy", type=Path, help="policy file (default: the embedded one)")
        sub.add_argument("--plans", type=Path, metavar="DIR", help=plans_help)
        sub.add_argument(
            "--templates",
            type=Path,
            action="append",
            metavar="DIR",
            help="folder of templates that override the shipped ones file by file",
        )
        locales = {"action": "append"} if repeat else {}
        sub.add_argument("--locales", type=Path, metavar="DIR", help=locales_help, **locales)
        sub.set_defaults(locales_is_list=repeat)

    for name, help_text in (
        ("build", "build the kit into a folder"),
        ("check", "check a built kit (check DIR), or validate the policy and render it all"),
    ):
        sub = commands.add_parser(
            name, help=help_text, description=_DESCRIPTIONS.get(name, help_text)
        )
        if name == "check":
            sub.add_argument(
                "kit",
                nargs="?",
                type=Path,
                metavar="DIR",
                help="a built kit to check; without it, the policy is checked instead",
            )
        add_sources(
            sub,
            locales_help="folder of catalogs (<lang>/LC_MESSAGES/*.po) over the shipped ones",
            repeat=True,
        )
        sub.add_argument(
            "--lang", type=_langs, default=None, help=f"e.g. {','.join(kit_languages())}"
        )
        if name == "build":
            sub.add_argument("--out", type=Path, help=f"default: {DEFAULT_OUT}")
            sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
            sub.add_argument(
                "--check", action="store_true", help="check the built kit as 'check DIR' does"
            )
            sub.add_argument(
                "--strict",
                action="store_true",
                help="fail (exit 1, writing nothing) if any text is untranslated or fuzzy",
            )

    plans = commands.add_parser("plans", help="read filled plan templates and follow-up forms")
    plans_commands = plans.add_subparsers(dest="plans_command", required=True, metavar="ACTION")
    plans_import = plans_commands.add_parser(
        "import",
        help="read filled action-plan templates and returned follow-up forms into plan files",
        description=_DESCRIPTIONS["plans import"],
    )
    plans_import.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE.docx",
        help="filled action-plan templates and returned follow-up forms",
    )
    add_sources(
        plans_import,
        locales_help="folder of catalogs (<lang>/LC_MESSAGES/*.po) over the shipped ones",
        repeat=True,
        plans_help="folder of the plan files the follow-up forms update (default: --out)",
    )

    plans_import.add_argument(
        "--out",
        dest="target",
        type=Path,
        metavar="DIR",
        help="folder to write the plan files to (default: the plans folder, --plans or the "
        "project file's)",
    )
    plans_import.add_argument(
        "--key", help="the plan key (and file name) of a template's plan; one file only"
    )
    plans_import.add_argument(
        "--replace", action="store_true", help="replace a plan file a template would overwrite"
    )

    i18n = commands.add_parser("i18n", help="maintain the translation catalogs")
    i18n_commands = i18n.add_subparsers(dest="i18n_command", required=True, metavar="ACTION")
    for name, help_text in (
        ("extract", "write the current source strings as POT files"),
        ("update", "merge the current source strings into the PO files, by key"),
        ("status", "show how complete each catalog is and which entries changed"),
    ):
        sub = i18n_commands.add_parser(name, help=help_text, description=help_text)
        add_sources(
            sub,
            locales_help="your catalog folder (written by extract and update); more folders "
            "after it are read as layers below it",
            repeat=True,
        )
        if name == "update":
            sub.add_argument(
                "--force",
                action="store_true",
                help="update even if the catalog records another policy file, or most of its "
                "finished translations would become fuzzy",
            )
        if name == "status":
            sub.add_argument("--changes", action="store_true", help="list every changed entry")
            sub.add_argument(
                "--check", action="store_true", help="exit 1 unless every catalog is complete"
            )
    return parser


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The ``planmaterials`` program: :func:`main`, then exit with its status.

    The process ends with the command, so nothing a build makes needs collecting (see
    :func:`~planmaterials.parallel.process_ends_with_work`), and what is left is frozen out of
    the collection Python makes as it exits, which would walk every object a big build made.
    """
    process_ends_with_work()
    status = main(argv)
    gc.freeze()
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for mistakes in the user's files)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "init":
            return _init(args)
        _resolve(args)
        if args.command == "build":
            return _build(args)
        if args.command == "check":
            return _check(args)
        if args.command == "plans":
            return _plans_import(args)
        return _i18n(args)
    except PolicyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130


def _resolve(args: argparse.Namespace) -> None:
    """Fill in every option not given on the command line from the project file, if any.

    Sets ``args.given``, the options given on the command line, ``args.settings`` (the
    :class:`Config`, or None) and ``args.config``, the project file as a path that works from
    the current folder: hints that repeat a command name it and what was given.
    """
    args.given = {
        name
        for name in ("config", "policy", "plans", "templates", "locales", "lang", "out")
        if getattr(args, name, None) is not None
    }
    if args.config is None:
        args.config = find_config()
    project = load_config(args.config) if args.config else None
    args.settings = project
    if args.policy is None and project:
        args.policy = project.policy
    if args.plans is None and project:
        args.plans = project.plans
    if args.templates is None:
        args.templates = list(project.templates) if project else []
    if args.locales is None and project and project.locales:
        args.locales = [project.locales] if args.locales_is_list else project.locales
    if args.locales is None and args.locales_is_list:
        args.locales = []
    if hasattr(args, "lang") and args.lang is None and project:
        args.lang = project.languages  # None: every language of the kit
    if hasattr(args, "out") and args.out is None:
        args.out = project.out if project else Path(DEFAULT_OUT)


def _init(args: argparse.Namespace) -> int:
    from .scaffold import init_project

    scaffold = init_project(args.folder, force=args.force)
    print(f"Started a project in {scaffold.folder}:")
    rows = [
        (CONFIG_NAME, "the settings every command run in the folder uses"),
        ("policy.yaml", "the policy, to edit"),
        ("plans/", f"{len(scaffold.plans)} unit plans: {', '.join(scaffold.plans)}"),
        *((f"{path}", "its translation, complete") for path in scaffold.catalogs),
    ]
    width = max(len(name) for name, _ in rows)
    for name, what in rows:
        print(f"  {name:<{width}}  {what}")
    enter = "" if scaffold.folder == Path(".") else f"cd {shlex.quote(str(scaffold.folder))} && "
    print(f"Next: {enter}planmaterials build")
    return 0


def _build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    progress = Progress(sys.stdout, quiet=args.quiet)
    try:
        result = build(
            args.policy,
            args.out,
            args.lang,
            template_dirs=args.templates,
            locale_dirs=args.locales,
            plans_dir=args.plans,
            progress=progress,
            strict=args.strict,
        )
    except IncompleteTranslations as exc:
        progress.done()
        _report_missing(args, exc.result)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INCOMPLETE
    progress.done()
    _report_missing(args, result)
    if not args.quiet:
        print(summary(result, time.monotonic() - started))
    return _check_kit(args.out, quiet=args.quiet) if args.check else 0


def _plans_import(args: argparse.Namespace) -> int:
    from .planimport import import_plans  # lxml and the template engine: only when importing

    target = args.target or args.plans
    if target is None:
        raise PolicyError(
            "give the folder to write the plan files to with --out DIR (or set 'plans' in "
            f"{CONFIG_NAME})"
        )
    from .loader import load_policy  # YAML's reader, only where a policy is read

    policy = load_policy(args.policy)
    imported = import_plans(
        args.files,
        policy,
        target,
        key=args.key,
        replace=args.replace,
        plans_dir=args.plans,
        locale_dirs=args.locales,
        template_dirs=args.templates,
    )
    for item in imported:
        count = f"{item.activities} activit{'y' if item.activities == 1 else 'ies'}"
        print(f"{item.source} -> {item.path} ({item.kind}, {count})")
    return 0


def _check(args: argparse.Namespace) -> int:
    if args.kit is not None:
        # Only options on the command line: a project file's settings are for 'check' alone.
        given = [
            f"--{name}"
            for name in ("policy", "plans", "templates", "locales")
            if name in args.given
        ]
        if given:
            raise PolicyError(
                f"'check DIR' checks a built kit and takes no {', '.join(given)}; to check a "
                "policy, leave out DIR"
            )
        return _check_kit(args.kit)
    from .loader import load_plans, load_policy  # YAML's reader, only where a policy is read
    from .rendering import render

    policy = load_policy(args.policy)
    plans = load_plans(args.plans, policy) if args.plans else ()
    result = render(
        policy, args.lang, template_dirs=args.templates, locale_dirs=args.locales, plans=plans
    )
    _report_missing(args, result)
    print(f"OK: {len(result.files)} files would be built")
    return 0


def _check_kit(folder: Path, *, quiet: bool = False) -> int:
    """Print every problem of the kit in ``folder``; 1 if there is any."""
    from .kitcheck import check_kit, read_manifest  # pikepdf and lxml: only when checking

    problems = check_kit(folder)
    for problem in problems:
        print(problem)
    if problems:
        files = len({p.path for p in problems})
        print(f"check failed: {len(problems)} problems in {files} files of {folder}")
        return 1
    if not quiet:
        count = len(read_manifest(folder))
        print(f"OK: {count} files in {folder} match the manifest and pass every check")
    return 0


def hint(options: argparse.Namespace, *words: str) -> str:
    """A command to run next, with the options in force: it works as printed.

    It names the options given on the command line; the project file's settings need no
    repeating, as the command reads the same file.
    """
    parts = ["planmaterials", *words]
    given = getattr(options, "given", None)
    for flag, name in _CARRIED:
        if given is not None and name not in given:
            continue
        value = getattr(options, name, None)
        values = value if isinstance(value, list | tuple) else [value]
        parts += [item for v in values if v is not None for item in (flag, str(v))]
    return " ".join(shlex.quote(part) for part in parts)


# The options that say which files a command works on, in the order a hint names them.
_CARRIED = (
    ("--config", "config"),
    ("--policy", "policy"),
    ("--plans", "plans"),
    ("--templates", "templates"),
    ("--locales", "locales"),
)


def _report_missing(args: argparse.Namespace, result: BuildResult) -> None:
    """Per language: how many entries are shown in their source language, and where."""
    for lang, lookups in result.missing.items():
        if not lookups:
            continue
        counts = {state: sum(1 for x in lookups if x.state == state) for state in State}
        detail = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        wanted = {(x.domain, x.key) for x in lookups}
        paths = [f.path for f in result.files if f.lang == lang and f.shows & wanted]
        listed = ", ".join(paths[:_LISTED]) + (
            f" and {len(paths) - _LISTED} more" if len(paths) > _LISTED else ""
        )
        print(
            f"warning: {lang}: {len(lookups)} entries are shown in their source language "
            f"({detail}) in {len(paths)} files: {listed}",
            file=sys.stderr,
        )
    if any(result.missing.values()):
        print(f"  see them with: {hint(args, 'i18n', 'status', '--changes')}", file=sys.stderr)
        if not args.locales:
            print(
                f"  start your own catalogs with: {hint(args, 'i18n', 'update')} --locales locales",
                file=sys.stderr,
            )
        else:
            print(f"  after a policy change: {hint(args, 'i18n', 'update')}", file=sys.stderr)


_LISTED = 5


def _project(args: argparse.Namespace) -> Project:
    from .i18n.folder import Project
    from .loader import load_plans, load_policy  # YAML's reader, only where a policy is read

    policy = load_policy(args.policy)
    plans = load_plans(args.plans, policy) if args.plans else ()
    return Project(policy, plans, tuple(args.templates), tuple(args.locales))


def _i18n(args: argparse.Namespace) -> int:
    from .i18n.folder import CatalogMismatch, extract_templates, update_folder

    project = _project(args)
    if args.i18n_command == "extract":
        for path, _changed in extract_templates(project):
            print(f"wrote {path}")
        return 0
    if args.i18n_command == "update":
        try:
            written = update_folder(project, force=args.force)
        except CatalogMismatch as exc:
            print(f"error: {exc}", file=sys.stderr)
            if exc.policy is not None:
                given = {*getattr(args, "given", ()), "policy"}
                right = argparse.Namespace(**{**vars(args), "policy": exc.policy, "given": given})
                print(f"  with the policy it translates: {hint(right, 'i18n', 'update')}")
            print(f"  if the policy is right: {hint(args, 'i18n', 'update', '--force')}")
            return EXIT_USER_ERROR
        for path, changed in written:
            print(f"{'updated' if changed else 'unchanged'} {path}")
        print(f"next: translate, then check with: {hint(args, 'i18n', 'status', '--changes')}")
        return 0
    return _status(args, project)


def _status(args: argparse.Namespace, project: Project) -> int:
    from .i18n.folder import folder_status

    results = folder_status(project)
    complete = all(result.complete for result in results)
    print(
        f"{'catalog':<28} {'total':>5} {'translated':>10} {'fuzzy':>5} "
        f"{'untranslated':>12} {'obsolete':>8}"
    )
    stale = False
    for result in results:
        name = f"{result.lang}/{result.domain}.po"
        if result.path is None:
            name += " (missing)"
        elif project.locale_dirs and not _inside(result.path, project.locale_dirs[0]):
            name += " (shipped)"
        print(
            f"{name:<28} {result.total:>5} {result.translated:>10} {result.fuzzy:>5} "
            f"{result.untranslated:>12} {result.obsolete:>8}"
            + ("" if result.up_to_date else "  (not up to date)")
        )
        stale = stale or not result.up_to_date
        if args.changes:
            for change in result.changes:
                print(f"  {change.key}")
                print(f"    was: {change.before if change.before is not None else '?'}")
                print(f"    now: {change.now}")
    if stale:
        print(f"bring the catalogs up to date with: {hint(args, 'i18n', 'update')}")
    return 1 if args.check and not complete else 0


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
