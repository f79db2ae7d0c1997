"""Parsing the document markup that templates render into a :class:`Document` tree.

The markup is a strict XHTML-like subset::

    <document title="…" subject="…" keywords="a, b" header="…" header-right="…" footer="…"
              page-label="…" identifier="…">
      <h1>…</h1> <h2>…</h2> <h3>…</h3>
      <p class="lead|small">text with <em>…</em>, <strong>…</strong>, <br/> and
             <a href="file.pdf|https://…|mailto:…" hreflang="en">…</a></p>
      <p>Label: <field tag="goal" kind="text|date|choice" prompt="…" title="…"
             choices="yes=Yes|partly=Partly" value="yes" multiline="yes"/></p>
      <ul>/<ol> <li>text <ul>…</ul></li> </ul>
      <table widths="2,3,1" caption="…"><thead><tr><th>…</th></tr></thead>
             <tbody><tr><td rowspan="2" colspan="1">text or blocks</td></tr></tbody></table>
      <td type="date" value="2026-03-31">31 March 2026</td>  <td type="number" value="12">12</td>
      <fill lines="3" label="…"/>  <pagebreak/>  <section orientation="landscape">…</section>
      <poster link="https://…" caption="…" points="5"><steps title="…"><step>…</step>…</steps>
        <panel title="…" id="home"><p>…</p><ul>…</ul></panel>…</poster>
      <slide title="…" layout="title|section|content"> <p>/<ul>/<ol>/<diagram>…
             <notes><p>what the presenter says</p></notes> </slide>
    </document>

A slide's picture: ``<diagram kind="cards|process|grid|cycle"><item title="…">a line of
text</item>…</diagram>``; an item's title may be left out when it has text.

``<document type-size="large">`` asks writers for large type (pages read at a distance).

Whitespace is collapsed as in HTML. Anything else is an error naming the template and line.
Templates mark each tag they write with ``pm-source="mark:line"`` (see :mod:`.tagsource`), the
mark a few letters naming the file (see :mod:`.sourcemarks`); the parser reads the mark to name
the template line of an error, and nothing else sees it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import ClassVar

from lxml import etree

from .document import (
    DIAGRAM_KINDS,
    FIELD_KINDS,
    Block,
    Cell,
    Diagram,
    DiagramItem,
    Document,
    Field,
    FillIn,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    PageBreak,
    Panel,
    Paragraph,
    Poster,
    Row,
    Section,
    Slide,
    Span,
    Table,
    plain_text,
)
from .errors import PolicyError
from .sourcemarks import file_for

__all__ = ["SOURCE_ATTRIBUTE", "parse_markup"]

SOURCE_ATTRIBUTE = "pm-source"

# HTML collapses only ASCII white space: a no-break space (as in "12 kB") is kept.
_SPACE = re.compile(r"[ \t\n\r\f]+")
# A link goes to a web or mail address, or to a file beside the document (or in a sibling folder:
# ../en/index.html); never up more than one folder, never to a hidden file.
_LINK_TARGET = re.compile(
    r"(https?://|mailto:)[^\s<>\"'`]+"
    r"|(\.\./)?[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*(#[A-Za-z0-9_-]+)?"
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)

_ATTRIBUTES: dict[str, frozenset[str]] = {
    "document": frozenset(
        {
            "title",
            "subject",
            "keywords",
            "header",
            "header-right",
            "footer",
            "page-label",
            "type-size",
            "identifier",
        }
    ),
    "h1": frozenset(),
    "h2": frozenset(),
    "h3": frozenset(),
    "p": frozenset({"class"}),
    "ul": frozenset(),
    "ol": frozenset(),
    "li": frozenset(),
    "table": frozenset({"widths", "caption"}),
    "thead": frozenset(),
    "tbody": frozenset(),
    "tr": frozenset(),
    "th": frozenset({"rowspan", "colspan"}),
    "td": frozenset({"rowspan", "colspan", "type", "value"}),
    "fill": frozenset({"lines", "label"}),
    "pagebreak": frozenset(),
    "section": frozenset({"orientation"}),
    "poster": frozenset({"link", "caption", "points"}),
    "steps": frozenset({"title"}),
    "step": frozenset(),
    "panel": frozenset({"title", "id"}),
    "slide": frozenset({"title", "layout"}),
    "notes": frozenset(),
    "diagram": frozenset({"kind"}),
    "item": frozenset({"title"}),
    "em": frozenset(),
    "strong": frozenset(),
    "br": frozenset(),
    "a": frozenset({"href", "hreflang"}),
    "field": frozenset({"tag", "kind", "prompt", "title", "choices", "value", "multiline"}),
}
# What check() accepts: an element's own attributes and the template's mark on every tag.
_MARKED_ATTRIBUTES = {tag: names | {SOURCE_ATTRIBUTE} for tag, names in _ATTRIBUTES.items()}
# The attribute names of an element with none of its own: marked by its template, or not.
_PLAIN_KEYS = ([SOURCE_ATTRIBUTE], [])
_EMPHASIS = frozenset({"em", "strong"})
_PARAGRAPH_STYLES = ("normal", "lead", "small")
_VALUE_TYPES = ("date", "number")
_TYPE_SIZES = ("normal", "large")
_SLIDE_LAYOUTS = ("title", "section", "content")
# A field's tag is a name with an optional qualifier (``flag:alliance``); a choice's value is a
# word (a unit's abbreviation, a flag's value).
_FIELD_TAG = re.compile(r"[a-z][a-z0-9-]*(:[A-Za-z0-9_.-]+)?")
_CHOICE_VALUE = re.compile(r"[^\s|=]+")

# Inline text is read as pieces: a text (collapsed) with its style, merged into spans at the
# end, or a line break or field as it is.
_Style = tuple[bool, bool, tuple[str, str | None] | None]  # bold, italic, link target and lang
_Piece = list | LineBreak | Field  # a text piece is [text, style], a list so merging can extend it


class _Parser:
    def __init__(self, template: str) -> None:
        self.template = template
        self._choices: dict[tuple[str, str | None], tuple[tuple[str, str], ...]] = {}

    def error(self, element: etree._Element | None, message: str) -> PolicyError:
        file, line = self._where(element)
        return PolicyError(message, file=file, line=line)

    def _where(self, element: etree._Element | None) -> tuple[str, int | None]:
        """The template file and line that wrote ``element``, as exactly as known."""
        if element is None:
            return self.template, None
        # A tag written by an expression (a filter's markup) has no mark of its own: the
        # nearest enclosing tag written in the template is the place to look.
        for node in (element, *element.iterancestors()):
            mark = node.get(SOURCE_ATTRIBUTE)
            if mark is not None:
                file, _, line = mark.rpartition(":")
                if line.isdigit():
                    # A template's mark names its file by a few letters; a mark written by hand
                    # (markup a template prints, a test's) names the file itself.
                    file = file_for(file) or file
                    return file or self.template, int(line)
        # Markup that did not come from a marked template: its own lines are the source.
        return self.template, element.sourceline

    def check(self, element: etree._Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            raise self.error(None, "processing instructions and entities are not allowed")
        allowed = _MARKED_ATTRIBUTES.get(tag)
        if allowed is None:
            raise self.error(element, f"unknown element <{tag}> in the document markup")
        names = element.keys()  # the attributes' names (iterating an element gives its children)
        for name in names:
            if name not in allowed:
                expected = ", ".join(sorted(_ATTRIBUTES[tag])) or "none"
                raise self.error(
                    element, f"unknown attribute '{name}' on <{tag}>; expected {expected}"
                )

    # -- inline content -------------------------------------------------------------------

    def inline(self, element: etree._Element, fields: bool = False) -> tuple[Inline, ...]:
        """The inline content of ``element``; ``fields`` allows ``<field/>`` (paragraphs only)."""
        if not len(element):  # most elements hold only text: no styles to merge
            text = element.text
            if not text:
                return ()
            text = _collapse(text).strip(" ")
            return (Span(text),) if text else ()
        pieces: list[_Piece] = []
        self._collect(element, pieces, (False, False, None), fields)
        return _trim(pieces)

    def _collect(
        self, element: etree._Element, pieces: list[_Piece], style: _Style, fields: bool
    ) -> None:
        """Append the texts (collapsed, with their style) and breaks and fields of ``element``."""
        bold, italic, link = style
        text = element.text
        if text:
            pieces.append([_collapse(text), style])
        for child in element:
            tag = child.tag
            if tag in _EMPHASIS and not len(child) and child.keys() in _PLAIN_KEYS:
                # the usual <em>text</em>, read here rather than by a call for each
                text = child.text
                if text:
                    emphasis = (bold, True, link) if tag == "em" else (True, italic, link)
                    pieces.append([_collapse(text), emphasis])
                tail = child.tail
                if tail:
                    pieces.append([_collapse(tail), style])
                continue
            self.check(child)
            if tag == "em":
                self._collect(child, pieces, (bold, True, link), fields)
            elif tag == "strong":
                self._collect(child, pieces, (True, italic, link), fields)
            elif tag == "br":
                pieces.append(LineBreak())
            elif tag == "a" and link is None:
                self._collect(child, pieces, (bold, italic, self.link(child)), fields)
            elif tag == "field" and fields and link is None:
                pieces.append(self.field(child))
            else:
                raise self.error(child, f"<{tag}> is not allowed inside <{element.tag}>")
            tail = child.tail
            if tail:
                pieces.append([_collapse(tail), style])

    def field(self, element: etree._Element) -> Field:
        if (element.text and element.text.strip()) or len(element):
            raise self.error(element, "<field> holds no content; give its text as value='…'")
        tag = element.get("tag", "")
        if not _FIELD_TAG.fullmatch(tag):
            raise self.error(element, f"tag='{tag}' is not a field name such as 'goal'")
        kind = element.get("kind", "text")
        if kind not in FIELD_KINDS:
            raise self.error(element, f"kind='{kind}'; expected {', '.join(FIELD_KINDS)}")
        prompt = _collapse(element.get("prompt", "")).strip()
        if not prompt:
            raise self.error(element, "<field> needs a prompt, shown while it is empty")
        # A form repeats its fields row by row: their choices are read once per document.
        raw = element.get("choices")
        choices = self._choices.get((kind, raw))
        if choices is None:
            choices = self._choices[kind, raw] = self.choices(element, kind, raw)
        value = element.get("value")
        if value is not None and not value.strip():
            value = None
        if kind == "choice" and value is not None and value not in dict(choices):
            raise self.error(element, f"value='{value}' is not one of the field's choices")
        multiline = element.get("multiline", "no")
        if multiline not in ("yes", "no"):
            raise self.error(element, f"multiline='{multiline}'; expected yes or no")
        title = _collapse(element.get("title", "")).strip()
        return Field(tag, kind, prompt, title, choices, value, multiline == "yes")

    def choices(
        self, element: etree._Element, kind: str, raw: str | None
    ) -> tuple[tuple[str, str], ...]:
        """A field's ``choices='value=text|…'`` as pairs of value and the text shown."""
        choices: list[tuple[str, str]] = []
        for item in (raw or "").split("|"):
            if not item.strip() and kind != "choice":
                continue
            value, _, shown = item.partition("=")
            value, shown = value.strip(), _collapse(shown).strip() or value.strip()
            if not _CHOICE_VALUE.fullmatch(value) or value in dict(choices):
                raise self.error(
                    element,
                    f"choices='{raw}'; expected value=text|… with a different word as each value",
                )
            choices.append((value, shown))
        if choices and kind != "choice":
            raise self.error(element, f"a field of kind '{kind}' has no choices")
        return tuple(choices)

    def link(self, element: etree._Element) -> tuple[str, str | None]:
        target = (element.get("href") or "").strip()
        if not _LINK_TARGET.fullmatch(target):
            raise self.error(
                element,
                f"href='{target}'; expected an https:// or mailto: address or a file name "
                "beside the document",
            )
        lang = (element.get("hreflang") or "").strip() or None
        if lang is not None and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
            raise self.error(element, f"hreflang='{lang}' is not a language tag such as 'en'")
        return target, lang

    # -- blocks ---------------------------------------------------------------------------

    def blocks(self, element: etree._Element, allowed: frozenset[str]) -> tuple[Block, ...]:
        text = element.text
        if text and text.strip():
            raise self.error(element, f"text directly inside <{element.tag}>; wrap it in <p>")
        result = []
        for child in element:
            tag = child.tag
            # an allowed block with no attributes but its mark passes the check: skip the call
            if tag not in allowed or child.keys() not in _PLAIN_KEYS:
                self.check(child)
                if tag not in allowed:
                    raise self.error(child, f"<{tag}> is not allowed inside <{element.tag}>")
            result.append(self.BLOCKS[tag](self, child))
            tail = child.tail
            if tail and tail.strip():
                raise self.error(child, f"text after <{tag}>; wrap it in <p>")
        return tuple(result)

    def heading(self, element: etree._Element) -> Heading:
        if len(element):
            return Heading(int(element.tag[1]), self.inline(element))
        key = (element.tag, element.text)  # of text only: made once, as paragraphs are
        heading = _PLAIN_HEADINGS.get(key)
        if heading is None:
            heading = Heading(int(element.tag[1]), self.inline(element))
            if len(_PLAIN_HEADINGS) >= _MADE_CELLS_LIMIT:
                _PLAIN_HEADINGS.clear()
            _PLAIN_HEADINGS[key] = heading
        return heading

    def paragraph(self, element: etree._Element) -> Paragraph:
        style = element.get("class", "normal")
        if style not in _PARAGRAPH_STYLES:
            raise self.error(element, f"unknown paragraph class '{style}'")
        # Made once for every document, as cells are (see cell): a paragraph of text only for
        # its style and text, another for its markup (a cell's paragraphs recur in other cells:
        # an activity's text with another unit's resources, a field with another value).
        if not len(element):
            key = (style, element.text)
            paragraph = _PLAIN_PARAGRAPHS.get(key)
            if paragraph is None:
                paragraph = Paragraph(self.inline(element), style)
                if len(_PLAIN_PARAGRAPHS) >= _MADE_CELLS_LIMIT:
                    _PLAIN_PARAGRAPHS.clear()
                _PLAIN_PARAGRAPHS[key] = paragraph
            return paragraph
        markup = etree.tostring(element, encoding="unicode", with_tail=False)
        paragraph = _MADE_PARAGRAPHS.get(markup)
        if paragraph is None:
            paragraph = Paragraph(self.inline(element, fields=True), style)
            if len(_MADE_PARAGRAPHS) >= _MADE_CELLS_LIMIT:
                _MADE_PARAGRAPHS.clear()
            _MADE_PARAGRAPHS[markup] = paragraph
        return paragraph

    def list(self, element: etree._Element) -> ListBlock:
        items = []
        for child in element:
            self.check(child)
            if child.tag != "li":
                raise self.error(child, f"<{child.tag}> is not allowed inside <{element.tag}>")
            nested = [grand for grand in child if grand.tag in ("ul", "ol")]
            for grand in nested:
                child.remove(grand)
            items.append(ListItem(self.inline(child), tuple(self.list(n) for n in nested)))
        if not items:
            raise self.error(element, f"<{element.tag}> needs at least one <li>")
        return ListBlock(element.tag == "ol", tuple(items))

    def table(self, element: etree._Element) -> Table:
        header: list[Row] = []
        body: list[Row] = []
        cell = self.cell
        for part in element:
            self.check(part)
            if part.tag not in ("thead", "tbody"):
                raise self.error(part, f"<{part.tag}> is not allowed inside <table>")
            rows = header if part.tag == "thead" else body
            for row in part:
                # a row with no attributes but its mark passes the check: skip the call
                if row.tag != "tr" or row.keys() not in _PLAIN_KEYS:
                    self.check(row)
                    if row.tag != "tr":
                        raise self.error(row, f"<{row.tag}> is not allowed inside <{part.tag}>")
                rows.append(Row(tuple([cell(each) for each in row])))
        columns = max([sum([c.colspan for c in row.cells]) for row in header + body], default=0)
        if columns == 0:
            raise self.error(element, "a table needs at least one row with cells")
        widths = self.widths(element, columns)
        return Table(widths, tuple(header), tuple(body), element.get("caption"))

    def widths(self, element: etree._Element, columns: int) -> tuple[float, ...]:
        raw = element.get("widths")
        if raw is None:
            return (1.0,) * columns
        widths = _WIDTHS.get(raw)  # a document's tables share their widths, as do documents
        if widths is None:
            try:
                widths = tuple(float(part) for part in raw.split(","))
            except ValueError:
                raise self.error(element, f"widths='{raw}' is not a list of numbers") from None
            if len(_WIDTHS) >= _MADE_CELLS_LIMIT:
                _WIDTHS.clear()
            _WIDTHS[raw] = widths
        if len(widths) != columns or any(width <= 0 for width in widths):
            raise self.error(
                element, f"widths='{raw}' must give {columns} positive numbers, one per column"
            )
        return widths

    def cell(self, element: etree._Element) -> Cell:
        if len(element):
            # Documents made from one template repeat whole cells (a unit plan's activities
            # come from the policy's list): a cell is made once for its markup, whichever
            # document it is in. Reading the markup costs a fraction of reading the cell.
            markup = etree.tostring(element, encoding="unicode", with_tail=False)
            cell = _MADE_CELLS.get(markup)
            if cell is None:
                cell = self._cell(element, element.keys() in _PLAIN_KEYS)
                if len(_MADE_CELLS) >= _MADE_CELLS_LIMIT:
                    _MADE_CELLS.clear()  # a bound on the memory kept, simply
                _MADE_CELLS[markup] = cell
            return cell
        # Tables repeat the texts of their cells (a status, a unit, a date): a cell of text only
        # is made once, for every document, for its tag, text and attributes (the mark aside
        # when there are no others) and, as the tree is immutable, the one object serves every
        # place (and the Word writer writes it once: see writers/docx.py). Most cells have no
        # attributes but the template's mark: no check or spans to read.
        plain = element.keys() in _PLAIN_KEYS
        if plain:
            key: tuple[object, ...] = (element.tag, element.text)
        else:
            key = (element.tag, element.text, *element.items())
        cell = _TEXT_CELLS.get(key)
        if cell is None:
            cell = self._cell(element, plain)
            if len(_TEXT_CELLS) >= _MADE_CELLS_LIMIT:
                _TEXT_CELLS.clear()
            _TEXT_CELLS[key] = cell
        return cell

    def _cell(self, element: etree._Element, plain: bool) -> Cell:
        tag = element.tag
        plain = plain and tag in ("td", "th")
        if plain:
            rowspan = colspan = 1
        else:
            self.check(element)
            if tag not in ("th", "td"):
                raise self.error(element, f"<{tag}> is not allowed inside <tr>")
            rowspan = self.number(element, "rowspan", 1)
            colspan = self.number(element, "colspan", 1)
        if len(element) and not _CELL_BLOCKS.isdisjoint([child.tag for child in element]):
            blocks = self.blocks(element, _CELL_BLOCKS)
        else:
            content = self.inline(element, fields=True)
            blocks = (Paragraph(content),) if content else ()
        value = None if plain else self.value(element)
        return Cell(blocks, tag == "th", rowspan, colspan, value)

    def value(self, element: etree._Element) -> dt.date | int | float | None:
        """A cell's typed value: ``type="date|number"`` with ``value`` in ISO or digits."""
        kind, raw = element.get("type"), element.get("value")
        if kind is None and raw is None:
            return None
        if kind not in _VALUE_TYPES or raw is None:
            raise self.error(element, "a typed cell needs type='date' or type='number' and a value")
        try:
            if kind == "date":
                return dt.date.fromisoformat(raw.strip())
            number = float(raw)
        except ValueError:
            raise self.error(element, f"value='{raw}' is not a {kind}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.error(element, f"value='{raw}' is not a {kind}")
        return int(number) if number.is_integer() and "." not in raw else number

    def number(self, element: etree._Element, name: str, default: int) -> int:
        raw = element.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or int(raw) < 1:
            raise self.error(element, f"{name}='{raw}' must be a whole number of at least 1")
        return int(raw)

    def fill(self, element: etree._Element) -> FillIn:
        return FillIn(self.number(element, "lines", 3), element.get("label"))

    def pagebreak(self, element: etree._Element) -> PageBreak:
        return PageBreak()

    def section(self, element: etree._Element) -> Section:
        orientation = element.get("orientation", "portrait")
        if orientation not in ("portrait", "landscape"):
            raise self.error(
                element, f"orientation='{orientation}'; expected portrait or landscape"
            )
        return Section(orientation, self.blocks(element, _FLOW_BLOCKS))

    def poster(self, element: etree._Element) -> Poster:
        panels = []
        steps_title, steps = None, ()
        for child in self.children(element, {"panel", "steps"}):
            if child.tag == "steps":
                if steps or panels:
                    raise self.error(child, "<steps> comes once, before the first <panel>")
                steps_title = _SPACE.sub(" ", child.get("title", "")).strip() or None
                steps = tuple(
                    _SPACE.sub(" ", "".join(step.itertext())).strip()
                    for step in self.children(child, {"step"})
                )
                if not steps or not all(steps):
                    raise self.error(child, "<steps> needs one or more <step> with text")
                continue
            title = child.get("title", "").strip()
            if not title:
                raise self.error(child, "<panel> needs a title")
            panel_id = child.get("id", "").strip() or None
            if panel_id is not None and panel_id in {panel.id for panel in panels}:
                raise self.error(child, f"two panels have the id '{panel_id}'")
            blocks = self.blocks(child, _PANEL_BLOCKS)
            panels.append(Panel(_SPACE.sub(" ", title), blocks, panel_id))
        if not panels:
            raise self.error(element, "<poster> needs at least one <panel>")
        link = element.get("link", "").strip() or None
        caption = _SPACE.sub(" ", element.get("caption", "")).strip() or None
        points = self.number(element, "points", 0) or None
        return Poster(tuple(panels), steps_title, steps, link, caption, points)

    def children(self, element: etree._Element, allowed: set[str]) -> list[etree._Element]:
        if element.text and element.text.strip():
            raise self.error(element, f"text directly inside <{element.tag}>")
        result = []
        for child in element:
            self.check(child)
            if child.tag not in allowed:
                raise self.error(child, f"<{child.tag}> is not allowed inside <{element.tag}>")
            if child.tail and child.tail.strip():
                raise self.error(child, f"text after <{child.tag}>")
            result.append(child)
        return result

    def slide(self, element: etree._Element) -> Slide:
        title = _SPACE.sub(" ", element.get("title", "")).strip()
        if not title:
            raise self.error(element, "<slide> needs a title")
        layout = element.get("layout", "content")
        if layout not in _SLIDE_LAYOUTS:
            raise self.error(element, f"layout='{layout}'; expected {', '.join(_SLIDE_LAYOUTS)}")
        notes: list[str] = []
        for child in element.findall("notes"):
            self.check(child)
            for block in self.blocks(child, frozenset({"p"})):
                notes.append(plain_text(block.content))  # type: ignore[union-attr]
            element.remove(child)
        blocks = self.blocks(element, _SLIDE_BLOCKS)
        return Slide(title, layout, blocks, tuple(notes))  # type: ignore[arg-type]

    def diagram(self, element: etree._Element) -> Diagram:
        kind = element.get("kind", "")
        if kind not in DIAGRAM_KINDS:
            raise self.error(element, f"kind='{kind}'; expected {', '.join(DIAGRAM_KINDS)}")
        items = []
        for child in self.children(element, {"item"}):
            title = _SPACE.sub(" ", child.get("title", "")).strip()
            text = plain_text(self.inline(child))
            if not (title or text):
                raise self.error(child, "<item> needs a title or text")
            items.append(DiagramItem(title or text, text if title else ""))
        if not items:
            raise self.error(element, "<diagram> needs at least one <item>")
        if kind == "grid" and len(items) != 4:
            raise self.error(element, f"a grid has four items (2 × 2), not {len(items)}")
        return Diagram(kind, tuple(items))

    BLOCKS: ClassVar[dict[str, Callable[[_Parser, etree._Element], Block]]] = {
        "h1": heading,
        "h2": heading,
        "h3": heading,
        "p": paragraph,
        "ul": list,
        "ol": list,
        "table": table,
        "fill": fill,
        "pagebreak": pagebreak,
        "section": section,
        "poster": poster,
        "slide": slide,
        "diagram": diagram,
    }


# Cells with blocks, made before, by their markup; cells of text only by their tag, text and
# attributes (see _Parser.cell).
_MADE_CELLS: dict[str, Cell] = {}
_TEXT_CELLS: dict[tuple[object, ...], Cell] = {}
# Paragraphs made before: of text only by their style and text, others by their markup (see
# _Parser.paragraph).
_PLAIN_PARAGRAPHS: dict[tuple[str, str | None], Paragraph] = {}
_WIDTHS: dict[str, tuple[float, ...]] = {}  # a table's widths='…' -> the numbers it gives
_MADE_PARAGRAPHS: dict[str, Paragraph] = {}
_PLAIN_HEADINGS: dict[tuple[str, str | None], Heading] = {}  # of text only, by tag and text
_MADE_CELLS_LIMIT = 4096

_FLOW_BLOCKS = frozenset({"h1", "h2", "h3", "p", "ul", "ol", "table", "fill", "pagebreak"})
_TOP_BLOCKS = _FLOW_BLOCKS | {"section", "poster", "slide"}
_SLIDE_BLOCKS = frozenset({"p", "ul", "ol", "diagram"})
_CELL_BLOCKS = frozenset({"p", "ul", "ol", "fill"})
_PANEL_BLOCKS = frozenset({"p", "ul", "ol"})


def _collapse(text: str) -> str:
    """``text`` with each run of white space one space; most texts have none to collapse."""
    # Looking for what needs collapsing is far cheaper than a substitution that finds nothing.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _SPACE.sub(" ", text)
    return text


def _trim(pieces: list[_Piece]) -> tuple[Inline, ...]:
    """Spans of the collapsed texts, merged and trimmed at the edges and around line breaks.

    Neighbouring texts of one style (emphasis, and the link if any) make one span; each was
    collapsed on its own, as HTML does, so ``a <em></em> b`` keeps both spaces.
    """
    merged: list[_Piece] = []
    for piece in pieces:
        if type(piece) is list and merged:
            last = merged[-1]
            if type(last) is list and last[1] == piece[1]:
                last[0] += piece[0]
                continue
        merged.append(piece)
    result: list[Inline] = []
    end = len(merged) - 1
    for index, piece in enumerate(merged):
        if type(piece) is not list:
            result.append(piece)  # type: ignore[arg-type]
            continue
        text, (bold, italic, link) = piece
        if index == 0 or type(merged[index - 1]) is LineBreak:
            text = text.lstrip(" ")
        if index == end or type(merged[index + 1]) is LineBreak:
            text = text.rstrip(" ")
        if text:
            if link is None:
                result.append(Span(text, bold, italic))
            else:
                result.append(Link(text, bold, italic, target=link[0], lang=link[1]))
    return tuple(result)


def parse_markup(
    markup: str,
    *,
    template: str,
    lang: str,
    date: dt.date,
    author: str,
) -> Document:
    """Parse rendered markup into a :class:`Document`; errors name ``template`` and a line."""
    parser = _Parser(template)
    try:
        root = etree.fromstring(markup.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise PolicyError(
            f"the template rendered invalid markup: {exc.msg} (line {line} of the output)",
            file=template,
        ) from None
    if root.tag != "document":
        raise parser.error(root, f"the markup must start with <document>, not <{root.tag}>")
    parser.check(root)
    title = root.get("title", "").strip()
    if not title:
        raise parser.error(root, "<document> needs a title")
    type_size = root.get("type-size", "normal")
    if type_size not in _TYPE_SIZES:
        raise parser.error(root, f"type-size='{type_size}'; expected normal or large")
    keywords = tuple(word.strip() for word in root.get("keywords", "").split(",") if word.strip())
    return Document(
        title=title,
        lang=lang,
        date=date,
        author=author,
        blocks=parser.blocks(root, _TOP_BLOCKS),
        subject=root.get("subject", "").strip(),
        keywords=keywords,
        header=root.get("header", title).strip(),
        header_right=root.get("header-right", "").strip(),
        footer=root.get("footer", "").strip(),
        page_label=root.get("page-label", "{page} ({pages})"),
        type_size=type_size,
        identifier=root.get("identifier", "").strip(),
    )
