"""Reading the fields of a table row: by their controls' tags, else by column and label.

A template's controls carry tags (``pm:goal``, ``pm:deadline``…) naming what they hold; where
LibreOffice dropped them, the same field is found under its column header or after its label
("Resources:") in the activity cell.
"""

from __future__ import annotations

from .tables import Texts, tidy
from .vocabulary import Vocabulary, normal
from .wordxml import Piece, WordCell

__all__ = ["activity_cell", "control_value", "tag_of", "tagged_value"]

TAG_PREFIX = "pm:"
# Plan file field -> the tag the template gives its control (the contract's names).
_TAGS = {"next_step": "next-step", "follow_up": "follow-up", "overall_goal": "overall-goal"}


def tag_of(name: str) -> str:
    return TAG_PREFIX + _TAGS.get(name, name)


def control_value(pieces: list[Piece], texts: Texts) -> str:
    """The text of controls; a drop-down's shown text read as its item's value, a prompt
    still showing read as nothing."""
    found = []
    for piece in pieces:
        if piece.placeholder or (normal(piece.text) in texts.template):
            continue
        text = piece.text
        for display, value in piece.choices:
            if text.strip() == display.strip() and value:
                text = value
                break
        found.append(text)
    return tidy("\n".join(found))


def tagged_value(pieces: list[Piece], name: str, texts: Texts, cell: WordCell | None) -> str:
    """A field's text: from the controls tagged for it, else from the cell under its header
    (through a drop-down's items if the cell holds one)."""
    tag = tag_of(name)
    value = control_value([piece for piece in pieces if piece.tag == tag], texts)
    if value or cell is None:
        return value
        return ""
    controls = [piece for piece in cell.pieces() if piece.choices]
    if controls:
        return control_value(controls, texts)
    return texts.user_text(cell)


def activity_cell(cell: WordCell, vocabulary: Vocabulary, texts: Texts) -> dict[str, str]:
    """The activity cell: the activity's text, then "Resources:", "Next step:"… paragraphs.

    Paragraphs after a label belong to that label's field until the next label.
    """
    parts: dict[str, list[str]] = {"activity": []}
    current = "activity"
    for paragraph in cell.paragraphs:
        text = texts.user_pieces(paragraph)
        label, colon, rest = text.partition(":")
        name = vocabulary.label("activity", label) if colon else None
        if name is not None:
            current = name
            parts.setdefault(name, []).append(rest)
            continue
        if normal(text) in texts.template:
            continue
        parts.setdefault(current, []).append(text)
    return {name: tidy("\n".join(lines)) for name, lines in parts.items()}
