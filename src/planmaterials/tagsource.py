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

# A start tag's name; comments and CDATA are matched first so that tags inside them are left
# alone (their text is not markup).
_TAG_OR_SKIPPED = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<([A-Za-z_][\w.-]*)", re.DOTALL)


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
    def add(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)
        line = first_line + text.count("\n", 0, match.start())
        return f'{match.group(0)} {SOURCE_ATTRIBUTE}="{where}:{line}"'

    return _TAG_OR_SKIPPED.sub(add, text)
