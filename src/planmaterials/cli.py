"""The command line: ``planmaterials build | check | i18n extract | i18n update | i18n status``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import BuildResult, build, load_plans, render
from .catalogs import extract, serialize, status, target_languages, update
from .errors import PolicyError
from .i18n import LABELS, POLICY, Entry, State, find_catalog, find_catalogs, read_entries
from .loader import load_policy
from .report import Progress, summary
from .resources import shipped, template_path

__all__ = ["main"]

EXIT_USER_ERROR = 2


def _langs(value: str) -> tuple[str, ...]:
    langs = tuple(part.strip() for part in value.split(",") if part.strip())
    if not langs:
        raise argparse.ArgumentTypeError("give at least one language, e.g. sv,en")
    return langs


_DESCRIPTIONS = {
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

    def add_sources(sub: argparse.ArgumentParser, *, locales_help: str, repeat: bool) -> None:
        sub.add_argument("--policy", type=Path, help="policy file (default: the embedded one)")
        sub.add_argument("--plans", type=Path, metavar="DIR", help="folder of unit plan files")
        sub.add_argument(
            "--templates",
            type=Path,
            action="append",
            default=[],
            metavar="DIR",
            help="folder of templates that override the shipped ones file by file",
        )
        locales = {"action": "append", "default": []} if repeat else {}
        sub.add_argument("--locales", type=Path, metavar="DIR", help=locales_help, **locales)

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
        sub.add_argument("--lang", type=_langs, default=("sv", "en"), help="e.g. sv,en")
        if name == "build":
            sub.add_argument("--out", type=Path, default=Path("out"), help="default: out")
            sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
            sub.add_argument(
                "--check", action="store_true", help="check the built kit as 'check DIR' does"
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
            locales_help="the catalog folder to work on (default: the shipped one)",
            repeat=False,
        )
        if name == "status":
            sub.add_argument("--changes", action="store_true", help="list every changed entry")
            sub.add_argument(
                "--check", action="store_true", help="exit 1 unless every catalog is complete"
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for mistakes in the user's files)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "check":
            return _check(args)
        return _i18n(args)
    except PolicyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    progress = Progress(sys.stdout, quiet=args.quiet)
    result = build(
        args.policy,
        args.out,
        args.lang,
        template_dirs=args.templates,
        locale_dirs=args.locales,
        plans_dir=args.plans,
        progress=progress,
    )
    progress.done()
    _report_missing(result)
    if not args.quiet:
        print(summary(result, time.monotonic() - started))
    return _check_kit(args.out, quiet=args.quiet) if args.check else 0


def _check(args: argparse.Namespace) -> int:
    if args.kit is not None:
        given = [
            option
            for option, value in (
                ("--policy", args.policy),
                ("--plans", args.plans),
                ("--templates", args.templates),
                ("--locales", args.locales),
            )
            if value
        ]
        if given:
            raise PolicyError(
                f"'check DIR' checks a built kit and takes no {', '.join(given)}; to check a "
                "policy, leave out DIR"
            )
        return _check_kit(args.kit)
    policy = load_policy(args.policy)
    plans = load_plans(args.plans, policy) if args.plans else ()
    result = render(
        policy, args.lang, template_dirs=args.templates, locale_dirs=args.locales, plans=plans
    )
    _report_missing(result)
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


def _report_missing(result: BuildResult) -> None:
    for lang, lookups in result.missing.items():
        if not lookups:
            continue
        counts = {state: sum(1 for x in lookups if x.state == state) for state in State}
        detail = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        print(
            f"warning: {lang}: {len(lookups)} strings are shown in their source language "
            f"({detail}); run 'planmaterials i18n status --changes'",
            file=sys.stderr,
        )


def _i18n(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    plans = load_plans(args.plans, policy) if args.plans else ()
    locales = (args.locales or shipped("locales")).absolute()
    code = [Path(__file__).with_name("materials.py")]
    templates = extract(policy, template_path(args.templates), code, plans)

    def below(lang: str, domain: str) -> list[dict[str, Entry]]:
        # A user's catalogs sit on top of the shipped ones: what those translate needs no entry.
        if locales == shipped("locales"):
            return []
        return [
            read_entries(path, lang) for path in find_catalogs([shipped("locales")], lang, domain)
        ]

    if args.i18n_command == "extract":
        for domain, catalog in templates.items():
            path = locales / f"{domain}.pot"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(serialize(catalog))
            print(f"wrote {path} ({len(catalog)} entries)")
        return 0
    if args.i18n_command == "update":
        for domain in (LABELS, POLICY):
            for lang in target_languages(domain, policy.language):
                path = locales / lang / "LC_MESSAGES" / f"{domain}.po"
                merged = update(templates[domain], path, lang, below(lang, domain))
                if not path.exists() and not any(m.id for m in merged):
                    continue  # nothing to translate here: the shipped catalog has it all
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(serialize(merged))
                print(f"updated {path}")
        return 0
    complete = True
    print(
        f"{'catalog':<28} {'total':>5} {'done':>5} {'fuzzy':>5} {'stale':>5} {'new':>5} {'old':>5}"
    )
    for domain in (LABELS, POLICY):
        for lang in target_languages(domain, policy.language):
            path = find_catalog([locales], lang, domain)
            layers = below(lang, domain)
            result = status(templates[domain], path, lang, layers)
            complete = complete and result.complete
            name = f"{lang}/{domain}.po" + (
                "" if path else " (shipped)" if layers else " (missing)"
            )
            print(
                f"{name:<28} {result.total:>5} {result.translated:>5} {result.fuzzy:>5} "
                f"{result.stale:>5} {result.untranslated:>5} {result.obsolete:>5}"
            )
            if args.changes:
                for change in result.changes:
                    print(f"  {change.key}")
                    print(f"    was: {change.before if change.before is not None else '?'}")
                    print(f"    now: {change.now}")
    return 1 if args.check and not complete else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
