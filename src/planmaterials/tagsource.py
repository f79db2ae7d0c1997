"""A Jinja2 extension that marks every tag a template writes with the file and line writing it.

The markup parser sees rendered output, whose lines are not the template's; the mark lets a
markup error name the template line a designer must fix. Marks are added when a template is
compiled, only to tags written literally in it (not to text from expressions, which is escaped),
and the parser removes them, so documents are the same with or without them. A mark names the
file by a few letters (see :mod:`.sourcemarks`), since the parser reads every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from .markup import SOURCE_ATTRIBUTE
from .sourcemarks import mark_for

__all__ = ["TagSource"]

# A start tag's name, or an end tag; comments and CDATA are matched first so that tags inside
# them are left alone (their text is not markup).
_TAG_OR_SKIPPED = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<([A-Za-z_][\w.-]*)|</([A-Za-z_][\w.-]*)\s*>", re.DOTALL
)
# The rest of a start tag after its name: its attributes and whether it closes itself. A tag
# that an expression's output ends (or that is no markup) does not match.
_START_TAG_REST = re.compile(r"""((?:\s+[^\s=/>"'<]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(/?)>""")
_OWN_MARK = re.compile(rf"\s{SOURCE_ATTRIBUTE}\s*=")
# Text holding a comment's or CDATA's start or end may be one that an expression splits: which
# of its tags are markup is not known from the text alone.
_SPLIT_COMMENT = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>")


class TagSource(Extension):
    """Adds ``pm-source="mark:line"`` to each start tag in a template's literal text."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        # The file's mark is letters and digits: whatever its name holds (quotes, "--" that
        # would end a comment the mark lands in, any letters), nothing needs escaping.
        where = mark_for(stream.filename or stream.name or "")
        previous = ""
        in_trans = False
        for token in stream:
            if previous == "block_begin" and token.type == "name":
                # Text inside {% trans %} is a message id: marking it would change the message.
                if token.value == "trans":
                    in_trans = True
                elif token.value == "endtrans":
                    in_trans = False
            elif token.type == "data" and not in_trans:
                token = Token(token.lineno, "data", _mark(token.value, token.lineno, where))
            previous = token.type
            yield token


def _mark(text: str, first_line: int, where: str) -> str:
    """``text`` with the mark of its line on each start tag, but on a tag inside another tag of
    this text that starts on the same line: the parser takes an unmarked tag's line from the
    nearest marked tag around it, which names the same line (and the rendered text is smaller).
    """
    pieces: list[str] = []
    done = 0
    # The tags this text has opened and not closed, innermost last, with their lines; an end
    # tag of a tag opened elsewhere, or a start tag not seen whole, leaves no parent known.
    open_tags: list[tuple[str, int]] = []
    structure_known = _SPLIT_COMMENT.search(text) is None
    for match in _TAG_OR_SKIPPED.finditer(text):
        name, end_name = match.groups()
        if end_name is not None:
            if open_tags and open_tags[-1][0] == end_name:
                open_tags.pop()
            else:
                open_tags.clear()
            continue
        if name is None:  # a comment or CDATA
            continue
        line = first_line + text.count("\n", 0, match.start())
        rest = _START_TAG_REST.match(text, match.end())
        # A tag carrying a mark of its own gets ours too, which makes it invalid as before.
        inside = (
            structure_known
            and rest is not None
            and len(open_tags) > 0
            and open_tags[-1][1] == line
            and _OWN_MARK.search(rest.group(1)) is None
        )
        if not inside:
            pieces.append(text[done : match.end()])
            pieces.append(f' {SOURCE_ATTRIBUTE}="{where}:{line}"')
            done = match.end()
        if rest is None:
            open_tags.clear()
        elif not rest.group(2):
            open_tags.append((name, line))
    pieces.append(text[done:])
    return "".join(pieces)
