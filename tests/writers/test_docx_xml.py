"""Word XML in schema order: one ordering table places every child the writer adds."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from docx.oxml import OxmlElement
from lxml import etree

from planmaterials.compose import compose
from planmaterials.localize import LocalizedPolicy
from planmaterials.materials import MATERIALS, Scope
from planmaterials.model import Policy
from planmaterials.writers import write
from planmaterials.writers.docx_xml import SCHEMA_ORDER, add, element, get_or_add


def _tag(node) -> str:
    return f"w:{etree.QName(node).localname}"


def _tags(parent) -> list[str]:
    return [_tag(child) for child in parent]


def _flat(parent: str) -> list[str]:
    order = SCHEMA_ORDER[parent]
    return [tag for group in order for tag in (group if isinstance(group, tuple) else (group,))]


def test_children_land_in_schema_order_whatever_order_they_are_added_in():
    ppr = element("w:pPr")
    add(ppr, "w:spacing", after="200")
    add(ppr, "w:numPr")
    get_or_add(ppr, "w:keepNext")
    add(ppr, "w:pStyle", val="ListParagraph")
    assert _tags(ppr) == ["w:pStyle", "w:keepNext", "w:numPr", "w:spacing"]
    assert get_or_add(ppr, "w:spacing") is ppr[3]


def test_children_of_one_rank_keep_the_order_they_were_added_in():
    run = element("w:r")
    add(run, "w:t").text = "a"
    add(run, "w:tab")
    add(run, "w:t").text = "b"
    add(run, "w:rPr")
    assert _tags(run) == ["w:rPr", "w:t", "w:tab", "w:t"]


def test_a_child_the_table_does_not_know_is_a_programming_error():
    with pytest.raises(KeyError):
        add(element("w:pPr"), "w:framePr")


@pytest.mark.parametrize("parent", ["w:pPr", "w:rPr", "w:tblPr", "w:tcPr", "w:sectPr", "w:numPr"])
def test_the_ordering_table_agrees_with_python_docx(parent):
    """python-docx knows part of each schema sequence: our table puts those in its order."""
    reference = OxmlElement(parent)
    known = [tag for tag in _flat(parent) if hasattr(reference, f"get_or_add_{tag[2:]}")]
    assert len(known) >= 2
    for tag in reversed(known):
        getattr(reference, f"get_or_add_{tag[2:]}")()
    assert _tags(reference) == known


def test_every_word_file_of_the_kit_has_its_children_in_schema_order(
    policy: Policy, localized: Callable[[str], LocalizedPolicy]
):
    checked = 0
    for material in MATERIALS.values():
        if "docx" not in material.formats or not material.applies_to(policy):
            continue
        if not (material.per_area or Scope.KIT in material.scopes):
            continue  # made from unit plans: the toy writer's test covers those
        area = policy.areas[0] if material.per_area else None
        document = compose(material, localized("sv"), area=area, format="docx")
        package = zipfile.ZipFile(io.BytesIO(write(document, "docx", policy.theme)))
        for name in package.namelist():
            if not name.startswith("word/") or "styles" in name or not name.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(name))
            for parent in root.iter():
                tag = _tag(parent)
                if tag not in SCHEMA_ORDER:
                    continue
                ranks = [_rank(tag, child) for child in _tags(parent)]
                assert ranks == sorted(ranks), (material.id, name, tag, _tags(parent))
                checked += 1
    assert checked > 1000


def _rank(parent: str, child: str) -> int:
    for rank, group in enumerate(SCHEMA_ORDER[parent]):
        if child in (group if isinstance(group, tuple) else (group,)):
            return rank
    raise AssertionError(f"{child} in {parent} is not in the ordering table")
