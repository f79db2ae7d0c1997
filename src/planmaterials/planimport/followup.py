"""Reading a returned follow-up form: each activity's status and comment, checked against the plan.

The form shows the unit's plan as text, one row per activity in the order of the plan file,
with a status drop-down and a comment field. Rows are matched to the plan's activities by their
place and checked by their text, so a form whose rows were added, removed or moved is reported,
never read into the wrong activity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..localize import localize
from ..model import ActionPlan, ActivityStatus, Policy
from .cells import activity_cell, tag_of, tagged_value
from .fields import FieldError, read_status
from .problems import Problem
from .tables import AreaTable, Texts, find_area_tables, grid
from .vocabulary import Vocabulary, normal
from .wordxml import WordFile

__all__ = ["Report", "form_key", "is_follow_up_form", "read_follow_up"]

FORM_COLUMNS = ("activity", "status", "comment")


@dataclass(frozen=True)
class Report:
    """What a form reports for one activity of the plan."""

    area: str
    index: int  # the activity's place among the area's activities in the plan file, from 0
    status: ActivityStatus | None
    comment: str | None


@dataclass
class FormReading:
    reports: list[Report] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_follow_up_form(file: WordFile, vocabulary: Vocabulary) -> bool:
    """A form has status and comment fields (tagged, or columns under those headers)."""
    tags = {tag_of("status"), tag_of("comment")}
    for table in file.tables:
        for row in table.rows:
            for cell in row:
                if any(piece.tag in tags for piece in cell.pieces()):
                    return True
    return any(
        {"status", "comment"} & set(table.columns.values())
        for table in find_area_tables(file.tables, vocabulary)
    )


def form_key(file: WordFile, vocabulary: Vocabulary) -> str | None:
    """The plan key a form carries: its identifier, else the "Plan file key: …" line under
    its title (which survives any editor)."""
    identifier = file.properties.get("identifier", "").strip()
    if identifier:
        return identifier
    labels = {normal(label) for label in vocabulary.key_labels}
    for paragraph in file.paragraphs:
        label, colon, rest = paragraph.partition(":")
        if colon and normal(label) in labels:
            found = re.match(r"\s*([a-z0-9][a-z0-9-]*)", rest)
            if found:
                return found.group(1)
    return None


def read_follow_up(
    file: WordFile,
    plan: ActionPlan,
    policy: Policy,
    vocabulary: Vocabulary,
    texts: Texts,
    locale_dirs: Sequence[Path] = (),
) -> FormReading:
    """Each activity's status and comment from a form made for ``plan`` (its texts translated
    by the catalogs in ``locale_dirs``, as the build that made the form translated them)."""
    reading = FormReading()

    def problem(place: str | None, name: str | None, message: str) -> None:
        reading.problems.append(Problem(file.path, place, name, message))

    # The plan's activity texts in every language the form may show them in.
    shown = [
        localize(policy, code, locale_dirs=locale_dirs).translate_plan(plan)
        for code in vocabulary.languages
    ]
    seen: set[str] = set()
    for table in find_area_tables(file.tables, vocabulary):
        if table.area is None:
            problem(
                table.place,
                None,
                "unknown development area; the form's tables name the plan's areas",
            )
            continue
        plan_area = next((a for a in plan.areas if a.area == table.area), None)
        if plan_area is None:
            problem(table.place, None, f"the plan {plan.id} has no activities in this area")
            continue
        if table.area in seen:
            problem(table.place, None, "a second table for this development area")
            continue
        seen.add(table.area)
        missing = table.missing_columns(("status", "comment"))
        if missing:
            problem(
                table.place,
                None,
                f"the table has lost its column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}",
            )
            continue
        expected = [
            [normal(text) for text in _activity_texts(localized, table.area)] for localized in shown
        ]
        _read_rows(table, expected, texts, vocabulary, reading, problem)
    for plan_area in plan.areas:
        if plan_area.area not in seen:
            title = policy.area(plan_area.area).title
            problem(None, None, f"the form has no table for the development area '{title}'")
    return reading


def _activity_texts(plan: ActionPlan, area: str) -> list[str]:
    return [
        activity.text
        for plan_area in plan.areas
        if plan_area.area == area
        for goal in plan_area.goals
        for activity in goal.activities
    ]


def _read_rows(
    table: AreaTable,
    expected: list[list[str]],
    texts: Texts,
    vocabulary: Vocabulary,
    reading: FormReading,
    problem: Callable[[str | None, str | None, str], None],
) -> None:
    """Each row's report; ``expected`` holds the area's activity texts in each language."""
    count = len(expected[0])
    index = 0
    for number, row in enumerate(table.body, start=1):
        place = f"{table.place}, row {number}"
        cells = grid(row)
        by_column = {name: cells.get(column) for column, name in table.columns.items()}
        activity = by_column.get("activity")
        text = activity_cell(activity, vocabulary, texts).get("activity", "") if activity else ""
        if not text:
            continue  # an empty row a person added
        if index >= count:
            problem(
                place,
                "activity",
                "the plan has no more activities in this area; "
                "the form's rows must stay as they were made",
            )
            index += 1
            continue
        if not any(normal(text) == texts_of[index] for texts_of in expected):
            problem(
                place,
                "activity",
                f"'{text}' is not the plan's activity number {index + 1} in this area; "
                "the form's rows must stay as they were made (one per activity, in order)",
            )
            index += 1
            continue
        pieces = [piece for cell in row for piece in cell.pieces()]
        status_text = tagged_value(pieces, "status", texts, by_column.get("status"))
        comment = tagged_value(pieces, "comment", texts, by_column.get("comment"))
        try:
            status = read_status(status_text, vocabulary)
        except FieldError as error:
            problem(place, "status", str(error))
        else:
            reading.reports.append(Report(table.area, index, status, comment or None))
        index += 1
    if index < count:
        problem(
            table.place,
            None,
            f"the form shows {index} of the plan's {count} activities in this area; "
            "the form's rows must stay as they were made",
        )
