"""Zip packages written by hand: the bytes zipfile writes for the same entries, fixed times."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from planmaterials.writers.package import deflated, normalize_zip, zip_files

DATE = dt.date(2025, 6, 12)


def _zipfile(entries: list[tuple[str, bytes]], date: dt.date) -> bytes:
    """The zip as zipfile writes it: deflated at level 9 unless compressed already, 0644."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, (max(date.year, 1980), date.month, date.day, 12, 0, 0))
            entry.external_attr = 0o644 << 16
            stored = name.endswith((".docx", ".pdf", ".PNG"))
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(entry, data, compresslevel=9)
    return buffer.getvalue()


_NAMES = st.text(st.sampled_from("abcåé/-_."), min_size=1, max_size=12).filter(
    lambda n: not n.endswith("/")
)
_SUFFIXES = st.sampled_from([".xml", ".rels", ".docx", ".pdf", ".PNG", ""])
_ENTRIES = st.lists(
    st.tuples(st.builds(str.__add__, _NAMES, _SUFFIXES), st.binary(max_size=3000)),
    max_size=5,
    unique_by=lambda entry: entry[0],
)


@settings(max_examples=60)
@given(_ENTRIES, st.dates(dt.date(1970, 1, 1), dt.date(2100, 12, 31)))
def test_a_zip_has_the_bytes_zipfile_writes_for_the_same_entries(entries, date):
    assert zip_files(entries, date) == _zipfile(entries, date)


def test_a_part_compressed_once_is_written_as_if_compressed_there():
    part = b"<w:styles>" + b"<w:style/>" * 200 + b"</w:styles>"
    entries = [("word/document.xml", b"<w:document/>"), ("word/styles.xml", part)]
    shared = [entries[0], ("word/styles.xml", deflated(part))]
    assert zip_files(shared, DATE) == zip_files(entries, DATE) == _zipfile(entries, DATE)
    assert deflated(part) is deflated(bytes(part))


def test_a_normalized_zip_keeps_its_entries_and_order_with_fixed_times():
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as target:
        target.writestr("b.xml", b"<b/>")
        target.writestr("a.png", b"\x89PNG")
    package = zipfile.ZipFile(io.BytesIO(normalize_zip(source.getvalue(), DATE)))
    assert [(i.filename, i.date_time) for i in package.infolist()] == [
        ("b.xml", (2025, 6, 12, 12, 0, 0)),
        ("a.png", (2025, 6, 12, 12, 0, 0)),
    ]
    assert package.read("b.xml") == b"<b/>"
