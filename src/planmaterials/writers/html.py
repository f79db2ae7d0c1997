"""HTML writer: a Document as one self-contained, accessible web page (inline CSS, no scripts)."""

from __future__ import annotations

import html
import re
from itertools import groupby

from ..document import (
    Block,
    Cell,
    Document,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Span,
    Table,
)
from ..theme import Theme
from ..transforms import unknown_block
from .colours import text_palette, text_variant

__all__ = ["BLOCKS", "write_html"]

# The block types this writer shows; every other one must be rewritten before it runs.
BLOCKS: frozenset[type] = frozenset({Heading, Paragraph, ListBlock, Table})

# One column of comfortable measure that reflows on a phone; colours come from the theme, text
# colours from its text palette.
# Nothing is loaded from elsewhere: the page works from a folder, a zip or an intranet.
_STYLE = """\
*{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%}}
body{{margin:0;background:{background};color:{text};font:1.0625rem/1.55 {body_font};}}
.banner{{background:{primary};color:{on_primary};padding:.75rem 0}}
.banner p{{margin:0 auto;max-width:46rem;padding:0 1.25rem;font-weight:bold}}
main{{margin:0 auto;max-width:46rem;padding:1.5rem 1.25rem 2.5rem}}
h1,h2,h3{{font-family:{heading_font};color:{heading};line-height:1.2}}
h1{{font-size:2rem;margin:.5rem 0 1rem}}
h2{{font-size:1.5rem;margin:2.25rem 0 .75rem;padding-top:1rem;border-top:3px solid {accent}}}
h3{{font-size:1.2rem;margin:1.5rem 0 .5rem}}
p,ul,ol,table{{margin:0 0 1rem}}
ul,ol{{padding-left:1.5rem}}
li{{margin:.3rem 0}}
.lead{{font-size:1.2rem}}
.small{{font-size:.9375rem}}
a{{color:{heading};text-decoration-thickness:1px;text-underline-offset:.15em}}
a:hover{{text-decoration-thickness:2px}}
a:focus-visible{{outline:3px solid {primary};outline-offset:2px}}
table{{border-collapse:collapse;width:100%}}
th,td{{border:1px solid {primary};padding:.4rem .5rem;text-align:left;vertical-align:top}}
th{{background:{primary};color:{on_primary}}}
footer{{margin:0 auto;max-width:46rem;padding:0 1.25rem 2rem;font-size:.9375rem}}
footer p{{border-top:1px solid {primary};padding-top:1rem}}
@media print{{body,.banner,th{{background:none;color:{printed}}}a,h1,h2,h3{{color:{print_head}}}}}
"""


def write_html(document: Document, theme: Theme) -> bytes:
    """The document as a UTF-8 HTML page that declares its language, title and description."""
    colours = theme.colours
    # Text colours from the palette, each readable on what it stands on (WCAG AA, 4.5:1).
    palette = text_palette(colours)
    style = _STYLE.format(
        background=colours.background,
        text=palette["body"][0],
        heading=palette["heading"][0],
        primary=colours.primary,
        accent=colours.accent,
        on_primary=palette["on-primary"][0],
        # Printers leave out backgrounds: text on the paper's white.
        printed=text_variant(colours.text, "#FFFFFF"),
        print_head=text_variant(colours.primary, "#FFFFFF"),
        body_font=_font_stack(theme.body_font),
        heading_font=_font_stack(theme.heading_font),
    )
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(document.title)}</title>",
    ]
    for name, value in (
        ("description", document.subject),
        ("author", document.author),
        ("keywords", ", ".join(document.keywords)),
        ("dcterms.date", document.date.isoformat()),
    ):
        if value:
            head.append(f'<meta name="{name}" content="{_text(value)}">')
    head.append(f"<style>\n{style}</style>")
    body: list[str] = []
    if document.header and document.header != document.title:
        body.append(f'<header class="banner"><p>{_text(document.header)}</p></header>')
    body.append("<main>")
    for block in document.blocks:
        body.extend(_block(block))
    body.append("</main>")
    if document.footer:
        body.append(f"<footer><p>{_text(document.footer)}</p></footer>")
    page = [
        "<!DOCTYPE html>",
        f'<html lang="{_text(document.lang)}">',
        "<head>",
        *head,
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return ("\n".join(page) + "\n").encode("utf-8")


def _font_stack(font: str) -> str:
    """The theme's font first, then the reader's own sans-serif (nothing is downloaded)."""
    # A font name from the policy file is quoted in CSS: keep only what a font name holds.
    name = re.sub(r"[^A-Za-z0-9 _-]", "", font).strip()
    first = f'"{name}", ' if name else ""
    return f'{first}"Liberation Sans", Helvetica, Arial, sans-serif'


def _block(block: Block) -> list[str]:
    match block:
        case Heading(level=level, content=content):
            return [f"<h{level}>{_inline(content)}</h{level}>"]
        case Paragraph(content=content, style=style):
            attribute = "" if style == "normal" else f' class="{style}"'
            return [f"<p{attribute}>{_inline(content)}</p>"]
        case ListBlock():
            return [_list(block)]
        case Table():
            return _table(block)
    unknown_block(block, "HTML")


def _list(block: ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        children = "".join(_list(child) for child in item.children)
        items.append(f"<li>{_inline(item.content)}{children}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def _table(table: Table) -> list[str]:
    lines = ["<table>"]
    if table.caption:
        lines.append(f"<caption>{_text(table.caption)}</caption>")
    for part, rows in (("thead", table.header), ("tbody", table.body)):
        if not rows:
            continue
        lines.append(f"<{part}>")
        for row in rows:
            cells = "".join(_cell(cell, part == "thead") for cell in row.cells)
            lines.append(f"<tr>{cells}</tr>")
        lines.append(f"</{part}>")
    lines.append("</table>")
    return lines


def _cell(cell: Cell, in_header: bool) -> str:
    tag = "th" if cell.header or in_header else "td"
    attributes = ""
    if tag == "th":
        attributes += ' scope="col"' if in_header else ' scope="row"'
    if cell.rowspan > 1:
        attributes += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attributes += f' colspan="{cell.colspan}"'
    content = "".join(line for child in cell.blocks for line in _block(child))
    return f"<{tag}{attributes}>{content}</{tag}>"


def _inline(content: tuple[Inline, ...]) -> str:
    parts = []
    # Neighbouring runs of one link (emphasis inside a link's text) become one <a>.
    for target, group in groupby(content, key=_link_of):
        runs = "".join(_run(item) for item in group)
        if target is None:
            parts.append(runs)
        else:
            href, lang = target
            attributes = f' href="{_text(href)}"'
            if lang:
                attributes += f' hreflang="{_text(lang)}" lang="{_text(lang)}"'
            parts.append(f"<a{attributes}>{runs}</a>")
    return "".join(parts)


def _link_of(item: Inline) -> tuple[str, str | None] | None:
    return (item.target, item.lang) if isinstance(item, Link) else None


def _run(item: Inline) -> str:
    if isinstance(item, LineBreak):
        return "<br>"
    assert isinstance(item, Span)
    text = html.escape(item.text, quote=False)
    if item.italic:
        text = f"<em>{text}</em>"
    if item.bold:
        text = f"<strong>{text}</strong>"
    return text


def _text(value: str) -> str:
    return html.escape(value, quote=True)
