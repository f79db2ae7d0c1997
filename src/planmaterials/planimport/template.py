"""Reading a filled action-plan template into a plan file's data, every problem noted.

Each field is read by its control's tag (``pm:goal``, ``pm:deadline``…) where the tag survived,
else by where it stands: the column under its header, the label before it in the activity cell,
the label cell beside it in the "About the plan" table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Policy
from .cells import activity_cell, control_value, tag_of, tagged_value
from .fields import (
    FieldError,
    read_date,
    read_deadline,
    read_flag,
    read_units,
    split_units,
)
from .planfile import Inline
from .problems import Problem
from .tables import (
    AreaTable,
    Texts,
    cell_text,
    find_area_tables,
    grid,
    headless_tables,
    tidy,
)
from .vocabulary import Vocabulary
from .wordxml import Piece, WordCell, WordFile

__all__ = ["ReadPlan", "read_template"]

PLAN_FIELDS = ("title", "owner", "period", "date")  # in the order of a plan file
ACTIVITY_FIELDS = ("resources", "next_step", "follow_up")
_SHOWN = {
    "owner": "unit",
    "title": "title of the plan",
    "period": "plan period",
    "date": "date",
    "next_step": "next step",
    "follow_up": "follow-up",
}


@dataclass
class ReadPlan:
    """What was read from one file: the plan file's data (keys in file order) and problems."""

    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    flags_used: list[str] = field(default_factory=list)


@dataclass
class _Reader:
    file: WordFile
    policy: Policy
    vocabulary: Vocabulary
    texts: Texts
    problems: list[Problem] = field(default_factory=list)

    def problem(self, place: str | None, name: str | None, message: str) -> None:
        shown = _SHOWN.get(name, name) if name else None
        self.problems.append(Problem(self.file.path, place, shown, message))

    def tagged(self, pieces: list[Piece], name: str) -> list[Piece]:
        tag = tag_of(name)
        return [piece for piece in pieces if piece.tag == tag]

    def value(self, pieces: list[Piece]) -> str:
        return control_value(pieces, self.texts)


def read_template(file: WordFile, policy: Policy, vocabulary: Vocabulary, texts: Texts) -> ReadPlan:
    """The plan file data of a filled template; problems for whatever could not be read."""
    reader = _Reader(file, policy, vocabulary, texts)
    every_piece = [
        piece
        for table in file.tables
        for row in table.rows
        for cell in row
        for piece in cell.pieces()
    ]
    data: dict[str, Any] = {}
    labelled = _labelled_fields(file, reader)
    for name in PLAN_FIELDS:
        text = reader.value(reader.tagged(every_piece, name)) or labelled.get(name, "")
        place = "'About the plan'"
        if not text:
            reader.problem(place, name, "missing; every plan needs it")
            continue
        if name == "date":
            try:
                data[name] = read_date(text)
            except FieldError as error:
                reader.problem(place, name, str(error))
        else:
            data[name] = text
    background = _tagged_background(file, reader) or _background(file, reader)
    if background:
        data["background"] = background
    tagged = reader.tagged(every_piece, "overall_goal")
    goals = [text for piece in tagged if (text := reader.value([piece]))]
    if not goals:
        goals = _overall_goals(file, reader)
    if goals:
        data["overall_goals"] = goals
    areas, flags_used = _areas(file, reader)
    if flags_used:
        data["flags"] = [
            {
                key: value
                for key, value in (
                    ("key", flag.id),
                    ("title", flag.title),
                    ("description", flag.description),
                )
                if value
            }
            for flag in (policy.plan.flags if policy.plan else ())
            if flag.id in flags_used
        ]
    if areas:
        data["areas"] = areas
    elif not any(
        problem.place and problem.place.startswith("table ") for problem in reader.problems
    ):
        reader.problem(
            None,
            None,
            "no activity in any development area's table; write at least one activity "
            "with its goal and responsible unit",
        )
    return ReadPlan(data, reader.problems, flags_used)


def _labelled_fields(file: WordFile, reader: _Reader) -> dict[str, str]:
    """The plan's own fields from label cells ("Unit", "Date"…) and the cell beside each."""
    found: dict[str, str] = {}
    for table in file.tables:
        for row in table.rows:
            cells = list(grid(row).values())
            for index, cell in enumerate(cells[:-1]):
                name = reader.vocabulary.label("plan", cell_text(cell))
                if name is not None and name not in found:
                    found[name] = reader.texts.user_text(cells[index + 1])
    return found


