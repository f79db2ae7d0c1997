"""Word content controls: the template to fill in and each unit's yearly follow-up form.

Controls sit inside cell paragraphs (LibreOffice flattens those around a paragraph, cell or row
and drops their tags), are tagged by the field they hold and show a prompt while empty.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from lxml import etree

from planmaterials import localize
from planmaterials.compose import compose
from planmaterials.document import Field, Paragraph, Span, Table, dump
from planmaterials.errors import PolicyError
from planmaterials.loader import load_plans
from planmaterials.theme import Theme
from planmaterials.transforms import transform
from planmaterials.writers import WRITERS, write

from .conftest import EXAMPLE_PLANS, parse_body, require_tool

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ROW_FIELDS = ["goal", "activity", "resources", "next-step", "follow-up"]
STATUSES = ["planned", "ongoing", "done", "postponed", "cancelled"]


def _body(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def _tag(sdt: etree._Element) -> str:
    return sdt.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val")


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _rows(body: etree._Element):
    """The body rows of each area table (two header rows: the area, then the columns)."""
    for tbl in body.iter(f"{{{W}}}tbl"):
        rows = tbl.findall("w:tr", NS)
        headers = [r for r in rows if r.find("w:trPr/w:tblHeader", NS) is not None]
        if len(headers) == 2:
            yield tbl, headers, [r for r in rows if r not in headers]


def _column_headers(headers) -> list[str]:
    return [_text(tc) for tc in headers[1].findall("w:tc", NS)]


@pytest.fixture(scope="module")
def localized(policy):
    """This module's own localized policies: the unit plans' untranslated texts stay out of the
    session's shared catalogs, which other tests check for missing entries."""
    cache = {}

    def get(lang):
        if lang not in cache:
            cache[lang] = localize(policy, lang)
        return cache[lang]

    return get


@pytest.fixture(scope="module")
def template(localized):
    return {
        lang: write(compose("action-plan-template", localized(lang)), "docx", Theme())
        for lang in ("sv", "en")
    }


@pytest.fixture(scope="module")
def plans(policy):
    return load_plans(EXAMPLE_PLANS, policy)


def _form(localized, plan, lang: str) -> bytes:
    translated = localized(lang).translate_plan(plan)
    return write(compose("follow-up-form", localized(lang), plan=translated), "docx", Theme())


# -- markup and transforms ---------------------------------------------------------------


def test_a_field_in_a_paragraph_becomes_an_inline_field_with_its_choices():
    document = parse_body(
        '<p>Flagga: <field tag="flag:alliance" kind="choice" prompt="Välj" title="NORDLINK"'
        ' choices="yes=Ja|partly=Delvis|no=Nej" value="partly"/></p>'
    )
    paragraph = document.blocks[0]
    assert paragraph.content[0] == Span("Flagga: ")
    field = paragraph.content[1]
    assert field == Field(
        "flag:alliance",
        "choice",
        "Välj",
        "NORDLINK",
        (("yes", "Ja"), ("partly", "Delvis"), ("no", "Nej")),
        "partly",
    )
    assert field.shown == "Delvis"


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ('<h1><field tag="goal" prompt="x"/></h1>', "not allowed inside <h1>"),
        ('<p><field tag="goal" kind="radio" prompt="x"/></p>', "kind='radio'"),
        ('<p><field tag="goal"/></p>', "needs a prompt"),
        ('<p><field tag="Goal!" prompt="x"/></p>', "not a field name"),
        (
            '<p><field tag="s" kind="choice" prompt="x" choices="a=A|b=B" value="c"/></p>',
            "value='c'",
        ),
        ('<p><field tag="s" kind="choice" prompt="x" choices="a=A|a=B"/></p>', "different word"),
        ('<p><field tag="s" prompt="x" choices="a=A"/></p>', "has no choices"),
        ('<p><field tag="s" prompt="x">text</field></p>', "holds no content"),
    ],
)
def test_a_malformed_field_names_the_template_line_and_what_is_wrong(markup, message):
    with pytest.raises(PolicyError, match=message) as caught:
        parse_body(markup)
    assert caught.value.line is not None


def test_formats_without_controls_show_a_fields_value_or_a_line_to_write_on():
    document = parse_body(
        '<table><tbody><tr><td><p>Status: <field tag="status" kind="choice" prompt="Välj"'
        ' choices="done=Genomförd" value="done"/></p><p>Kommentar: <field tag="comment"'
        ' prompt="Skriv"/></p></td></tr></tbody></table>'
    )
    for format in ("pdf", "html", "xlsx", "pptx"):
        transformed = transform(document, WRITERS[format].blocks)
        assert "Field(" not in repr(transformed)
        text = dump(transformed)
        assert "Status: Genomförd" in text and "Kommentar: ____" in text


