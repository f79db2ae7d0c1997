"""Broken and hostile inputs through the command line: one clear error, nothing changed.

Every case runs ``planmaterials build`` against an existing kit and must give exit status 2,
exactly one ``error:`` line naming the file (and line and key where known), no traceback, no
raw control character on the terminal, and leave the kit byte for byte as it was.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from planmaterials.cli import main

from .conftest import DEFAULT_POLICY_PATH

DEFAULT_TEXT = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
SHIPPED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FIRST_POINT = "Förankra internationella och interkulturella perspektiv"
FIRST_POINT_LINE = DEFAULT_TEXT[: DEFAULT_TEXT.index(FIRST_POINT)].count("\n") + 1
FIRST_POINT_KEY = "policy.areas[0].points[0].text"
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

PLAN = """\
key: {key}
title: Handlingsplan för kemi
owner: Institutionen för kemi
period: 2026
date: {date}
areas:
  - area: {area}
    goals:
      - goal: Ett mål.
        activities:
          - activity: {activity}
            responsible: [{unit}]
            deadline: 2026-06-30
"""


def png(width: int, height: int) -> bytes:
    """A real PNG's signature and header (enough for any reader to learn its size)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


# -- building the inputs ---------------------------------------------------------------------


def policy_text(tmp: Path, text: str, name: str = "policy.yaml") -> list[str]:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return ["--policy", str(path)]


def raw_policy(tmp: Path, data: bytes) -> list[str]:
    (tmp / "policy.yaml").write_bytes(data)
    return ["--policy", str(tmp / "policy.yaml")]


def out_file(tmp: Path) -> list[str]:
    (tmp / "kit.txt").write_text("keep me", encoding="utf-8")
    return ["--out", str(tmp / "kit.txt")]


def replaced(tmp: Path, old: str, new: str) -> list[str]:
    assert old in DEFAULT_TEXT
    return policy_text(tmp, DEFAULT_TEXT.replace(old, new, 1))


def point(tmp: Path, yaml_text: str) -> list[str]:
    """The first point of the first area written as ``yaml_text`` (e.g. a quoted escape)."""
    return replaced(
        tmp, FIRST_POINT + " i lärandemål och kursplaner på alla utbildningsnivåer.", yaml_text
    )


def changed(tmp: Path, change: Callable[[dict], object]) -> list[str]:
    data = yaml.safe_load(DEFAULT_TEXT)
    change(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return policy_text(tmp, text)


def plans(tmp: Path, *texts: str, raw: bytes | None = None) -> list[str]:
    folder = tmp / "plans"
    folder.mkdir()
    for n, text in enumerate(texts, start=1):
        (folder / f"plan-{n}.yaml").write_text(text, encoding="utf-8")
    if raw is not None:
        (folder / "plan-raw.yaml").write_bytes(raw)
    return ["--plans", str(folder)]


def plan(**values: str) -> str:
    fields = {
        "key": "chemistry",
        "date": "2026-01-15",
        "area": "home",
        "activity": "En aktivitet.",
        "unit": "Inst",
    }
    fields.update(values)
    return PLAN.format(**fields)


def template(tmp: Path, line: str, name: str = "policy-summary.j2", at: int = 1) -> list[str]:
    """The shipped template ``name`` with ``line`` added as its line ``at + 1``."""
    folder = tmp / "templates"
    folder.mkdir(exist_ok=True)
    lines = (SHIPPED_TEMPLATES / name).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(at if at >= 0 else len(lines) + at, line + "\n")
    (folder / name).write_text("".join(lines), encoding="utf-8")
    return ["--templates", str(folder)]


def logo(tmp: Path, value: str, data: bytes | None = None, name: str = "logo.png") -> list[str]:
    if data is not None:
        (tmp / name).write_bytes(data)
    return replaced(tmp, "  paper: A4\n", f"  paper: A4\n  logo: {value}\n")


def linked_logo(tmp: Path) -> list[str]:
    outside = tmp / "elsewhere"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png(10, 10))
    folder = tmp / "policy"
    folder.mkdir()
    (folder / "logo.png").symlink_to(outside / "secret.png")
    return logo(folder, "logo.png")