def _single_header_table(file: WordFile, reader: _Reader, group: str):
    for table in file.tables:
        heading = cell_text(table.rows[0][0]) if table.rows and len(table.rows[0]) == 1 else ""
        if heading and reader.vocabulary.label(group, heading) is not None:
            yield table


def _tagged_background(file: WordFile, reader: _Reader) -> str:
    """The background from the cell of its fields: each a paragraph, and any paragraph typed
    beside them in that cell too."""
    tag = tag_of("background")
    return _paragraphs(
        text
        for table in file.tables
        for row in table.rows
        for cell in row
        if any(piece.tag == tag for piece in cell.pieces())
        for text in reader.texts.user_paragraphs(cell)
    )


def _background(file: WordFile, reader: _Reader) -> str:
    """The background from its table: every paragraph the user wrote in it, in order."""
    for table in _single_header_table(file, reader, "background"):
        return _paragraphs(
            text
            for row in table.rows[1:]
            for cell in row
            for text in reader.texts.user_paragraphs(cell)
        )
    return ""


def _paragraphs(texts: Iterable[str]) -> str:
    """Texts as the paragraphs of a plan file's text: the non-empty ones, a blank line between."""
    return "\n\n".join(text for text in map(tidy, texts) if text)


def _overall_goals(file: WordFile, reader: _Reader) -> list[str]:
    for table in file.tables:
        if not table.rows:
            continue
        header = grid(table.rows[0])
        column = next(
            (
                index
                for index, cell in header.items()
                if reader.vocabulary.label("overall_goal", cell_text(cell)) is not None
            ),
            None,
        )
        if column is None:
            continue
        goals = []
        for row in table.rows[1:]:
            cell = grid(row).get(column)
            if cell is not None and (text := reader.texts.user_text(cell)):
                goals.append(text)
        return goals
    return []


def _areas(file: WordFile, reader: _Reader) -> tuple[list[dict[str, Any]], list[str]]:
    areas: dict[str, dict[str, Any]] = {}
    flags_used: list[str] = []
    found = find_area_tables(file.tables, reader.vocabulary)
    for table in headless_tables(file.tables, found, reader.vocabulary, reader.texts):
        reader.problem(
            f"table {table.number}",
            None,
            "activities in a table without its heading row 'Development area: <title>'; "
            "put the heading back (or copy the rows into the area's table)",
        )
    for table in found:
        goals = _area_goals(table, reader, flags_used)
        if not goals:
            continue
        if table.area is None:
            continue  # reported by _area_goals
        if table.area in areas:
            reader.problem(
                table.place, None, "a second table for this development area; use one per area"
            )
            continue
        areas[table.area] = {"area": table.area, "goals": goals}
    ordered = [areas[area.id] for area in reader.policy.areas if area.id in areas]
    return ordered, [flag for flag in _flag_order(reader) if flag in flags_used]


def _flag_order(reader: _Reader) -> list[str]:
    return [flag.id for flag in (reader.policy.plan.flags if reader.policy.plan else ())]


def _area_goals(table: AreaTable, reader: _Reader, flags_used: list[str]) -> list[dict[str, Any]]:
    """The goals and activities of one area table; an empty table gives none."""
    rows = [(number, row) for number, row in enumerate(table.body, start=1)]
    raw_rows = [(number, _raw_row(row, table, reader)) for number, row in rows]
    filled = [(number, raw) for number, raw in raw_rows if any(raw.values())]
    if not filled:
        return []
    if table.area is None:
        title = table.heading.partition(":")[2].strip()
        known = ", ".join(area.title for area in reader.policy.areas)
        reader.problem(
            table.place,
            None,
            f"unknown development area '{title}'; expected one of the policy's areas ({known})",
        )
        return []
    missing = table.missing_columns()
    if missing or table.unknown_columns:
        expected = _expected_columns(reader)
        if missing:
            reader.problem(
                table.place,
                None,
                f"the table has lost its column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; expected the columns {expected}",
            )
        for text in table.unknown_columns:
            reader.problem(
                table.place, None, f"unknown column '{text}'; expected the columns {expected}"
            )
        return []
    goals: dict[str, list[dict[str, Any]]] = {}
    current_goal: str | None = None
    for number, raw in filled:
        place = f"{table.place}, row {number}"
        if raw["goal"]:
            current_goal = raw["goal"]
        activity = _activity(raw, place, reader, flags_used)
        if current_goal is None:
            reader.problem(
                place,
                "goal",
                "missing; write the goal on the row of its first activity",
            )
            continue
        if activity is not None:
            goals.setdefault(current_goal, []).append(activity)
    return [{"goal": goal, "activities": activities} for goal, activities in goals.items()]


