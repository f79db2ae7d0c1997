"""PO files (GNU gettext's format): one model, read back losslessly, written as GNU writes it.

Babel's own reader drops or mangles previous strings (``#| msgid``) and its writer puts a
multi-line previous string on one line, so the catalogs are read and written here. The writer
produces what ``msgcat --no-wrap`` produces for the same file: no wrapping, a string holding a
line break split after each one, flags with ``fuzzy`` first, obsolete entries (``#~``) last. The
reader also accepts what GNU tools and editors write (wrapped lines, flags in any order,
``#~|`` previous strings), so a catalog that ``msgmerge``, ``msgcat`` or Poedit touched reads the
same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicyError
from ..limits import MAX_TEXT_CHARS, bad_character, describe_character

__all__ = ["PoEntry", "PoFile", "format_po", "read_po", "write_po"]


@dataclass
class PoEntry:
    """One entry: a key (``msgctxt``), its source text and translation, and their comments."""

    context: str | None
    id: str
    string: str = ""
    flags: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # translators' own ("# ...")
    extracted: list[str] = field(default_factory=list)  # "#." notes written by the tool
    references: list[str] = field(default_factory=list)  # "#:" file names
    previous_context: str | None = None  # "#| msgctxt": the key it was translated under
    previous_id: str | None = None  # "#| msgid": the text it was translated from
    obsolete: bool = False
    line: int = 0  # the line of its msgid in the file read, for messages

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def set_fuzzy(self, fuzzy: bool) -> None:
        if fuzzy and not self.fuzzy:
            self.flags.insert(0, "fuzzy")
        elif not fuzzy:
            self.flags = [flag for flag in self.flags if flag != "fuzzy"]
            self.previous_context = self.previous_id = None


@dataclass
class PoFile:
    """A whole catalog: the comment lines at its top, its header, and its entries in order."""

    header: str = ""
    header_comments: list[str] = field(default_factory=list)  # the "# ..." lines at the top
    header_flags: list[str] = field(default_factory=list)
    entries: list[PoEntry] = field(default_factory=list)

    def current(self) -> list[PoEntry]:
        """The entries that are not obsolete."""
        return [entry for entry in self.entries if not entry.obsolete]

    def header_field(self, name: str) -> str | None:
        for line in self.header.split("\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    def remove_header_field(self, name: str) -> None:
        lines = self.header.split("\n")
        kept = [line for line in lines if line.partition(":")[0].strip().lower() != name.lower()]
        self.header = "\n".join(kept)

    def set_header_field(self, name: str, value: str) -> None:
        lines = [line for line in self.header.split("\n") if line]
        for n, line in enumerate(lines):
            if line.partition(":")[0].strip().lower() == name.lower():
                lines[n] = f"{name}: {value}"
                break
        else:
            lines.append(f"{name}: {value}")
        self.header = "".join(f"{line}\n" for line in lines)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPE = re.compile(r'\\(?:([ntr"\\ab])|([0-7]{1,3})|(.))')
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*\Z')
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*)\Z')


def _unescape(text: str, path: Path, line: int) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return _ESCAPES[match.group(1)]
        if match.group(2):
            return chr(int(match.group(2), 8))
        raise PolicyError(f"unknown escape '\\{match.group(3)}'", file=path, line=line)

    return _ESCAPE.sub(replace, text)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )


class _Reader:
    """A line-by-line reader of one PO file into a :class:`PoFile`."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()  # split once: every entry looks up its own lines
        self.result = PoFile()
        self.keys: dict[str | None, int] = {}  # msgctxt -> line, of current entries
        self._reset()

    def _reset(self) -> None:
        self.entry = PoEntry(None, "")
        self.fields: dict[str, list[str]] = {}
        self.previous: dict[str, list[str]] = {}
        self.last: list[str] | None = None  # the string that a continuation line extends
        self.started = 0  # the entry's first line
        self.msgid_line = 0
        self.has_comments = False

    def error(self, message: str, line: int) -> PolicyError:
        return PolicyError(message, file=self.path, line=line)

    def read(self) -> PoFile:
        number = 0
        for number, raw in enumerate(self.lines, start=1):
            self._line(raw.strip(), number)
        self._finish(number + 1)
        return self.result

    def _string(self, rest: str, number: int) -> str:
        match = _STRING.match(rest)
        if not match:
            raise self.error(
                'expected msgctxt, msgid or msgstr followed by a "quoted text"', number
            )
        return _unescape(match.group(1), self.path, number)

    def _line(self, line: str, number: int) -> None:
        if not line:
            return
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line:
                return
        if line.startswith("#|") or (obsolete and line.startswith("|")):
            self._previous(line.lstrip("#|").strip(), number)
            return
        if line.startswith("#") and not obsolete:
            if self.fields.get("msgstr") is not None:
                self._finish(number)
            self._comment(line, number)
            return
        if line.startswith('"'):
            self._continue(line, number)
            return
        match = _KEYWORD.match(line)
        if not match:
            raise self.error(
                'expected msgctxt, msgid or msgstr followed by a "quoted text"', number
            )
        keyword, rest = match.groups()
        if keyword in ("msgctxt", "msgid") and "msgstr" in self.fields:
            self._finish(number)
        if keyword == "msgid" and "msgid" in self.fields:
            raise self.error("a second msgid without a msgstr before it", number)
        if not self.started:
            self.started = number
        if keyword.startswith("msgstr["):
            if keyword != "msgstr[0]":
                return  # plural forms are not used by the kit; the singular is the entry
            keyword = "msgstr"
        if keyword == "msgid_plural":
            self.last = []
            return
        self.entry.obsolete = obsolete
        if keyword == "msgid":
            self.msgid_line = number
        self.last = self.fields.setdefault(keyword, [])
        if self.last:
            raise self.error(f"{keyword} is given twice in one entry", number)
        self.last.append(self._string(rest, number))

    def _continue(self, line: str, number: int) -> None:
        """A quoted line that continues the text started above it."""
        if self.last is None:
            raise self.error("a quoted text that continues nothing", number)
        self.last.append(self._string(line, number))

    def _previous(self, line: str, number: int) -> None:
        if line.startswith('"'):
            self._continue(line, number)
            return
        match = _KEYWORD.match(line)
        if not match or match.group(1) not in ("msgctxt", "msgid", "msgid_plural"):
            raise self.error('expected "#| msgctxt" or "#| msgid" and a "quoted text"', number)
        if "msgstr" in self.fields:
            self._finish(number)
        self.started = self.started or number
        self.last = self.previous.setdefault(match.group(1), [])
        self.last.append(self._string(match.group(2), number))

    def _comment(self, line: str, number: int) -> None:
        self.started = self.started or number
        self.has_comments = True
        self.last = None
        marker, body = line[:2], line[2:].strip()
        if marker == "#.":
            self.entry.extracted.append(body)
        elif marker == "#:":
            self.entry.references.extend(body.split())
        elif marker == "#,":
            for flag in (part.strip() for part in body.split(",")):
                if flag and flag not in self.entry.flags:
                    self.entry.flags.append(flag)
        else:
            self.entry.comments.append(line[2:] if line.startswith("# ") else line[1:])

    def _finish(self, number: int) -> None:
        if not self.fields and not self.previous:
            if self.has_comments and not self.result.entries and not self.result.header:
                # Comments before the header belong to the file, not to an entry.
                self.result.header_comments = self.entry.comments
            self._reset()
            return
        if "msgid" not in self.fields or "msgstr" not in self.fields:
            raise self.error("an entry needs a msgid and a msgstr", self.started or number)
        entry = self.entry
        entry.id = "".join(self.fields["msgid"])
        entry.string = "".join(self.fields["msgstr"])
        if "msgctxt" in self.fields:
            entry.context = "".join(self.fields["msgctxt"])
        if "msgctxt" in self.previous:
            entry.previous_context = "".join(self.previous["msgctxt"])
        if "msgid" in self.previous:
            entry.previous_id = "".join(self.previous["msgid"])
        entry.line = self.msgid_line or self.started
        if entry.id == "" and entry.context is None and not entry.obsolete:
            if self.result.header or self.result.entries:
                raise self.error('a second header (msgid "")', self.started)
            self.result.header = entry.string
            self.result.header_flags = entry.flags
            self.result.header_comments = entry.comments
        else:
            if not entry.obsolete:
                if entry.context in self.keys:
                    what = (
                        f'msgctxt "{_escape(entry.context)}"'
                        if entry.context is not None
                        else f'msgid "{_escape(entry.id)}" without msgctxt'
                    )
                    raise self.error(
                        f"{what} is given twice (first on line {self.keys[entry.context]})",
                        self._context_line(),
                    )
                self.keys[entry.context] = self._context_line()
            self.result.entries.append(entry)
        self._reset()

    def _context_line(self) -> int:
        # The line of the msgctxt itself, which is what a translator looks for.
        lines = self.lines
        for number in range(self.started, len(lines) + 1):
            if lines[number - 1].strip().startswith(("msgctxt", "#~ msgctxt", "msgid")):
                return number
        return self.started


