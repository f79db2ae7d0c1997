"""Checks of a web page read with the standard HTML parser: language, title, headings, fetches."""

from __future__ import annotations

from html.parser import HTMLParser

from .files import Broken
from .ooxml import language_problem

__all__ = ["check_html"]

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Attributes that make a browser fetch something when the page opens.
_FETCHING = frozenset({"src", "srcset", "poster", "data"})


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title: list[str] | None = None
        self.title_text = ""
        self.headings: list[tuple[int, str]] = []
        self.heading: tuple[int, list[str]] | None = None
        self.problems: list[str] = []
        self.open: list[str] = []
        self.anchor: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "title":
            self.title = []
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.heading = (int(tag[1]), [])
        elif tag == "script":
            self.problems.append("runs a script")
        elif tag == "a":
            self.anchor = []
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.problems.append(f"loads a style sheet from {attributes.get('href')}")
        for name in _FETCHING & attributes.keys():
            self.problems.append(f"loads {attributes[name]} (<{tag} {name}>)")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            raise Broken(f"</{tag}> closes <{self.open[-1] if self.open else 'nothing'}>")
        self.open.pop()
        if tag == "title" and self.title is not None:
            self.title_text, self.title = "".join(self.title).strip(), None
        elif self.heading is not None and tag == f"h{self.heading[0]}":
            level, text = self.heading
            self.headings.append((level, "".join(text).strip()))
            self.heading = None
        elif tag == "a" and self.anchor is not None:
            if not "".join(self.anchor).strip():
                self.problems.append("a link has no text")
            self.anchor = None

    def handle_data(self, data: str) -> None:
        for collecting in (self.title, self.heading[1] if self.heading else None, self.anchor):
            if collecting is not None:
                collecting.append(data)


def check_html(data: bytes, lang: str | None) -> list[str]:
    """Every problem of one web page (empty when it is sound)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Broken(f"is not UTF-8 text ({exc.reason})") from None
    page = _Page()
    page.feed(text)
    page.close()
    if page.open:
        raise Broken(f"<{page.open[-1]}> is never closed")
    problems = language_problem(page.lang, lang, "<html lang>")
    if not page.title_text:
        problems.append("has no title (<title>)")
    levels = [level for level, _ in page.headings]
    if levels.count(1) != 1:
        problems.append(f"has {levels.count(1)} level-1 headings, not one")
    previous = 0
    for level, heading in page.headings:
        if level > previous + 1:
            after = f"h{previous}" if previous else "the start"
            problems.append(
                f"heading h{level} '{heading[:60]}' follows {after}: a level is skipped"
            )
        previous = level
    return problems + page.problems
