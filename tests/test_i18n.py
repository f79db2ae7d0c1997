"""Run-time translation: lookups by key with their state, and CLDR formatting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_date

from planmaterials import PolicyError
from planmaterials.i18n import LABELS, POLICY, Catalogs, Formatter, State


def _po(tmp_path: Path, lang: str, domain: str, body: str) -> Path:
    folder = tmp_path / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{domain}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body, "utf-8"
    )
    return tmp_path


ENTRIES = """
msgctxt "area.home.title"
msgid "Internationalisering på hemmaplan"
msgstr "Internationalisation at home"

#, fuzzy
msgctxt "area.home.description"
msgid "Beskrivning"
msgstr "Description"

msgctxt "area.home.point.1"
msgid "Gammal text"
msgstr "Old text"

msgctxt "area.home.point.2"
msgid "Tom"
msgstr ""
"""


def test_a_lookup_reports_translated_fuzzy_and_untranslated(tmp_path):
    catalogs = Catalogs.load([_po(tmp_path, "en", POLICY, ENTRIES)], "en", "sv")
    found = catalogs.lookup(POLICY, "area.home.title", "Internationalisering på hemmaplan")
    assert (found.text, found.state) == ("Internationalisation at home", State.TRANSLATED)
    assert catalogs.lookup(POLICY, "area.home.description", "Beskrivning").state == State.FUZZY
    stale = catalogs.lookup(POLICY, "area.home.point.1", "Ny text")
    assert (stale.text, stale.state) == ("Ny text", State.FUZZY)  # changed since translated
    assert catalogs.lookup(POLICY, "area.home.point.2", "Tom").state == State.UNTRANSLATED
    assert catalogs.lookup(POLICY, "area.home.point.9", "Saknas").state == State.UNTRANSLATED
    assert [m.key for m in catalogs.missing()] == [
        "area.home.description",
        "area.home.point.1",
        "area.home.point.2",
        "area.home.point.9",
    ]


def test_the_last_lookup_of_a_key_is_the_one_recorded_however_often_asked(tmp_path):
    catalogs = Catalogs.load([_po(tmp_path, "en", POLICY, ENTRIES)], "en", "sv")
    title = "Internationalisering på hemmaplan"
    for source in (title, "Ny titel", title):  # asked again: answered from memory
        catalogs.lookup(POLICY, "area.home.title", source)
    assert catalogs.missing() == []
    catalogs.lookup(POLICY, "area.home.title", "Ny titel")
    assert [(m.key, m.text, m.state) for m in catalogs.missing()] == [
        ("area.home.title", "Ny titel", State.FUZZY)
    ]


def test_the_source_language_needs_no_catalog(tmp_path):
    catalogs = Catalogs.load([tmp_path], "sv", "sv")
    assert catalogs.lookup(POLICY, "policy.title", "Policy").state == State.SOURCE
    assert catalogs.pgettext("label.goal", "Goal") == "Goal"  # no sv labels catalog here
    assert catalogs.lookup(LABELS, "label.goal", "Goal").state == State.UNTRANSLATED


def test_a_users_catalog_overrides_the_shipped_one_file_by_file(tmp_path, policy):
    from planmaterials.resources import locale_path

    user = _po(
        tmp_path, "sv", LABELS, 'msgctxt "label.contact"\nmsgid "Contact"\nmsgstr "Hör av dig"\n'
    )
    catalogs = Catalogs.load(locale_path([user]), "sv", "sv")
    assert catalogs.pgettext("label.contact", "Contact") == "Hör av dig"
    english = Catalogs.load(locale_path([user]), "en", "sv")  # falls through to the shipped en
    assert english.text(POLICY, "policy.title", policy.title) != policy.title


def test_a_broken_catalog_is_a_policy_error_naming_the_file(tmp_path):
    folder = _po(tmp_path, "en", POLICY, 'msgctxt "x"\nmsgid "a"\nmsgstr "b\n')
    with pytest.raises(PolicyError) as info:
        Catalogs.load([folder], "en", "sv")
    assert info.value.file == folder / "en" / "LC_MESSAGES" / "policy.po"
    assert info.value.line == 7


def test_a_key_given_twice_in_a_catalog_is_an_error_with_both_lines(tmp_path):
    entry = 'msgctxt "policy.title"\nmsgid "a"\nmsgstr "b"\n\n'
    folder = _po(tmp_path, "en", POLICY, entry + entry)
    with pytest.raises(PolicyError, match="given twice \\(first on line 5\\)") as info:
        Catalogs.load([folder], "en", "sv")
    assert info.value.line == 9


def test_an_unsupported_language_is_refused():
    with pytest.raises(PolicyError, match="unsupported language 'de'"):
        Formatter("de")


def test_dates_lists_and_numbers_follow_each_language():
    sv, en = Formatter("sv"), Formatter("en")
    day = dt.date(2026, 3, 5)
    assert sv.date(day) == "5 mars 2026" and en.date(day) == "5 March 2026"
    assert (
        sv.list(["forskning", "utbildning", "samverkan"]) == "forskning, utbildning och samverkan"
    )
    assert en.list(["a", "b", "c"]) == "a, b and c"
    assert sv.number(12345) == "12\u00a0345" and en.number(12345) == "12,345"


def test_a_date_asked_again_reads_the_same_in_each_style_and_type():
    sv = Formatter("sv")
    day, moment = dt.date(2026, 3, 5), dt.datetime(2026, 3, 5, 12, 0)
    for _ in range(2):  # the second time from memory
        assert (sv.date(day), sv.date(day, "medium")) == ("5 mars 2026", "5 mars 2026")
        assert sv.date(day, "short") == "2026-03-05"
        assert sv.date(moment, "short") == "2026-03-05"
    with pytest.raises(Exception) as babels:  # what Babel says of a value it cannot format
        format_date([day], "long", locale=sv.locale)  # type: ignore[arg-type]
    with pytest.raises(type(babels.value)) as ours:
        sv.date([day])  # type: ignore[arg-type]
    assert str(ours.value) == str(babels.value)


def test_the_shipped_english_catalog_translates_the_whole_default_policy(policy, localized):
    english = localized("en")
    assert not [m for m in english.catalogs.missing() if m.domain == POLICY]
    assert english.policy.area("home").title == "Internationalisation at home"
    assert english.policy.title != policy.title


def test_a_current_translation_in_a_lower_catalog_wins_over_a_stale_one_above(tmp_path):
    user = _po(tmp_path / "user", "en", POLICY, 'msgctxt "k"\nmsgid "gammal"\nmsgstr "old"\n')
    shipped = _po(tmp_path / "shipped", "en", POLICY, 'msgctxt "k"\nmsgid "ny"\nmsgstr "new"\n')
    catalogs = Catalogs.load([user, shipped], "en", "sv")
    assert catalogs.lookup(POLICY, "k", "ny").text == "new"
    assert catalogs.lookup(POLICY, "k", "nyare").state == State.FUZZY
