"""Reading filled action-plan templates and returned follow-up forms back into plan files.

:func:`import_plans` reads every file first and writes only when all of them could be read:
anything it cannot read is a :class:`Problem` (file, table, row, field, what was expected), and
all of them come back together in one :class:`ImportProblems`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyError
from ..loader import load_plan, load_plan_text
from ..model import Policy
from .followup import form_key, is_follow_up_form, read_follow_up
from .planedit import EditError, set_activity_fields
from .planfile import plan_yaml, slug, write_files
from .problems import ImportProblems, Problem
from .prompts import template_texts
from .tables import Texts
from .template import read_template
from .vocabulary import Vocabulary
from .wordxml import DocxError, WordFile, read_docx

__all__ = ["ImportProblems", "Imported", "Problem", "import_plans"]


@dataclass(frozen=True)
class Imported:
    """One file read: where its plan file was written, and what it held."""

    source: Path
    path: Path
    kind: str  # "template" or "follow-up form"
    activities: int


def import_plans(
    files: Sequence[Path],
    policy: Policy,
    out: Path,
    *,
    key: str | None = None,
    replace: bool = False,
    plans_dir: Path | None = None,
    locale_dirs: Sequence[Path] = (),
    template_dirs: Sequence[Path] = (),
) -> list[Imported]:
    """Read ``files`` into plan files in ``out``; all of them or, on any problem, none.

    A template's plan key is ``key`` (for one file) or made from the unit's name; an existing
    plan file is replaced only with ``replace``. A follow-up form sets the status and comment
    of each activity in its plan's file (``<key>.yaml`` in ``plans_dir``, by default ``out``),
    the rest of the file left as it was. Raises :class:`ImportProblems`.
    """
    if key is not None and len(files) != 1:
        raise PolicyError("--key names one plan: give it with one file only")
    vocabulary = Vocabulary.of(policy, locale_dirs)
    texts = template_texts(policy, locale_dirs, template_dirs)
    problems: list[Problem] = []
    planned: list[tuple[Path, Path, str, str]] = []  # source, target, kind, its text
    keys: dict[str, Path] = {}
    for source in files:
        try:
            word = read_docx(source)
        except DocxError as error:
            problems.append(Problem(source, None, None, f"cannot be read: {error}"))
            continue
        if is_follow_up_form(word, vocabulary) and key is not None:
            message = "--key names a template's plan; a follow-up form carries its own key"
            found = [Problem(source, None, None, message)]
        elif is_follow_up_form(word, vocabulary):
            found = _follow_up(word, policy, vocabulary, texts, out, plans_dir or out, locale_dirs)
        else:
            found = _template(word, policy, vocabulary, texts, out, key, replace)
        if isinstance(found, list):
            problems.extend(found)
            continue
        target, kind, text = found
        plan_key = target.stem
        if plan_key in keys:
            problems.append(
                Problem(
                    source,
                    None,
                    None,
                    f"its plan key '{plan_key}' is also that of {keys[plan_key]}; import one "
                    "file per plan (a template with its own --key)",
                )
            )
            continue
        keys[plan_key] = source
        planned.append((source, target, kind, text))
    if problems:
        raise ImportProblems(problems)
    outputs = []
    results = []
    for source, target, kind, text in planned:
        try:
            plan = load_plan_text(text, policy, target)
        except PolicyError as error:
            # What the reader let through must still make a plan the kit can build.
            problems.append(Problem(source, None, None, f"makes no valid plan: {error}"))
            continue
        outputs.append((target, text))
        count = sum(len(g.activities) for area in plan.areas for g in area.goals)
        results.append(Imported(source, target, kind, count))
    if problems:
        raise ImportProblems(problems)
    write_files(outputs)
    return results


def _template(
    word: WordFile,
    policy: Policy,
    vocabulary: Vocabulary,
    texts: Texts,
    out: Path,
    key: str | None,
    replace: bool,
) -> tuple[Path, str, str] | list[Problem]:
    """A filled template's plan file: (where, "template", its text), or the problems."""
    read = read_template(word, policy, vocabulary, texts)
    if read.problems:
        return read.problems
    plan_key = key or slug(read.data.get("owner", ""))
    if not plan_key:
        message = "no plan key can be made from the unit's name; give one with --key"
        return [Problem(word.path, None, "unit", message)]
    target = out / f"{plan_key}.yaml"
    if target.exists() and not replace:
        message = f"{target} exists already; give --replace to replace it, or another --key"
        return [Problem(word.path, None, None, message)]
    comment = f"Imported from {word.path.name} by 'planmaterials plans import'."
    return target, "template", plan_yaml({"key": plan_key, **read.data}, comment)


def _follow_up(
    word: WordFile,
    policy: Policy,
    vocabulary: Vocabulary,
    texts: Texts,
    out: Path,
    plans: Path,
    locale_dirs: Sequence[Path],
) -> tuple[Path, str, str] | list[Problem]:
    """A returned form's plan file, its plan's statuses and comments set from the form."""
    plan_key = form_key(word, vocabulary)
    if plan_key is None:
        message = "a follow-up form without its plan key (no identifier, no 'Plan file key:' line)"
        return [Problem(word.path, None, None, message)]
    base = plans / f"{plan_key}.yaml"
    if not base.is_file():
        message = (
            f"the form is for the plan '{plan_key}', but {base} does not exist; give the "
            "folder of the plan files the forms were made from with --plans"
        )
        return [Problem(word.path, None, None, message)]
    try:
        plan = load_plan(base, policy)
        source = base.read_text(encoding="utf-8")
    except PolicyError as error:
        return [Problem(word.path, None, None, f"its plan file cannot be read: {error}")]
    reading = read_follow_up(word, plan, policy, vocabulary, texts, locale_dirs)
    if reading.problems:
        return reading.problems
    edits = [
        edit
        for report in reading.reports
        for edit in (
            (report.area, report.index, "status", report.status.value if report.status else None),
            (report.area, report.index, "comment", report.comment),
        )
    ]
    try:
        text = set_activity_fields(source, edits)
    except EditError as error:
        return [Problem(base, None, None, str(error))]
    return out / base.name, "follow-up form", text