def _expected_columns(reader: _Reader) -> str:
    flags = [flag.title for flag in (reader.policy.plan.flags if reader.policy.plan else ())]
    return ", ".join(["Goal", "Activity", *flags, "Responsible (lead first)", "Deadline"])


def _raw_row(row: tuple[WordCell, ...], table: AreaTable, reader: _Reader) -> dict[str, str]:
    """The text of every field in a row, by tag where there is one, else by column and label."""
    cells = grid(row)
    by_column = {name: cells.get(column) for column, name in table.columns.items()}
    pieces = [piece for cell in row for piece in cell.pieces()]
    raw: dict[str, str] = {}

    def take(name: str, fallback: Callable[[], str]) -> None:
        # Text typed beside an empty control (not in it) still counts: read the cell then.
        raw[name] = reader.value(reader.tagged(pieces, name)) or fallback()

    def column_text(name: str) -> str:
        cell = by_column.get(name)
        return reader.texts.user_text(cell) if cell is not None else ""

    cell = by_column.get("activity")
    labelled = activity_cell(cell, reader.vocabulary, reader.texts) if cell is not None else {}
    take("goal", lambda: column_text("goal"))
    take("activity", lambda: labelled.get("activity", ""))
    for name in ACTIVITY_FIELDS:
        take(name, lambda name=name: labelled.get(name, ""))
    for name in table.columns.values():
        if name.startswith("flag:"):
            raw[name] = tagged_value(pieces, name, reader.texts, by_column.get(name))
    lead = reader.value(reader.tagged(pieces, "lead"))
    co = reader.value(reader.tagged(pieces, "co-responsible"))
    raw["responsible"] = "\n".join(text for text in (lead, co) if text)
    if not lead:  # the lead unit written beside its control, or no controls at all
        raw["responsible"] = column_text("responsible")
        if co and split_units(raw["responsible"]) == split_units(co):
            raw["lead missing"] = co  # others named, but which one leads is not ours to guess
    take("deadline", lambda: column_text("deadline"))
    return raw


def _activity(
    raw: dict[str, str], place: str, reader: _Reader, flags_used: list[str]
) -> dict[str, Any] | None:
    """One activity of the plan file from a row's texts; None (with problems) if unreadable."""
    before = len(reader.problems)
    activity: dict[str, Any] = {}
    if not raw["activity"]:
        reader.problem(place, "activity", "missing; a row with a goal or unit needs its activity")
    else:
        activity["activity"] = raw["activity"]
    names = split_units(raw["responsible"])
    if raw.get("lead missing"):
        reader.problem(place, "responsible", "the lead unit is missing; choose it above the others")
    elif not names:
        reader.problem(place, "responsible", "missing; name at least the leading unit")
    else:
        try:
            activity["responsible"] = Inline(read_units(names, reader.vocabulary))
        except FieldError as error:
            reader.problem(place, "responsible", str(error))
    if raw["deadline"]:
        try:
            activity["deadline"] = read_deadline(raw["deadline"])
        except FieldError as error:
            reader.problem(place, "deadline", str(error))
    for name in ACTIVITY_FIELDS:
        if raw.get(name):
            activity[name] = raw[name]
    flags = {}
    for name, text in raw.items():
        if not name.startswith("flag:"):
            continue
        flag_id = name.removeprefix("flag:")
        try:
            value = read_flag(text, reader.vocabulary)
        except FieldError as error:
            reader.problem(place, _flag_title(reader, flag_id), str(error))
            continue
        if value is not None:
            flags[flag_id] = value.value
            if flag_id not in flags_used:  # a column no activity uses stays out of the plan
                flags_used.append(flag_id)
    if flags:
        activity["flags"] = flags
    return activity if len(reader.problems) == before else None


def _flag_title(reader: _Reader, flag_id: str) -> str:
    for flag in reader.policy.plan.flags if reader.policy.plan else ():
        if flag.id == flag_id:
            return flag.title
    return flag_id