def read_po(path: Path) -> PoFile:
    """Read a PO file; a broken one is a PolicyError naming the file and line.

    Besides the syntax, the header's fields that GNU tools read must be well formed, and every
    translation must be text a document can hold (no control characters, not far too long).
    """
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError(f"not UTF-8 text ({exc.reason})", file=path) from None
    except OSError as exc:
        raise PolicyError(f"cannot read the catalog: {exc.strerror}", file=path) from None
    return parse_po(text, Path(path))


def parse_po(text: str, path: Path) -> PoFile:
    """Read the text of a PO file (``path`` names it in messages)."""
    catalog = _Reader(path, text.removeprefix("\ufeff")).read()
    _check_header(catalog, path)
    _check_strings(catalog, path)
    return catalog


_HEADER_FORMATS = {
    # msgfmt refuses a broken Plural-Forms; dates as GNU writes them, or its placeholder.
    "plural-forms": re.compile(r"\s*nplurals\s*=\s*\d+\s*;\s*plural\s*=[^;]+;?\s*\Z"),
    "pot-creation-date": re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d(?:[+-]\d{4})?|YEAR-MO-DA.*)\Z"),
    "po-revision-date": re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d(?:[+-]\d{4})?|YEAR-MO-DA.*)\Z"),
}


def _check_header(catalog: PoFile, path: Path) -> None:
    for name, expected in _HEADER_FORMATS.items():
        value = catalog.header_field(name)
        if value is not None and value and not expected.match(value):
            raise PolicyError(
                f"invalid PO file header: {name.title()}: {value!r} is not well formed; compare "
                "its first entry (msgid \"\") with a catalog made by 'planmaterials i18n update'",
                file=path,
            )


