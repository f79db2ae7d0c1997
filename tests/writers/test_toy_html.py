"""A new format is one writer and one registry line: a toy HTML writer renders the whole kit.

The writer below declares only headings, paragraphs, lists and tables; the transform stage
rewrites every other block for it, so it renders every material without touching any module.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest
from lxml import etree

from planmaterials import compose, load_plan, write
from planmaterials.document import (
    Block,
    Document,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Paragraph,
    Poster,
    Slide,
    Table,
)
from planmaterials.listing import ListedFile, Listing
from planmaterials.localize import LocalizedPolicy
from planmaterials.materials import MATERIALS, Scope
from planmaterials.model import ActionPlan, Policy
from planmaterials.theme import Theme
from planmaterials.transforms import flow_blocks, unknown_block
from planmaterials.writers import WRITERS, Writer

HTML_BLOCKS = frozenset({Heading, Paragraph, ListBlock, Table})
PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
LISTING = Listing((ListedFile("poster.pdf", "Poster", "poster", "pdf", 64_227),), None)


def _inline(content: tuple[Inline, ...]) -> str:
    parts = []
    for item in content:
        if isinstance(item, LineBreak):
            parts.append("<br/>")
            continue
        text = escape(item.text)
        text = f"<strong>{text}</strong>" if item.bold else text
        parts.append(f"<em>{text}</em>" if item.italic else text)
    return "".join(parts)


def _block(block: Block) -> str:
    match block:
        case Heading(level=level, content=content):
            return f"<h{level}>{_inline(content)}</h{level}>"
        case Paragraph(content=content, style=style):
            return f'<p class="{style}">{_inline(content)}</p>'
        case ListBlock(ordered=ordered, items=items):
            tag = "ol" if ordered else "ul"
            return f"<{tag}>{''.join(_item(item) for item in items)}</{tag}>"
        case Table(header=header, body=body):
            rows = [("th", row) for row in header] + [("td", row) for row in body]
            return "<table>" + "".join(_row(tag, row) for tag, row in rows) + "</table>"
    unknown_block(block, "HTML")


def _item(item) -> str:
    return f"<li>{_inline(item.content)}{''.join(_block(c) for c in item.children)}</li>"


def _row(tag: str, row) -> str:
    cells = (f"<{tag}>{''.join(_block(b) for b in cell.blocks)}</{tag}>" for cell in row.cells)
    return f"<tr>{''.join(cells)}</tr>"


def write_html(document: Document, theme: Theme) -> bytes:
    body = "".join(_block(block) for block in document.blocks)
    return (
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{escape(document.lang)}">'
        f"<head><title>{escape(document.title)}</title></head><body>{body}</body></html>"
    ).encode()


def _titles(document: Document) -> list[str]:
    """The headings, slide titles and panel titles a reader must find in any format."""
    titles = []
    for block in flow_blocks(document.blocks):
        match block:
            case Heading(content=content):
                titles.append("".join(getattr(item, "text", " ") for item in content))
            case Slide(title=title):
                titles.append(title)
            case Poster(panels=panels):
                titles.extend(panel.title for panel in panels)
    return titles


def _documents(localized: LocalizedPolicy, plans: tuple[ActionPlan, ...]):
    """Every document of the kit in one language, as each material's scopes say."""
    policy = localized.policy
    translated = tuple(localized.translate_plan(plan) for plan in plans)
    for material in MATERIALS.values():
        for format in material.formats:
            for scope in material.scopes:
                if scope is Scope.KIT and material.applies_to(policy):
                    jobs = [{}]
                elif scope is Scope.AREA:
                    jobs = [{"area": area} for area in policy.areas]
                elif scope is Scope.PLAN:
                    jobs = [{"plan": plan} for plan in translated]
                elif scope is Scope.PLANS:
                    jobs = [{"plans": translated}]
                else:
                    jobs = []
                for job in jobs:
                    if material.lists_kit:  # a page that lists the kit's files
                        job["listing"] = LISTING
                    yield material, compose(material, localized, format=format, **job)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_toy_html_writer_renders_every_material_of_the_kit(
    policy: Policy,
    localized: Callable[[str], LocalizedPolicy],
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(WRITERS, "toy-html", Writer(write_html, HTML_BLOCKS))
    plans = tuple(load_plan(path, policy) for path in sorted(PLANS.glob("*.yaml")))
    assert plans
    rendered = set()
    for material, document in _documents(localized(lang), plans):
        page = etree.fromstring(write(document, "toy-html", policy.theme))
        assert page.get("lang") == document.lang
        text = " ".join("".join(page.itertext()).split())
        for title in _titles(document):
            assert " ".join(title.split()) in text, (material.id, title)
        rendered.add(material.id)
    assert rendered == set(MATERIALS)
