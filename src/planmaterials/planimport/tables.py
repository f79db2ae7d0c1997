"""Finding a plan's parts among a document's tables: area tables by their heading row and
column headers, the plan's own fields by their labels, and the text a user wrote in a cell.

Tags are not needed here: LibreOffice drops them, so a table is known by the texts the template
puts in its header rows, in any language of the kit.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import Vocabulary, normal
from .wordxml import Piece, WordCell, WordTable

__all__ = ["AreaTable", "Texts", "find_area_tables", "grid", "headless_tables"]

REQUIRED_COLUMNS = ("goal", "activity", "responsible", "deadline")


@dataclass(frozen=True)
class Texts:
    """Texts the template itself puts in cells (help texts, control prompts): not user content."""

    template: frozenset[str]  # normal() of each

    def user_pieces(self, paragraph: tuple[Piece, ...]) -> str:
        """A paragraph's text without the prompts of controls that still show them."""
        return "".join(
            piece.text
            for piece in paragraph
            if not (piece.placeholder or (piece.control and normal(piece.text) in self.template))
        )

    def user_paragraphs(self, cell: WordCell) -> list[str]:
        """A cell's paragraphs as the user wrote them, the template's own texts left out."""
        paragraphs = []
        for paragraph in cell.paragraphs:
            text = self.user_pieces(paragraph)
            if normal(text) in self.template:
                continue
            paragraphs.append(text)
        return paragraphs

    def user_text(self, cell: WordCell) -> str:
        return tidy("\n".join(self.user_paragraphs(cell)))


def tidy(text: str) -> str:
    """Outer blank lines and spaces off, trailing spaces off each line (as plan files are read)."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()


def grid(row: tuple[WordCell, ...]) -> dict[int, WordCell]:
    """A row's cells by the grid column each starts in (a merged cell covers several)."""
    cells = {}
    column = 0
    for cell in row:
        cells[column] = cell
        column += cell.span
    return cells


def cell_text(cell: WordCell) -> str:
    return tidy("\n".join("".join(piece.text for piece in p) for p in cell.paragraphs))


@dataclass(frozen=True)
class AreaTable:
    """A development area's table: its area, its columns by grid position, its body rows."""

    table: WordTable
    heading: str  # the heading row's text as written
    area: str | None  # the area id; None when the title is not the policy's
    columns: dict[int, str]  # grid column -> "goal", "activity", "flag:<id>", "status"...
    unknown_columns: tuple[str, ...]
    body: tuple[tuple[WordCell, ...], ...]

    @property
    def place(self) -> str:
        return f"table {self.table.number} ('{self.heading}')"

    def missing_columns(self, extra: tuple[str, ...] = ()) -> list[str]:
        present = set(self.columns.values())
        return [name for name in (*REQUIRED_COLUMNS, *extra) if name not in present]


def find_area_tables(tables: tuple[WordTable, ...], vocabulary: Vocabulary) -> list[AreaTable]:
    """Every table whose first row reads "Development area: <title>" (in any language)."""
    found = []
    for table in tables:
        if len(table.rows) < 1:
            continue
        heading = " ".join(cell_text(cell) for cell in table.rows[0]).strip()
        label, colon, title = heading.partition(":")
        if not colon or vocabulary.label("area", label) != "area":
            continue
        area = vocabulary.areas.get(normal(title))
        columns: dict[int, str] = {}
        unknown = []
        if len(table.rows) > 1:
            for column, cell in grid(table.rows[1]).items():
                text = cell_text(cell)
                name = vocabulary.label("columns", text)
                flag = vocabulary.flags.get(normal(text))
                if name is not None:
                    columns[column] = name
                elif flag is not None:
                    columns[column] = f"flag:{flag.id}"
                else:
                    unknown.append(text)
        found.append(
            AreaTable(
                table=table,
                heading=heading,
                area=area,
                columns=columns,
                unknown_columns=tuple(unknown),
                body=table.rows[2:],
            )
        )
    return found


# The tags of an activity row's controls: a table holding them with text is an area's table.
_ROW_TAGS = frozenset(
    f"pm:{name}"
    for name in ("goal", "activity", "resources", "next-step", "follow-up", "deadline", "status")
)


def headless_tables(
    tables: tuple[WordTable, ...], found: list[AreaTable], vocabulary: Vocabulary, texts: Texts
) -> list[WordTable]:
    """Tables that hold activities but lost the heading row that names their area: their
    rows would otherwise be left out without a word."""
    known = {area_table.table.number for area_table in found}
    headless = []
    for table in tables:
        if table.number in known:
            continue
        header = next(
            (
                index
                for index, row in enumerate(table.rows[:2])
                if {"goal", "activity"}
                <= {vocabulary.label("columns", cell_text(cell)) for cell in row}
            ),
            None,
        )
        for index, row in enumerate(table.rows):
            if header is not None:
                written = index > header and any(texts.user_text(cell) for cell in row)
            else:
                pieces = [p for cell in row for p in cell.pieces() if p.tag in _ROW_TAGS]
                written = any(texts.user_pieces((piece,)).strip() for piece in pieces)
            if written:
                headless.append(table)
                break
    return headless
