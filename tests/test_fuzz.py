"""Fuzzing the readers of users' files: any input gives a result or a PolicyError, nothing else.

Example counts are kept modest so the suite stays fast; Hypothesis keeps the failures it finds
in its database and tries them first the next time.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planmaterials.build import build
from planmaterials.document import Document
from planmaterials.errors import PolicyError
from planmaterials.i18n.lookup import read_layer
from planmaterials.kitcheck import check_kit
from planmaterials.loader import load_plan, load_policy
from planmaterials.markup import parse_markup
from planmaterials.model import ActionPlan, Policy

from .conftest import DEFAULT_POLICY_PATH

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEXT = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
DEFAULT_DATA = yaml.safe_load(DEFAULT_TEXT)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
CATALOG_TEXT = (ROOT / "locales" / "en" / "LC_MESSAGES" / "policy.po").read_text(encoding="utf-8")
PLAN_TEXT = (next((ROOT / "examples" / "plans").glob("*.yaml"))).read_text(encoding="utf-8")
MARKUP = """\
<document title="Titel" subject="Om" keywords="a, b" header="Huvud" footer="Fot">
  <h1>Rubrik</h1>
  <p class="lead">Text med <em>betoning</em> och <strong>fetstil</strong><br/>rad två</p>
  <ul><li>ett <ul><li>två</li></ul></li></ul>
  <table widths="2,1" caption="Tabell"><thead><tr><th>A</th><th>B</th></tr></thead>
    <tbody><tr><td rowspan="1">x</td><td><p>y</p></td></tr></tbody></table>
  <fill lines="3" label="Skriv"/><pagebreak/>
  <section orientation="landscape"><h2>Liggande</h2></section>
  <poster><panel title="Panel" id="home"><p>p</p></panel></poster>
  <slide title="Bild" layout="content"><p>x</p><notes><p>n</p></notes></slide>
</document>
"""

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutations(text: str) -> st.SearchStrategy[str]:
    """``text`` with a few characters deleted, replaced or inserted at random places."""

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        result = text
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(result)))
            cut = draw(st.integers(0, 40))
            insert = draw(
                st.one_of(
                    st.text(max_size=12),
                    st.sampled_from(
                        [
                            ":",
                            "- ",
                            "\n",
                            "  ",
                            "&a ",
                            "*a",
                            "!!str ",
                            '"',
                            "'",
                            "{",
                            "[",
                            "#",
                            "\t",
                        ]
                    ),
                )
            )
            result = result[:at] + insert + result[at + cut :]
        return result

    return mutate()


def yaml_data() -> st.SearchStrategy[object]:
    """Arbitrary plain YAML data: scalars, lists and mappings, nested a few levels."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates()
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=20,
    )


def policy_data() -> st.SearchStrategy[dict]:
    """The default policy with one of its values replaced by arbitrary data."""

    @st.composite
    def replace(draw: st.DrawFn) -> dict:
        data = copy.deepcopy(DEFAULT_DATA)
        node = data
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = draw(st.sampled_from(keys))
            if not isinstance(node[key], (dict, list)) or draw(st.booleans()):
                node[key] = draw(yaml_data())
                return data
            node = node[key]
        return data

    return replace()