# -- the template --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_control_sits_inside_a_paragraph_with_a_tag_a_prompt_and_schema_order(template, lang):
    body = _body(template[lang])
    controls = list(body.iter(f"{{{W}}}sdt"))
    assert len(controls) > 100
    ids = []
    for sdt in controls:
        assert sdt.getparent().tag == f"{{{W}}}p"
        assert sdt.getparent().getparent().tag == f"{{{W}}}tc"
        properties = sdt.find("w:sdtPr", NS)
        names = [etree.QName(child).localname for child in properties]
        assert names[:4] == ["alias", "tag", "id", "showingPlcHdr"]
        assert names[4] in ("text", "date", "dropDownList") and len(names) == 5
        assert _tag(sdt).startswith("pm:")
        assert _text(sdt.find("w:sdtContent", NS)).strip()  # the prompt, shown greyed
        ids.append(properties.find("w:id", NS).get(f"{{{W}}}val"))
    assert len(set(ids)) == len(ids)


def test_the_about_table_background_and_overall_goals_are_fields(template):
    tags = [_tag(sdt) for sdt in _body(template["en"]).iter(f"{{{W}}}sdt")]
    about = ["pm:owner", "pm:date", "pm:title", "pm:period", *["pm:background"] * 4]
    assert tags[:9] == [*about, "pm:overall-goal"]
    assert tags.count("pm:overall-goal") == 4


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_background_has_a_field_per_paragraph_in_one_cell(template, lang):
    body = _body(template[lang])
    fields = [sdt for sdt in body.iter(f"{{{W}}}sdt") if _tag(sdt) == "pm:background"]
    assert len(fields) == 4
    paragraphs = [sdt.getparent() for sdt in fields]
    assert len(set(paragraphs)) == 4
    assert len({paragraph.getparent() for paragraph in paragraphs}) == 1
    prompts = [_text(sdt.find("w:sdtContent", NS)) for sdt in fields]
    first, more = {
        "sv": ("Skriv bakgrunden till er plan här.", "Ännu ett stycke, om ni behöver ett"),
        "en": ("Write the background of your plan here.", "Another paragraph, if you need one"),
    }[lang]
    assert prompts == [first, more, more, more]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_text_field_of_the_template_or_the_form_takes_line_breaks(
    template, localized, plans, lang
):
    """Word then keeps each field to one paragraph of text, which LibreOffice saves intact."""
    for data in (template[lang], *(_form(localized, plan, lang) for plan in plans)):
        texts = _body(data).findall(".//w:sdtPr/w:text", NS)
        assert texts
        assert all(text.get(f"{{{W}}}multiLine") in (None, "0", "false") for text in texts)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_area_row_has_a_field_for_each_value_of_an_activity(template, lang, localized):
    policy = localized(lang).policy
    flags = policy.plan.flags
    yes_partly_no = {
        "sv": [("yes", "Ja"), ("partly", "Delvis"), ("no", "Nej")],
        "en": [("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
    }[lang]
    tables = list(_rows(_body(template[lang])))
    assert len(tables) == len(policy.areas)
    for _, _, rows in tables:
        assert len(rows) == 6
        for row in rows:
            tags = [_tag(sdt) for sdt in row.iter(f"{{{W}}}sdt")]
            assert tags == [
                *(f"pm:{name}" for name in ROW_FIELDS),
                *(f"pm:flag:{flag.id}" for flag in flags),
                "pm:lead",
                "pm:co-responsible",
                "pm:deadline",
            ]
            for sdt in row.iter(f"{{{W}}}sdt"):
                items = [
                    (i.get(f"{{{W}}}value"), i.get(f"{{{W}}}displayText"))
                    for i in sdt.iterfind("w:sdtPr/w:dropDownList/w:listItem", NS)
                ]
                if _tag(sdt).startswith("pm:flag:"):
                    assert items == yes_partly_no
                elif _tag(sdt) == "pm:lead":
                    units = [unit.abbreviation for unit in policy.units]
                    assert items == [(u, u) for u in units] and len(units) == 10
                elif _tag(sdt) == "pm:deadline":
                    date = sdt.find("w:sdtPr/w:date", NS)
                    assert date.find("w:dateFormat", NS).get(f"{{{W}}}val") == "yyyy-MM-dd"
                else:
                    assert sdt.find("w:sdtPr/w:text", NS) is not None


@pytest.mark.parametrize("count", [21, 0])
def test_a_long_or_empty_glossary_makes_the_lead_unit_a_field_to_write_in(
    default_policy_data, write_policy, count
):
    from planmaterials import load_policy

    units = [{"abbreviation": f"E{n}", "name": f"Enhet {n}"} for n in range(count)]
    default_policy_data["units"] = units
    plan = default_policy_data.get("plan")
    if plan:  # the example plan names units of the glossary: leave it out
        del default_policy_data["plan"]
    policy = load_policy(write_policy(default_policy_data))
    body = _body(write(compose("action-plan-template", localize(policy, "sv")), "docx", Theme()))
    leads = [sdt for sdt in body.iter(f"{{{W}}}sdt") if _tag(sdt) == "pm:lead"]
    assert leads and all(sdt.find("w:sdtPr/w:text", NS) is not None for sdt in leads)


def test_a_field_label_precedes_its_control_in_the_same_paragraph(template):
    _, _, rows = next(_rows(_body(template["sv"])))
    activity_cell = rows[0].findall("w:tc", NS)[1]
    paragraphs = activity_cell.findall("w:p", NS)
    labels = []
    for p in paragraphs[1:]:
        label = "".join(t.text for t in p.findall("w:r/w:t", NS)).strip()
        labels.append((label, _tag(p.find("w:sdt", NS))))
    assert labels == [
        ("Resurser:", "pm:resources"),
        ("Nästa steg:", "pm:next-step"),
        ("Uppföljning:", "pm:follow-up"),
    ]


def test_the_plan_date_is_a_date_picker_in_the_documents_language(template):
    for lang, tag in (("sv", "sv-SE"), ("en", "en-GB")):
        date = next(
            sdt for sdt in _body(template[lang]).iter(f"{{{W}}}sdt") if _tag(sdt) == "pm:date"
        )
        assert date.find("w:sdtPr/w:date/w:lid", NS).get(f"{{{W}}}val") == tag


def test_the_filled_plan_keeps_its_look_without_controls(localized, plans):
    for plan in (None, plans[0]):
        translated = localized("sv").translate_plan(plan) if plan else None
        data = write(compose("action-plan", localized("sv"), plan=translated), "docx", Theme())
        assert not list(_body(data).iter(f"{{{W}}}sdt"))


def test_the_template_is_the_same_bytes_every_time(localized, template):
    again = write(compose("action-plan-template", localized("sv")), "docx", Theme())
    assert again == template["sv"]


# -- the follow-up form ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_form_has_the_filled_plans_columns_then_status_and_comment(localized, plans, lang):
    for plan in plans:
        translated = localized(lang).translate_plan(plan)
        filled = write(compose("action-plan", localized(lang), plan=translated), "docx", Theme())
        form = _form(localized, plan, lang)
        expected = [_column_headers(h) for _, h, _ in _rows(_body(filled))]
        got = [_column_headers(h) for _, h, _ in _rows(_body(form))]
        extra = {"sv": ["Status", "Kommentar"], "en": ["Status", "Comment"]}[lang]
        assert got == [columns + extra for columns in expected]
        areas = [_text(h[0]) for _, h, _ in _rows(_body(form))]
        assert areas == [_text(h[0]) for _, h, _ in _rows(_body(filled))]


def test_each_activity_gets_a_status_drop_down_set_to_its_status_and_its_comment(localized, plans):
    plan = next(p for p in plans if p.id == "department-of-physics")
    activities = [a for area in plan.areas for goal in area.goals for a in goal.activities]
    body = _body(_form(localized, plan, "en"))
    rows = [row for _, _, rows in _rows(body) for row in rows]
    assert len(rows) == len(activities)
    shown = {"ongoing": "Ongoing", None: "Choose"}
    for row, activity in zip(rows, activities, strict=True):
        controls = list(row.iter(f"{{{W}}}sdt"))
        assert [_tag(sdt) for sdt in controls] == ["pm:status", "pm:comment"]
        status, comment = controls
        # the status and comment are the last two cells, one control each, inside a paragraph
        cells = row.findall("w:tc", NS)
        assert status.getparent().getparent() is cells[-2]
        assert comment.getparent().getparent() is cells[-1]
        items = status.findall("w:sdtPr/w:dropDownList/w:listItem", NS)
        assert [i.get(f"{{{W}}}value") for i in items] == STATUSES
        value = activity.status.value if activity.status else None
        assert status.find("w:sdtPr/w:dropDownList", NS).get(f"{{{W}}}lastValue") == value
        assert _text(status.find("w:sdtContent", NS)) == shown[value]
        placeholder = status.find("w:sdtPr/w:showingPlcHdr", NS) is not None
        assert placeholder == (value is None)
        text = _text(comment.find("w:sdtContent", NS))
        assert text == (activity.comment or "How the activity went")
        assert (comment.find("w:sdtPr/w:showingPlcHdr", NS) is None) == bool(activity.comment)
    assert any(a.status for a in activities) and any(not a.status for a in activities)
    assert any(a.comment for a in activities)


def test_the_form_shows_every_other_value_of_the_plan_as_text(localized, plans):
    plan = next(p for p in plans if p.id == "department-of-physics")
    translated = localized("sv").translate_plan(plan)
    document = compose("follow-up-form", localized("sv"), plan=translated)
    text = repr(document)
    for value in (plan.owner, plan.title, plan.period, plan.date.isoformat(), *plan.overall_goals):
        assert value in text
    for paragraph in plan.background.split("\n\n"):
        assert paragraph.strip() in text
    for area in plan.areas:
        for goal in area.goals:
            assert goal.text in text
            for activity in goal.activities:
                for value in (
                    activity.text,
                    activity.resources,
                    activity.next_step,
                    activity.follow_up,
                ):
                    assert value is None or value in text
                deadline = activity.deadline
                assert (
                    str(deadline.isoformat() if hasattr(deadline, "isoformat") else deadline)
                    in text
                )
    fields = [
        item
        for block in _cells_paragraphs(document)
        for item in block.content
        if isinstance(item, Field)
    ]
    assert {field.tag for field in fields} == {"status", "comment"}


def _cells_paragraphs(document):
    for section in document.blocks:
        for block in section.blocks:
            if isinstance(block, Table):
                for row in block.header + block.body:
                    for cell in row.cells:
                        yield from (b for b in cell.blocks if isinstance(b, Paragraph))
            elif isinstance(block, Paragraph):
                yield block


def test_the_form_carries_the_plans_key_as_identifier_and_in_small_print(localized, plans):
    for plan in plans:
        data = _form(localized, plan, "sv")
        assert docx.Document(io.BytesIO(data)).core_properties.identifier == plan.id
        assert f"Planfilens nyckel: {plan.id}" in _text(_body(data))


def test_the_form_is_the_same_bytes_every_time(localized, plans):
    assert _form(localized, plans[0], "en") == _form(localized, plans[0], "en")


def test_the_build_makes_one_form_per_unit_plan_and_lists_it(full_kit):
    manifest = (full_kit / "manifest.json").read_text(encoding="utf-8")
    for lang, stem in (("en", "follow-up-form"), ("sv", "uppfoljningsblankett")):
        for key in ("department-of-physics", "student-services"):
            name = f"{stem}-{key}.docx"
            assert (full_kit / lang / name).is_file()
            assert f'"{lang}/{name}"' in manifest
            assert f'href="{name}"' in (full_kit / lang / "index.html").read_text("utf-8")
    assert not list(full_kit.glob("*/follow-up-form.docx"))  # none for the policy's own plan


# -- LibreOffice ---------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_keeps_the_controls_values_and_the_forms_key(
    localized, plans, template, tmp_path
):
    soffice = require_tool("soffice")
    plan = next(p for p in plans if p.id == "department-of-physics")
    (tmp_path / "form.docx").write_bytes(_form(localized, plan, "en"))
    (tmp_path / "template.docx").write_bytes(template["en"])
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "saved"),
            str(tmp_path / "form.docx"),
            str(tmp_path / "template.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    saved = (tmp_path / "saved" / "form.docx").read_bytes()
    assert docx.Document(io.BytesIO(saved)).core_properties.identifier == plan.id
    body = _body(saved)
    headers = [_column_headers(h) for _, h, _ in _rows(body)]
    assert headers and all(columns[-2:] == ["Status", "Comment"] for columns in headers)
    # The drop-downs stay drop-downs showing the chosen status (LibreOffice drops lastValue).
    shown = [
        _text(sdt.find("w:sdtContent", NS))
        for sdt in body.iter(f"{{{W}}}sdt")
        if sdt.find("w:sdtPr/w:dropDownList", NS) is not None
    ]
    activities = [a for area in plan.areas for goal in area.goals for a in goal.activities]
    labels = {None: "Choose", "ongoing": "Ongoing", "done": "Done"}
    assert shown == [labels[a.status.value if a.status else None] for a in activities]
    # The template comes back with its area tables whole: six rows under the two header rows.
    saved_template = _body((tmp_path / "saved" / "template.docx").read_bytes())
    tables = list(_rows(saved_template))
    assert len(tables) == len(localized("en").policy.areas)
    assert all(len(rows) == 6 for _, _, rows in tables)
    kinds = {
        etree.QName(child).localname
        for sdt in saved_template.iter(f"{{{W}}}sdt")
        for child in sdt.find("w:sdtPr", NS)
    }
    assert {"date", "dropDownList"} <= kinds
    assert all(sdt.getparent().tag == f"{{{W}}}p" for sdt in saved_template.iter(f"{{{W}}}sdt"))
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