def _check_strings(catalog: PoFile, path: Path) -> None:
    """Refuse a translation a document cannot hold (a control character) or far too long."""
    for entry in catalog.entries:
        char = bad_character(entry.string)
        problem = (
            f"the translation contains the character {describe_character(char)}, which a "
            "document cannot hold; remove it"
            if char is not None
            else f"the translation has {len(entry.string):,} characters; at most {MAX_TEXT_CHARS:,}"
            if len(entry.string) > MAX_TEXT_CHARS
            else None
        )
        if problem is not None:
            raise PolicyError(problem, file=path, line=entry.line, key=entry.context)


def _lines(keyword: str, text: str, prefix: str = "") -> list[str]:
    """``keyword "text"`` as GNU writes it unwrapped: split after each inner line break."""
    if "\n" not in text[:-1]:
        return [f'{prefix}{keyword} "{_escape(text)}"']
    parts = text.split("\n")
    pieces = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{_escape(piece)}"' for piece in pieces]


def _reference_lines(references: list[str]) -> list[str]:
    """``#:`` lines as GNU writes them: file names joined up to 79 columns (even unwrapped)."""
    lines: list[str] = []
    line = "#:"
    for reference in references:
        if line != "#:" and len(line) + 1 + len(reference) > 79:
            lines.append(line)
            line = "#:"
        line += f" {reference}"
    return [*lines, line] if line != "#:" else lines


def _entry_lines(entry: PoEntry) -> list[str]:
    lines = [f"# {c}" if c else "#" for c in entry.comments]
    lines += [f"#. {c}" if c else "#." for c in entry.extracted]
    lines += _reference_lines(entry.references)
    flags = (["fuzzy"] if entry.fuzzy else []) + [f for f in entry.flags if f != "fuzzy"]
    if flags:
        lines.append("#, " + ", ".join(flags))
    mark = "#~" if entry.obsolete else "#"
    if entry.previous_context is not None:
        lines += _lines("msgctxt", entry.previous_context, f"{mark}| ")
    if entry.previous_id is not None:
        lines += _lines("msgid", entry.previous_id, f"{mark}| ")
    prefix = "#~ " if entry.obsolete else ""
    if entry.context is not None:
        lines += _lines("msgctxt", entry.context, prefix)
    lines += _lines("msgid", entry.id, prefix)
    lines += _lines("msgstr", entry.string, prefix)
    return lines


def format_po(catalog: PoFile) -> bytes:
    """The bytes of a PO file, exactly as ``msgcat --no-wrap`` would write them."""
    head = [f"# {c}" if c else "#" for c in catalog.header_comments]
    if catalog.header_flags:
        head.append("#, " + ", ".join(catalog.header_flags))
    head += ['msgid ""', *_lines("msgstr", catalog.header)]
    blocks = ["\n".join(head)]
    ordered = catalog.current() + [e for e in catalog.entries if e.obsolete]
    blocks += ["\n".join(_entry_lines(entry)) for entry in ordered]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def write_po(path: Path, catalog: PoFile) -> bool:
    """Write ``catalog`` to ``path`` unless the file already holds these bytes; True if written."""
    data = format_po(catalog)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True