def _read_as(text: str | bytes, reader, name: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return reader(path)


def _policy_or_error(text: str | bytes) -> None:
    with contextlib.suppress(PolicyError):
        assert isinstance(_read_as(text, load_policy, "policy.yaml"), Policy)


@FUZZ
@given(st.text(max_size=400))
def test_any_text_read_as_a_policy_gives_a_policy_or_a_policy_error(text):
    _policy_or_error(text)


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_read_as_a_policy_give_a_policy_or_a_policy_error(data):
    _policy_or_error(data)


@FUZZ
@given(mutations(DEFAULT_TEXT))
def test_a_mangled_policy_file_gives_a_policy_or_a_policy_error(text):
    _policy_or_error(text)


@settings(FUZZ, max_examples=30)
@given(policy_data())
def test_a_policy_with_any_value_anywhere_gives_a_policy_or_a_policy_error(data):
    _policy_or_error(yaml.dump(data, Dumper=DUMPER, allow_unicode=True))


def _plan_or_error(text: str, policy: Policy) -> None:
    try:
        plan = _read_as(text, lambda path: load_plan(path, policy), "plan.yaml")
        assert isinstance(plan, ActionPlan)
    except PolicyError:
        pass


@FUZZ
@given(st.one_of(st.text(max_size=300), mutations(PLAN_TEXT)))
def test_any_plan_file_gives_a_plan_or_a_policy_error(policy, text):
    _plan_or_error(text, policy)


@FUZZ
@given(
    st.one_of(st.text(max_size=300), mutations(CATALOG_TEXT[:3000]), mutations(CATALOG_TEXT[:1000]))
)
def test_any_catalog_gives_entries_or_a_policy_error(text):
    try:
        layer = _read_as(text, read_layer, "policy.po")
        assert isinstance(layer.by_key, dict)
    except PolicyError:
        pass


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_read_as_a_catalog_give_entries_or_a_policy_error(data):
    with contextlib.suppress(PolicyError):
        _read_as(data, read_layer, "policy.po")


def _markup_or_error(markup: str) -> None:
    try:
        document = parse_markup(
            markup, template="fuzz.j2", lang="sv", date=dt.date(2025, 6, 12), author="NU"
        )
        assert isinstance(document, Document)
    except PolicyError:
        pass


@FUZZ
@given(st.one_of(st.text(max_size=300), mutations(MARKUP)))
def test_any_markup_gives_a_document_or_a_policy_error(markup):
    _markup_or_error(markup)


ELEMENTS = ["document", "h1", "p", "ul", "li", "table", "tr", "td", "th", "thead", "tbody",
            "fill", "section", "poster", "panel", "slide", "notes", "em", "br", "x"]  # fmt: skip
ATTRIBUTES = ["title", "class", "widths", "rowspan", "colspan", "lines", "orientation", "layout"]


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    """A well-formed element of the markup's vocabulary, nested in any (often wrong) way."""
    tag = draw(st.sampled_from(ELEMENTS))
    attributes = draw(st.dictionaries(st.sampled_from(ATTRIBUTES), st.text(max_size=6), max_size=2))
    attrs = "".join(
        f' {name}="{value.replace("&", "&amp;").replace("<", "&lt;").replace(chr(34), "&quot;")}"'
        for name, value in attributes.items()
    )
    children = draw(st.lists(element(depth + 1), max_size=3)) if depth < 3 else []
    text = draw(st.text(alphabet="ab 12.", max_size=5))
    return f"<{tag}{attrs}>{text}{''.join(children)}</{tag}>"


@settings(FUZZ, max_examples=40)
@given(st.lists(element(), max_size=4), st.text(alphabet="Tt x", min_size=0, max_size=5))
def test_any_nesting_of_the_markup_elements_gives_a_document_or_a_policy_error(body, title):
    _markup_or_error(f'<document title="{title}">{"".join(body)}</document>')


# -- any valid policy builds a kit -----------------------------------------------------------

WORDS = st.text(
    alphabet=st.characters(
        categories=["Lu", "Ll", "Lo", "Nd", "Zs", "Mn", "Pd", "Po"], exclude_characters="\x85"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() and len(s.strip()) == len(s) and not s.startswith(("-", "#")))
KEYS = st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True).filter(
    lambda key: key not in {"con", "prn", "aux", "nul"} and not key.startswith(("com", "lpt"))
)


@st.composite
def valid_policies(draw: st.DrawFn) -> dict:
    """A small policy with generated areas, titles and points, using only the required keys."""
    keys = draw(st.lists(KEYS, min_size=1, max_size=3, unique=True))
    titles = draw(st.lists(WORDS, min_size=len(keys), max_size=len(keys), unique_by=_slug))
    return {
        "language": draw(st.sampled_from(["sv", "en"])),
        "organisation": {"name": draw(WORDS), "office": draw(WORDS)},
        "contacts": [{"name": draw(WORDS), "email": "someone@example.org"}],
        "policy": {
            "title": draw(WORDS),
            "adopted": draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
            "version": "1",
            "introduction": draw(WORDS),
            "background": draw(WORDS),
            "areas": [
                {
                    "key": key,
                    "title": title,
                    "description": draw(WORDS),
                    "points": draw(st.lists(WORDS, min_size=1, max_size=4)),
                }
                for key, title in zip(keys, titles, strict=True)
            ],
        },
    }


def _slug(title: str) -> str:
    from planmaterials.materials import slug

    return slug(title)


def assert_kit_matches_its_manifest(out: Path) -> None:
    """Every file the manifest lists is there with its size and SHA-256, and nothing else, and
    the kit validator (``planmaterials check DIR``) finds no problem in it."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = {
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"
    }
    assert present == set(listed)
    for path, entry in listed.items():
        data = (out / path).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert [str(problem) for problem in check_kit(out)] == []


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_policies())
def test_any_valid_policy_builds_a_kit_that_check_accepts(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "policy.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        out = Path(folder) / "kit"

        result = build(path, out, ("sv", "en"))

        assert result.files
        assert_kit_matches_its_manifest(out)