def catalog(tmp: Path, body: bytes, header: bool = True) -> list[str]:
    folder = tmp / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    first = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "policy.po").write_bytes((first if header else b"") + body)
    return ["--locales", str(tmp / "locales")]


def alias_bomb(tmp: Path) -> list[str]:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        previous = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{previous}]")
    return policy_text(tmp, "\n".join(lines) + "\n")


def alias_bomb_beside_a_valid_policy(tmp: Path) -> list[str]:
    # The bomb comes before a complete, valid policy: refused by its size, not its keys.
    bomb = '["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'
    anchors = "\n".join(
        f"x{n}: &x{n} " + (bomb if n == 0 else "[" + ", ".join([f"*x{n - 1}"] * 10) + "]")
        for n in range(8)
    )
    return policy_text(tmp, anchors + "\n" + DEFAULT_TEXT)


def big_file(tmp: Path) -> list[str]:
    path = tmp / "big.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(DEFAULT_TEXT)
        handle.write(("# " + "x" * 1000 + "\n") * 20_000)
    return ["--policy", str(path)]


def same_plan_keys(tmp: Path) -> list[str]:
    return plans(tmp, plan(), plan())


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[Path], list[str]]
    expect: tuple[str, ...]  # fragments of the error line, the file's name first


CASES = [
    # -- the file itself
    Case("empty", lambda t: policy_text(t, ""), ("policy.yaml:1:", "empty")),
    Case("not-yaml", lambda t: policy_text(t, "language: [sv\n"), ("policy.yaml", "invalid YAML")),
    Case(
        "a-list", lambda t: policy_text(t, "- sv\n- en\n"), ("policy.yaml:1:", "expected a mapping")
    ),
    Case(
        "a-text", lambda t: policy_text(t, "just words\n"), ("policy.yaml:1:", "expected a mapping")
    ),
    Case(
        "latin-1",
        lambda t: raw_policy(t, DEFAULT_TEXT.encode("latin-1", "replace")),
        ("policy.yaml:", "not UTF-8"),
    ),
    Case("a-folder", lambda t: ["--policy", str(t)], (None, "folder")),
    Case("missing", lambda t: ["--policy", str(t / "nope.yaml")], ("nope.yaml", "no such file")),
    Case("a-device", lambda t: ["--policy", "/dev/zero"], ("/dev/zero", "not a regular file")),
    Case("big-file", big_file, ("big.yaml", "larger than 2 MB")),
    # -- YAML features a policy has no use for
    Case(
        "python-tag",
        lambda t: policy_text(t, 'language: !!python/object/apply:os.system ["touch x"]\n'),
        ("policy.yaml:1:", "tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    ),
    Case(
        "local-tag",
        lambda t: replaced(t, "language: sv", "language: !lang sv"),
        ("policy.yaml:1:", "tag '!lang'"),
    ),
    Case("billion-laughs", alias_bomb, ("policy.yaml", "more than 200,000 values")),
    Case(
        "alias-bomb-beside-a-valid-policy",
        alias_bomb_beside_a_valid_policy,
        ("policy.yaml", "more than 200,000 values"),
    ),
    Case(
        "self-alias",
        lambda t: policy_text(t, "a: &a [*a]\n"),
        ("policy.yaml:1:", "nested too deeply"),
    ),
    Case(
        "deep-nesting",
        lambda t: policy_text(t, "a: " + "[" * 3000 + "]" * 3000 + "\n"),
        ("policy.yaml", "nested too deeply"),
    ),
    # -- wrong structure
    Case(
        "title-is-a-list",
        lambda t: changed(t, lambda d: d["policy"].update(title=["a", "b"])),
        ("policy.yaml:", "policy.title: expected a text"),
    ),
    Case(
        "areas-is-a-mapping",
        lambda t: changed(t, lambda d: d["policy"].update(areas={"home": "x"})),
        ("policy.yaml:", "policy.areas: expected a list"),
    ),
    Case(
        "missing-title",
        lambda t: changed(t, lambda d: d["policy"].pop("title")),
        ("policy.yaml:", "policy: missing required key 'title'"),
    ),
    Case(
        "unknown-key",
        lambda t: changed(t, lambda d: d.update(langauge="sv")),
        ("policy.yaml:", "langauge: unknown key", "did you mean 'language'"),
    ),
    Case(
        "duplicate-key",
        lambda t: replaced(t, "language: sv\n", "language: sv\nlanguage: en\n"),
        ("policy.yaml:2:", "language: duplicate key (first given on line 1)"),
    ),
    Case(
        "duplicate-area-key",
        lambda t: changed(t, lambda d: d["policy"]["areas"][1].update(key="home")),
        ("policy.yaml:", "policy.areas[1]: the area key 'home' is given twice"),
    ),
    Case(
        "empty-area",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].update(points=[])),
        ("policy.yaml:", "policy.areas[0].points: expected a list of at least 1"),
    ),
    Case(
        "area-without-points",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].pop("points")),
        ("policy.yaml:", "policy.areas[0]: missing required key 'points'"),
    ),
    Case(
        "no-areas",
        lambda t: changed(t, lambda d: d["policy"].update(areas=[])),
        ("policy.yaml:", "policy.areas: expected a list of at least 1"),
    ),
    Case(
        "impossible-date",
        lambda t: replaced(t, "adopted: 2025-06-12", "adopted: 2025-13-45"),
        ("policy.yaml:13:", "policy.adopted: expected a date written as YYYY-MM-DD"),
    ),
    Case(
        "date-in-words",
        lambda t: replaced(t, "adopted: 2025-06-12", "adopted: next spring"),
        ("policy.yaml:13:", "policy.adopted: expected a date"),
    ),
    Case(
        "bad-email",
        lambda t: replaced(t, "email: international@norrvik.example", "email: nobody"),
        ("policy.yaml:", "contacts[0].email: 'nobody' is not an e-mail address"),
    ),
    Case(
        "bad-colour",
        lambda t: replaced(t, 'primary: "#00406B"', "primary: blue"),
        ("policy.yaml:", "theme.colours.primary: 'blue' is not a colour"),
    ),
    Case(
        "unknown-language",
        lambda t: replaced(t, "language: sv", "language: de"),
        ("policy.yaml:1:", "language: 'de' is not one of"),
    ),
    # -- names that end up in file names
    Case(
        "area-key-leaves-folder",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].update(key="../../etc")),
        ("policy.yaml:", "policy.areas[0].key: '../../etc' is not a usable key"),
    ),
    Case(
        "area-key-absolute",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].update(key="/tmp/x")),
        ("policy.yaml:", "policy.areas[0].key: '/tmp/x' is not a usable key"),
    ),
    Case(
        "area-key-reserved",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].update(key="con")),
        ("policy.yaml:", "policy.areas[0].key: 'con' is a reserved file name"),
    ),
    Case(
        "area-key-upper-case",
        lambda t: changed(t, lambda d: d["policy"]["areas"][1].update(key="Home")),
        ("policy.yaml:", "policy.areas[1].key: 'Home' is not a usable key", "lower-case"),
    ),
    Case(
        "area-key-too-long",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].update(key="a" * 200)),
        ("policy.yaml:", "policy.areas[0].key: the key is 200 characters long"),
    ),
    Case(
        "area-slug-leaves-folder",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].update(slug="../../etc/x")),
        ("policy.yaml:", "policy.areas[0].slug: '../../etc/x' is not a usable key"),
    ),
    Case(
        "area-slug-reserved-in-one-language",
        lambda t: changed(
            t, lambda d: d["policy"]["areas"][0].update(slug={"sv": "hem", "en": "aux"})
        ),
        ("policy.yaml:", "policy.areas[0].slug.en: 'aux' is a reserved file name"),
    ),
    Case(
        "area-slug-same-as-another-area",
        lambda t: changed(
            t, lambda d: d["policy"]["areas"][1].update(slug=d["policy"]["areas"][0]["slug"])
        ),
        (
            "policy.yaml:",
            "policy.areas[1]: the file name (sv) 'internationalisering-pa-hemmaplan' is given",
        ),
    ),
    Case(
        "plan-key-leaves-folder",
        lambda t: plans(t, plan(key="../evil")),
        ("plan-1.yaml:1:", "key: '../evil' is not a usable key"),
    ),
    Case(
        "plan-key-windows-device",
        lambda t: plans(t, plan(key="lpt1")),
        ("plan-1.yaml:1:", "key: 'lpt1' is a reserved file name"),
    ),
    Case(
        "plan-key-upper-case",
        lambda t: plans(t, plan(key="CON")),
        ("plan-1.yaml:1:", "key: 'CON' is not a usable key"),
    ),
    Case(
        "plan-keys-twice",
        same_plan_keys,
        ("plan-2.yaml", "key: the plan key 'chemistry' is also used by plan-1.yaml"),
    ),
    # -- plans that refer to what the policy does not have
    Case(
        "plan-unknown-area",
        lambda t: plans(t, plan(area="hom")),
        ("plan-1.yaml:7:", "areas[0].area: unknown development area 'hom'", "did you mean 'home'"),
    ),
    Case(
        "plan-unknown-unit",
        lambda t: plans(t, plan(unit="Nobody")),
        ("plan-1.yaml:12:", "responsible[0]: unknown unit 'Nobody'"),
    ),
    Case(
        "plan-unknown-flag",
        lambda t: plans(
            t,
            plan().replace(
                "deadline: 2026-06-30", "deadline: 2026-06-30\n            flags: {nordlink: yes}"
            ),
        ),
        ("plan-1.yaml:", "flags.nordlink: unknown key"),
    ),
    Case(
        "plan-bad-date",
        lambda t: plans(t, plan(date="2026-02-30")),
        ("plan-1.yaml:5:", "date: expected a date written as YYYY-MM-DD"),
    ),
    Case("plan-empty", lambda t: plans(t, ""), ("plan-1.yaml:1:", "empty")),
    Case(
        "plan-not-utf8",
        lambda t: plans(t, raw="key: kemi\ntitle: Ämne\n".encode("latin-1")),
        ("plan-raw.yaml:2:", "not UTF-8"),
    ),
    Case(
        "plan-nul",
        lambda t: plans(t, plan(activity='"En \\0 aktivitet."')),
        ("plan-1.yaml:11:", "activities[0].activity: the text contains the character U+0000"),
    ),
    # -- characters a document cannot hold
    Case(
        "nul-in-point",
        lambda t: point(t, '"Förankra \\0 perspektiv."'),
        (
            f"policy.yaml:{FIRST_POINT_LINE}:",
            f"{FIRST_POINT_KEY}: the text contains the character U+0000",
        ),
    ),
    Case(
        "escape-in-point",
        lambda t: point(t, '"Förankra \\e[31m perspektiv."'),
        (f"policy.yaml:{FIRST_POINT_LINE}:", f"{FIRST_POINT_KEY}:", "U+001B"),
    ),
    Case(
        "ufffe-in-point",
        lambda t: point(t, '"Förankra \\uFFFE perspektiv."'),
        (f"policy.yaml:{FIRST_POINT_LINE}:", f"{FIRST_POINT_KEY}:", "U+FFFE"),
    ),
    Case(
        "uffff-in-title",
        lambda t: replaced(t, "title: Policy för internationalisering", 'title: "Policy \\uFFFF"'),
        ("policy.yaml:12:", "policy.title:", "U+FFFF"),
    ),
    Case(
        "lone-surrogate",
        lambda t: point(t, '"Förankra \\uD800 perspektiv."'),
        (f"policy.yaml:{FIRST_POINT_LINE}:", f"{FIRST_POINT_KEY}:", "U+D800"),
    ),
    Case(
        "c1-control",
        lambda t: point(t, '"Förankra \\x9b perspektiv."'),
        (f"policy.yaml:{FIRST_POINT_LINE}:", f"{FIRST_POINT_KEY}:", "U+009B"),
    ),
    Case(
        "raw-nul-byte",
        lambda t: policy_text(t, DEFAULT_TEXT.replace(FIRST_POINT, "Förankra \x00", 1)),
        (f"policy.yaml:{FIRST_POINT_LINE}:", "U+0000"),
    ),
    Case(
        "raw-escape-byte",
        lambda t: policy_text(t, DEFAULT_TEXT.replace(FIRST_POINT, "Förankra \x1b[2J", 1)),
        (f"policy.yaml:{FIRST_POINT_LINE}:", "U+001B"),
    ),
    Case(
        "escape-in-a-key-is-not-echoed",
        lambda t: replaced(t, "language: sv\n", 'language: sv\n"lang\\e[31muage": sv\n'),
        ("policy.yaml:2:", "lang\\x1b[31muage: unknown key"),
    ),
    Case(
        "text-far-too-long",
        lambda t: point(t, "x" * 30_000),
        (f"policy.yaml:{FIRST_POINT_LINE}:", f"{FIRST_POINT_KEY}: the text has 30,000 characters"),
    ),
    Case(
        "title-far-too-long",
        lambda t: replaced(
            t, "title: Policy för internationalisering", "title: " + "Lång titel " * 455
        ),
        ("policy.yaml:12:", "policy.title: the title has 5,004 characters; at most 200"),
    ),
    Case(
        "far-too-many-points",
        lambda t: changed(t, lambda d: d["policy"]["areas"][0].update(points=["Punkt."] * 1001)),
        ("policy.yaml:", "policy.areas[0].points: the list has 1,001 items; at most 1,000"),
    ),
    Case(
        "aim-too-long-for-the-poster",
        # the short form of an area's aim, which the poster shows, far too long for its block
        lambda t: replaced(
            t,
            "short: Alla möter internationella perspektiv",
            "short: Förankra " + "mycket långt " * 240 + "Alla",
        ),
        ("policy.yaml:", "policy.areas[0]:", "does not fit its panel", "larger poster_paper"),
    ),
    Case(
        "poster-points-not-a-count",
        lambda t: replaced(t, "poster_paper: A3", "poster_paper: A3\n  poster_points: 1e9"),
        ("policy.yaml:", "theme.poster_points:", "'1e9' is not a whole number from 1 to 50"),
    ),
    Case(
        "aim-with-unknown-key",
        lambda t: replaced(t, "        short: Alla möter", "        kort: Alla möter"),
        ("policy.yaml:", "policy.areas[0].description.kort: unknown key"),
    ),
    # -- templates
    Case(
        "template-syntax-error",
        lambda t: template(t, "{% if %}"),
        ("templates/policy-summary.j2:2:", "template error"),
    ),
    Case(
        "template-unknown-markup",
        lambda t: template(t, "<blink>hello</blink>", name="poster.j2", at=-1),
        ("templates/poster.j2:", "unknown element <blink>"),
    ),
    Case(
        "template-reaches-python",
        lambda t: template(
            t, '{{ cycler.__init__.__globals__.os.popen("touch ' + str(t / "ran") + '") }}'
        ),
        ("templates/policy-summary.j2:2:", "not allowed in a template"),
    ),
    Case(
        "template-reaches-config",
        lambda t: template(t, "{{ policy.__class__.__mro__[1].__subclasses__() }}"),
        ("templates/policy-summary.j2:2:", "not allowed in a template"),
    ),
    Case(
        "template-reads-through-a-path",
        lambda t: template(t, '{{ policy.source.parent.joinpath("policy.yaml").read_text() }}'),
        ("templates/policy-summary.j2:2:", "not allowed in a template"),
    ),
    Case(
        "template-writes-through-a-path",
        lambda t: template(t, '{{ policy.source.with_name("ran").write_text("x") }}'),
        ("templates/policy-summary.j2:2:", "not allowed in a template"),
    ),
    Case(
        "template-includes-etc-passwd",
        lambda t: template(t, '{% include "/etc/passwd" %}'),
        ("templates/policy-summary.j2:2:", "'/etc/passwd' leaves the template folders"),
    ),
    Case(
        "template-includes-parent",
        lambda t: template(t, '{% include "../../etc/hostname" %}'),
        ("templates/policy-summary.j2:2:", "'../../etc/hostname' leaves the template folders"),
    ),
    Case(
        "template-includes-missing",
        lambda t: template(t, '{% include "parts/nothing.j2" %}'),
        ("templates/policy-summary.j2:2:", "no template 'parts/nothing.j2'"),
    ),
    Case(
        "template-undefined",
        lambda t: template(t, "{{ policy.nothing_here }}"),
        ("templates/policy-summary.j2:2:", "has no attribute 'nothing_here'"),
    ),
    Case(
        "template-huge-repetition",
        lambda t: template(t, '{{ "x" * 1000000000 }}'),
        ("templates/policy-summary.j2:2:", "too long a value"),
    ),
    Case(
        "template-mutates",
        lambda t: template(t, "{{ policy.areas.__len__() }}{{ [].append(1) }}"),
        ("templates/policy-summary.j2:2:", "not allowed in a template"),
    ),
    Case(
        "template-division-by-zero",
        lambda t: template(t, "{{ 1 // 0 }}"),
        ("templates/policy-summary.j2:2:", "ZeroDivisionError"),
    ),
    Case(
        "templates-folder-missing",
        lambda t: ["--templates", str(t / "none")],
        ("none", "templates folder does not exist"),
    ),
    # -- the theme's logo
    Case(
        "logo-missing",
        lambda t: logo(t, "logo.png"),
        ("policy.yaml:", "theme.logo: the logo file", "does not exist"),
    ),
    Case(
        "logo-not-an-image",
        lambda t: logo(t, "logo.png", b"%PDF-1.7 not a picture"),
        ("policy.yaml:", "theme.logo:", "is not a PNG or JPEG image"),
    ),
    Case(
        "logo-too-many-pixels",
        lambda t: logo(t, "logo.png", png(20_000, 500)),
        ("policy.yaml:", "theme.logo:", "20000×500 pixels"),
    ),
    Case(
        "logo-too-large-a-file",
        lambda t: logo(t, "logo.png", png(10, 10) + bytes(11 * 1024 * 1024)),
        ("policy.yaml:", "theme.logo:", "at most 10 MB"),
    ),
    Case(
        "logo-damaged",
        lambda t: logo(t, "logo.jpg", b"\xff\xd8\xff\xe0\x00", name="logo.jpg"),
        ("policy.yaml:", "theme.logo:", "damaged"),
    ),
    Case(
        "logo-outside-the-folder",
        lambda t: logo(t, "../logo.png", png(10, 10), name="../logo.png"),
        ("policy.yaml:", "theme.logo: the logo '../logo.png' lies outside the policy's folder"),
    ),
    Case(
        "logo-links-outside-the-folder",
        lambda t: linked_logo(t),
        ("policy.yaml:", "theme.logo: the logo 'logo.png' lies outside the policy's folder"),
    ),
    Case(
        "logo-etc-passwd",
        lambda t: logo(t, "/etc/passwd"),
        ("policy.yaml:", "theme.logo: the logo '/etc/passwd' lies outside"),
    ),
    # -- catalogs
    Case(
        "po-unclosed-string",
        lambda t: catalog(t, b'msgctxt "policy.title"\nmsgid "Policy\nmsgstr "x"\n'),
        ("policy.po:6:", "expected msgctxt, msgid or msgstr"),
    ),
    Case(
        "po-escape-in-msgstr",
        lambda t: catalog(
            t,
            b'msgctxt "policy.title"\nmsgid "Policy f\xc3\xb6r internationalisering"\n'
            b'msgstr "Policy \x1b[31m"\n',
        ),
        ("policy.po:6:", "policy.title: the translation contains the character U+001B"),
    ),
    Case(
        "po-broken-plural-forms",
        lambda t: catalog(
            t, b'msgid ""\nmsgstr "Plural-Forms: nplurals=x; plural=(n;\\n"\n', header=False
        ),
        ("policy.po", "invalid PO file header"),
    ),
    Case(
        "po-broken-revision-date",
        lambda t: catalog(
            t, b'msgid ""\nmsgstr "PO-Revision-Date: 2025-01-01 00:00+0000 <x>\\n"\n', header=False
        ),
        ("policy.po", "invalid PO file header"),
    ),
    Case(
        "po-not-utf8",
        lambda t: catalog(t, b'msgctxt "policy.title"\nmsgid "x"\nmsgstr "\xe5"\n'),
        ("policy.po", "not UTF-8"),
    ),
    # -- where the kit goes
    Case(
        "out-inside-proc",
        lambda t: ["--out", "/proc/pm-kit"],
        ("/proc/pm-kit", "cannot write the kit here"),
    ),
    Case(
        "out-is-a-file",
        lambda t: out_file(t),
        ("kit.txt", "is a file, not a folder"),
    ),
    Case("unknown-lang", lambda t: ["--lang", "sv,xx"], (None, "xx")),
    Case(
        "plans-folder-missing",
        lambda t: ["--plans", str(t / "none")],
        ("none", "plans folder does not exist"),
    ),
]


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A kit built once, and its bytes, which no failing build may change."""
    out = tmp_path_factory.mktemp("existing") / "kit"
    assert main(["build", "-q", "--out", str(out)]) == 0
    return out, _snapshot(out)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_corpus_has_at_least_fifty_cases_with_distinct_names():
    assert len(CASES) >= 50
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_bad_input_gives_one_clear_error_and_leaves_the_kit_as_it_was(
    case: Case, kit: tuple[Path, dict[str, bytes]], tmp_path: Path, capsys
):
    out, before = kit
    args = case.setup(tmp_path)
    target = [] if "--out" in args else ["--out", str(out)]
    outside = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    status = main(["build", "-q", *target, *args])

    captured = capsys.readouterr()
    assert status == 2, captured
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
    assert "Traceback" not in captured.err
    assert not RAW_CONTROL.search(captured.out + captured.err)
    for fragment in case.expect:
        if fragment is not None:
            assert fragment in lines[0], lines[0]
    assert _snapshot(out) == before
    assert {p: p.read_bytes() for p in outside} == outside
    assert not (tmp_path / "ran").exists()


def test_right_to_left_and_combining_characters_are_built_as_written(tmp_path: Path):
    arabic = "التدويل في الداخل"
    combining = "Förankra e\u0301 n\u0303 o\u0308\u0304 perspektiv."
    args = replaced(
        tmp_path, "title: Internationalisering på hemmaplan", f'title: "{arabic} \u202bשלום\u202c"'
    )
    text = (
        Path(args[1])
        .read_text(encoding="utf-8")
        .replace(FIRST_POINT + " i lärandemål och kursplaner på alla utbildningsnivåer.", combining)
    )
    Path(args[1]).write_text(text, encoding="utf-8")

    assert main(["build", "-q", "--lang", "sv", "--out", str(tmp_path / "kit"), *args]) == 0

    summary = tmp_path / "kit" / "sv" / "sammanfattning-av-policyn.docx"
    with zipfile.ZipFile(summary) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert arabic in body and "שלום" in body
    assert combining in body


def test_core_properties_are_cut_to_what_office_files_can_hold(tmp_path: Path):
    # A 200-character title (the most a title may have) makes longer subjects and keywords.
    title = ("Lång titel " * 20)[:199] + "x"
    # (A title that long takes half an A3 poster at 60 pt and more: the poster goes to A1.)
    text = DEFAULT_TEXT.replace("title: Policy för internationalisering", f"title: {title}", 1)
    args = policy_text(tmp_path, text.replace("poster_paper: A3", "poster_paper: A1", 1))

    assert main(["build", "-q", "--lang", "sv", "--out", str(tmp_path / "kit"), *args]) == 0

    lengths = []
    for path in sorted((tmp_path / "kit" / "sv").glob("*.[dp][op][ct]x")):
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml").decode("utf-8")
        lengths += [
            len(v) for v in re.findall(r">([^<]*)</(?:dc:title|dc:subject|cp:keywords)", core)
        ]
    assert lengths and max(lengths) <= 255
    assert 255 in lengths  # something was long enough to be cut, not silently dropped


def test_the_escape_sequences_in_error_messages_are_shown_escaped():
    from planmaterials.errors import PolicyError

    error = PolicyError("unknown key", file="a\x1b[2Jb.yaml", line=3, key="x\u202ey\ud800")

    assert str(error) == "a\\x1b[2Jb.yaml:3: x\\u202ey\\ud800: unknown key"


def test_the_embedded_default_policy_has_no_logo(policy):
    assert policy.theme.logo is None


def test_a_png_logo_beside_the_policy_is_placed_on_the_opening_slide(tmp_path: Path):
    from PIL import Image

    (tmp_path / "assets").mkdir()
    Image.new("RGB", (120, 40), "#00406B").save(tmp_path / "assets" / "logo.png")
    args = logo(tmp_path, "assets/logo.png")

    assert main(["build", "-q", "--lang", "sv", "--out", str(tmp_path / "kit"), *args]) == 0

    deck = next((tmp_path / "kit" / "sv").glob("*.pptx"))
    with zipfile.ZipFile(deck) as pptx:
        media = [name for name in pptx.namelist() if name.startswith("ppt/media/")]
        assert any(
            pptx.read(name) == (tmp_path / "assets" / "logo.png").read_bytes() for name in media
        )
