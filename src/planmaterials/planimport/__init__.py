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
from ..loader import load_plan_text
from ..model import Policy
from .planfile import plan_yaml, slug, write_files
from .problems import ImportProblems, Problem
from .prompts import template_texts
from .template import read_template
from .vocabulary import Vocabulary
from .wordxml import DocxError, read_docx

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
    plan file is replaced only with ``replace``. Raises :class:`ImportProblems`.
    """
    if key is not None and len(files) != 1:
        raise PolicyError("--key names one plan: give it with one file only")
    vocabulary = Vocabulary.of(policy, locale_dirs)
    texts = template_texts(policy, locale_dirs, template_dirs)
    problems: list[Problem] = []
    planned: list[tuple[Path, Path, str, dict]] = []  # source, target, kind, data
    keys: dict[str, Path] = {}
    for source in files:
        try:
            word = read_docx(source)
        except DocxError as error:
            problems.append(Problem(source, None, None, f"cannot be read: {error}"))
            continue
        read = read_template(word, policy, vocabulary, texts)
        problems.extend(read.problems)
        if read.problems:
            continue
        plan_key = key or slug(read.data.get("owner", ""))
        if not plan_key:
            problems.append(
                Problem(
                    source,
                    None,
                    "unit",
                    "no plan key can be made from the unit's name; give one with --key",
                )
            )
            continue
        if plan_key in keys:
            problems.append(
                Problem(
                    source,
                    None,
                    None,
                    f"its plan key '{plan_key}' is also that of {keys[plan_key]}; import the "
                    "files one at a time, each with its own --key",
                )
            )
            continue
        keys[plan_key] = source
        target = out / f"{plan_key}.yaml"
        if target.exists() and not replace:
            problems.append(
                Problem(
                    source,
                    None,
                    None,
                    f"{target} exists already; give --replace to replace it, or another --key",
                )
            )
            continue
        planned.append((source, target, "template", {"key": plan_key, **read.data}))
    if problems:
        raise ImportProblems(problems)
    outputs = []
    results = []
    for source, target, kind, data in planned:
        text = plan_yaml(data, f"Imported from {source.name} by 'planmaterials plans import'.")
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
