"""Filling the kit's action-plan template as a department does, in Word or by typing in cells.

The filler finds each field where a person would (the area's table by its heading, the column
under its header, the paragraph after its label) and, if a content control stands there, sets
the control's text as Word does (the prompt gone, ``w:showingPlcHdr`` cleared); otherwise it
types the text into the cell. Also: re-saving through LibreOffice, and ways to mangle a file.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from planmaterials import localize
from planmaterials.model import Policy

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DOCUMENT = "word/document.xml"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def read_part(data: bytes, name: str = DOCUMENT) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def replace_part(data: bytes, root: etree._Element, name: str = DOCUMENT) -> bytes:
    """The package with one part replaced, every other entry as it was."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == name:
                target.writestr(info, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


# Putting text where a person would ------------------------------------------------------------


def set_text(paragraph: etree._Element, text: str, *, after_label: bool = False) -> None:
    """Write ``text`` in a paragraph: into its content control if it has one, as Word does,
    else as a run at its end (after the label, if the paragraph has one)."""
    text = text.strip()  # a YAML block's final newline is not typed
    control = paragraph.find("w:sdt", NS)
    if control is not None:
        set_control(control, text)
        return
    if after_label:
        text = " " + text
    paragraph.append(_run(text))


def set_control(control: etree._Element, text: str) -> None:
    """Set a content control's text as Word does: the prompt replaced, the placeholder flag and
    style gone; a drop-down shows its item's display text, a date picker gets its full date."""
    text = text.strip()
    properties = control.find("w:sdtPr", NS)
    for flag in properties.findall("w:showingPlcHdr", NS):
        properties.remove(flag)
    dropdown = properties.find("w:dropDownList", NS)
    if dropdown is not None:
        for item in dropdown.findall("w:listItem", NS):
            if item.get(w("value")) == text:
                text = item.get(w("displayText")) or text
                break
    date = properties.find("w:date", NS)
    if date is not None:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            date.attrib.pop(w("fullDate"), None)
        else:
            date.set(w("fullDate"), f"{day.isoformat()}T00:00:00Z")
    content = control.find("w:sdtContent", NS)
    for child in list(content):
        content.remove(child)
    if text:
        # Typed text takes the control's own run properties, not the grey of its prompt.
        style = properties.find("w:rPr", NS)
        content.append(_run(text, copy.deepcopy(style) if style is not None else None))


def _run(text: str, properties: etree._Element | None = None) -> etree._Element:
    run = etree.Element(w("r"))
    if properties is not None and len(properties):
        run.append(properties)
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, w("br"))
        t = etree.SubElement(run, w("t"))
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def paragraphs(cell: etree._Element) -> list[etree._Element]:
    return cell.findall(".//w:p", NS)


def rows(table: etree._Element) -> list[etree._Element]:
    return table.findall(".//w:tr", NS)


def cells(row: etree._Element) -> list[etree._Element]:
    return row.findall(".//w:tc", NS)


def labelled(cell: etree._Element, label: str) -> etree._Element:
    for paragraph in paragraphs(cell):
        if text_of(paragraph).strip().startswith(f"{label}:"):
            return paragraph
    raise LookupError(f"no paragraph labelled {label!r}")


def fill_cell(cell: etree._Element, text: str) -> None:
    """Write in the first paragraph of a cell (its control, if it has one)."""
    set_text(paragraphs(cell)[0], text)


def fill_template(data: bytes, plan: dict[str, Any], policy: Policy, lang: str) -> bytes:
    """The template ``data`` filled in with the plan file data ``plan`` (as loaded by PyYAML)."""
    localized = localize(policy, lang)
    catalogs = localized.catalogs
    root = read_part(data)
    tables = root.findall(".//w:body/w:tbl", NS)

    def label(key: str, text: str) -> str:
        return catalogs.pgettext(key, text)

    about = next(
        t for t in tables if text_of(rows(t)[0]) == label("template.about-plan", "About the plan")
    )
    fields = {
        label("template.unit", "Unit"): plan["owner"],
        label("plan.date", "Date"): str(plan["date"]),
        label("template.plan-title", "Title of the plan"): plan["title"],
        label("template.period", "Plan period"): str(plan["period"]),
    }
    for row in rows(about)[1:]:
        row_cells = cells(row)
        for index, cell in enumerate(row_cells[:-1]):
            if text_of(cell) in fields:
                fill_cell(row_cells[index + 1], fields[text_of(cell)])
    if plan.get("background"):
        background = next(
            t for t in tables if text_of(rows(t)[0]) == label("plan.background", "Background")
        )
        cell = cells(rows(background)[1])[0]
        targets = [p for p in paragraphs(cell) if p.find("w:sdt", NS) is not None]
        texts = [text.strip() for text in plan["background"].split("\n\n") if text.strip()]
        if not targets:  # no fields: typed in the cell
            targets = [paragraphs(cell)[-1]]
        # One paragraph in each field; more typed in new paragraphs after the last (Enter).
        while len(targets) < len(texts):
            targets.append(etree.SubElement(cell, w("p")))
        for target, text in zip(targets, texts, strict=False):
            set_text(target, text)
    if plan.get("overall_goals"):
        goals = next(
            t
            for t in tables
            if label("template.overall-goal", "Overall goal") in text_of(rows(t)[0])
        )
        for row, goal in zip(rows(goals)[1:], plan["overall_goals"], strict=False):
            fill_cell(cells(row)[1], goal)
    flag_titles = [
        flag.title for flag in (localized.policy.plan.flags if localized.policy.plan else ())
    ]
    flag_ids = [flag.id for flag in (policy.plan.flags if policy.plan else ())]
    for plan_area in plan["areas"]:
        title = localized.policy.area(plan_area["area"]).title
        heading = f"{label('plan.area', 'Development area')}: {title}"
        table = next(t for t in tables if text_of(rows(t)[0]) == heading)
        body = rows(table)[2:]
        activities = [
            (goal, n, a) for goal in plan_area["goals"] for n, a in enumerate(goal["activities"])
        ]
        while len(body) < len(activities):  # "Add rows as you need them"
            extra = copy.deepcopy(body[-1])
            body[-1].addnext(extra)
            body.append(extra)
        for row, (goal, number, activity) in zip(body, activities, strict=False):
            row_cells = cells(row)
            if number == 0:  # a goal once, on the row of its first activity
                fill_cell(row_cells[0], goal["goal"])
            fill_cell(row_cells[1], activity["activity"])
            for name, key, text in (
                ("resources", "plan.resources", "Resources"),
                ("next_step", "plan.next-step", "Next step"),
                ("follow_up", "plan.follow-up", "Follow-up"),
            ):
                if activity.get(name):
                    set_text(
                        labelled(row_cells[1], label(key, text)), activity[name], after_label=True
                    )
            for offset, flag_id in enumerate(flag_ids):
                value = activity.get("flags", {}).get(flag_id)
                if value:
                    cell = row_cells[2 + offset]
                    # A drop-down holds the plan file's word; typed, it is the shown one.
                    if cell.find(".//w:sdt", NS) is None:
                        value = label(f"plan.flag.{value}", value.title())
                    fill_cell(cell, value)
            _fill_responsible(row_cells[2 + len(flag_titles)], activity["responsible"])
            if activity.get("deadline") is not None:
                fill_cell(row_cells[3 + len(flag_titles)], str(activity["deadline"]))
    return replace_part(data, root)


def _fill_responsible(cell: etree._Element, units: list[str]) -> None:
    controls = cell.findall(".//w:sdt", NS)
    if len(controls) >= 2:  # the lead unit's drop-down, then the others as text
        set_control(controls[0], units[0])
        if units[1:]:
            set_control(controls[1], ", ".join(units[1:]))
    else:
        fill_cell(cell, ", ".join(units))


# Re-saving and mangling -----------------------------------------------------------------------


def resave_with_libreoffice(paths: list[Path], folder: Path) -> list[Path]:
    """Each file opened and saved as .docx by LibreOffice headless, into ``folder``.

    A profile of its own: LibreOffice started meanwhile by anyone else with the default profile
    would otherwise take the job over, or refuse it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder.parent / f"{folder.name}-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    saved = [folder / path.name for path in paths]
    missing = [path.name for path in saved if not path.is_file()]
    assert not missing, f"LibreOffice did not save {missing}"
    return saved


def delete_column(data: bytes, heading_part: str, column: int) -> bytes:
    """Delete a column of the table whose heading contains ``heading_part``, as Word does."""
    root = read_part(data)
    table = next(
        t for t in root.findall(".//w:body/w:tbl", NS) if heading_part in text_of(rows(t)[0])
    )
    grid = table.find("w:tblGrid", NS)
    grid.remove(grid.findall("w:gridCol", NS)[column])
    for row in rows(table)[1:]:
        row.remove(cells(row)[column])
    heading = cells(rows(table)[0])[0]
    span = heading.find("w:tcPr/w:gridSpan", NS)
    span.set(w("val"), str(int(span.get(w("val"))) - 1))
    return replace_part(data, root)


def fill_follow_up_form(data: bytes, reports: list[tuple[str | None, str | None]]) -> bytes:
    """A follow-up form with each activity's status and comment set, in the plan's order, as
    Word does (a status None leaves the drop-down as it is, a comment None empties it)."""
    root = read_part(data)
    statuses = controls(root, "pm:status")
    comments = controls(root, "pm:comment")
    assert len(statuses) == len(comments) == len(reports), (len(statuses), len(reports))
    for status, comment, (new_status, new_comment) in zip(statuses, comments, reports, strict=True):
        if new_status is not None:
            set_control(status, new_status)
        set_control(comment, new_comment or "")
    return replace_part(data, root)


def controls(root: etree._Element, tag: str) -> list[etree._Element]:
    """The content controls tagged ``tag``, in document order."""
    return [
        control
        for control in root.iter(w("sdt"))
        if (found := control.find("w:sdtPr/w:tag", NS)) is not None and found.get(w("val")) == tag
    ]
