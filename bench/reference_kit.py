"""The benchmark's yardstick: the same bilingual kit, written the straightforward way.

A plain script with python-docx, python-pptx and reportlab, as a competent developer would
write it without planmaterials: it reads the default policy YAML and the project's PO catalogs
(policy texts by key into English, template labels into Swedish) and writes, per language, the
policy summary, the SWOT and action-plan templates, the filled example action plan, the bullet
list of every development area in Word and PDF (embedded fonts), the A3 overview poster, a
16-slide presentation with speaker notes, a start page (HTML) and three workshop zips, plus a
manifest: 37 files.
Nothing here is tuned to be slow or fast: library defaults, no caching, no tricks.

Run: python bench/reference_kit.py OUT
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sys
import unicodedata
import zipfile
from html import escape
from pathlib import Path

import yaml
from babel.dates import format_date
from babel.messages.pofile import read_po
from docx import Document
from docx.enum.section import WD_ORIENT
from pptx import Presentation
from pptx.util import Pt as SlidePt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Frame,
    KeepInFrame,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
)

ROOT = Path(__file__).resolve().parents[1]
POLICY_FILE = ROOT / "src" / "planmaterials" / "data" / "default-policy.yaml"
FONTS = ROOT / "src" / "planmaterials" / "fonts"
LOCALES = ROOT / "locales"
LOCALE_NAMES = {"sv": "sv_SE", "en": "en_GB"}


def read_catalog(path: Path, english: bool = False) -> dict[str, str]:
    with open(path, "rb") as file:
        return {
            m.context: m.id if english else m.string
            for m in read_po(file)
            if m.context and m.string
        }


class Texts:
    """Policy texts (written in Swedish) and labels (written in English) in one language."""

    def __init__(self, lang: str, source_lang: str):
        self.lang = lang
        self.source_lang = source_lang
        self.policy = (
            {}
            if lang == source_lang
            else read_catalog(LOCALES / lang / "LC_MESSAGES" / "policy.po")
        )
        # Labels are written in English: the Swedish catalog's msgids are the English texts.
        labels = read_catalog(LOCALES / "sv" / "LC_MESSAGES" / "labels.po", english=lang == "en")
        self.labels = labels if lang in ("sv", "en") else {}

    def p(self, key: str, text: str | dict) -> str:
        if isinstance(text, dict):  # an area's aim may be {text: ..., short: ...}
            text = text["text"]
        return self.policy.get(key, text).strip()

    def each(self, prefix: str, items: list) -> list[str]:
        """A list of texts, each plain or ``{text: ..., key: ...}``; no key: keyed by its place."""
        texts = []
        for n, item in enumerate(items, start=1):
            key, text = (item.get("key", n), item["text"]) if isinstance(item, dict) else (n, item)
            texts.append(self.p(f"{prefix}.{key}", text))
        return texts

    def label(self, key: str, text: str) -> str:
        return self.labels.get(key, text)

    def date(self, value) -> str:
        if isinstance(value, dt.date):
            return format_date(value, "long", locale=LOCALE_NAMES[self.lang])
        return str(value)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


# --- Word -------------------------------------------------------------------------------------


def new_docx(title: str, t: Texts, org: str, footer: str):
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = org
    doc.core_properties.language = t.lang
    doc.sections[0].footer.paragraphs[0].text = footer
    return doc


def add_bullets(doc_or_cell, items, style="List Bullet"):
    for item in items:
        doc_or_cell.add_paragraph(item, style=style)


def docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def table_with_header(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def policy_summary(policy: dict, t: Texts, org: str) -> bytes:
    p = policy["policy"]
    title = f"{t.p('policy.title', p['title'])} – {t.label('summary.title', 'Summary')}"
    doc = new_docx(title, t, org, f"{org} · {t.p('policy.title', p['title'])}")
    doc.add_heading(title, 0)
    doc.add_paragraph(
        t.label("summary.subtitle", "A summary for workshops on the action plan")
    ).italic = True
    doc.add_paragraph(
        f"{t.label('label.adopted', 'Adopted')} {t.date(p['adopted'])} "
        f"{t.label('label.by', 'by')} {t.p('policy.decided-by', p['decided_by'])} · "
        f"{t.label('label.version', 'Version')} {p['version']}"
    )
    doc.add_heading(t.label("summary.introduction", "About the policy"), 1)
    for text in paragraphs(t.p("policy.introduction", p["introduction"])):
        doc.add_paragraph(text)
    doc.add_heading(t.label("summary.background", "Why internationalisation?"), 1)
    for text in paragraphs(t.p("policy.background", p["background"])):
        doc.add_paragraph(text)
    doc.add_heading(t.label("summary.areas", "Development areas"), 1)
    doc.add_paragraph(t.label("summary.areas-intro", "The policy names these development areas:"))
    for area in p["areas"]:
        key = f"area.{area['key']}"
        doc.add_heading(t.p(f"{key}.title", area["title"]), 2)
        doc.add_paragraph(t.p(f"{key}.description", area["description"]))
        add_bullets(doc, t.each(f"{key}.point", area["points"]))
    doc.add_heading(t.label("label.contact", "Contact"), 1)
    doc.add_paragraph(
        t.label(
            "summary.contact-intro",
            "Get in touch if you need help getting started or have questions about "
            "internationalisation.",
        )
    )
    for n, contact in enumerate(policy["contacts"], start=1):
        doc.add_paragraph(
            f"{t.p(f'contact.{n}.name', contact['name'])}, "
            f"{t.p(f'contact.{n}.role', contact['role'])}: {contact['email']}"
        )
    doc.add_paragraph(
        f"{t.label('summary.website', 'More about internationalisation at the university:')} "
        f"{policy['organisation']['website']}"
    )
    return docx_bytes(doc)


def swot_template(policy: dict, t: Texts, org: str) -> bytes:
    swot = policy["swot"]
    title = t.label("swot.title", "SWOT analysis")
    doc = new_docx(title, t, org, org)
    doc.add_heading(title, 0)
    doc.add_paragraph(t.p("swot.introduction", swot["introduction"]))
    doc.add_heading(t.label("swot.how-to", "How to do it"), 1)
    steps = [
        ("swot.how-to.1", "Start with the inside: note your unit’s strengths and weaknesses."),
        (
            "swot.how-to.2",
            "Then look outwards: note the opportunities and threats in the world around you.",
        ),
        (
            "swot.how-to.3",
            "Let the questions in each box get the conversation going; you need not answer "
            "them all.",
        ),
        (
            "swot.how-to.4",
            "Finish by choosing the most important points and take them with you when you "
            "set your goals.",
        ),
    ]
    add_bullets(doc, [t.label(key, text) for key, text in steps], style="List Number")
    axes = swot["axes"]
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table.cell(0, 1).text = t.p("swot.axis.helpful", axes["helpful"])
    table.cell(0, 2).text = t.p("swot.axis.harmful", axes["harmful"])
    table.cell(1, 0).text = t.p("swot.axis.internal", axes["internal"])
    table.cell(2, 0).text = t.p("swot.axis.external", axes["external"])
    places = {"strengths": (1, 1), "weaknesses": (1, 2), "opportunities": (2, 1), "threats": (2, 2)}
    for name, (row, col) in places.items():
        quadrant = swot["quadrants"][name]
        cell = table.cell(row, col)
        cell.text = ""
        cell.paragraphs[0].add_run(t.p(f"swot.{name}.title", quadrant["title"])).bold = True
        for question in t.each(f"swot.{name}.question", quadrant["questions"]):
            cell.add_paragraph(question)
        for _ in range(6):
            cell.add_paragraph("")
    return docx_bytes(doc)


def action_plan_template(policy: dict, t: Texts, org: str) -> bytes:
    method = policy["method"]
    title = t.label("template.title", "Action plan for internationalisation")
    doc = new_docx(title, t, org, org)
    doc.add_heading(title, 0)
    doc.add_paragraph(
        t.label(
            "template.lead",
            "A template for your unit’s own plan. Fill it in step by step during your workshops.",
        )
    )
    doc.add_heading(t.label("template.about-plan", "About the plan"), 1)
    fields = [
        ("template.unit", "Unit"),
        ("template.period", "Plan period"),
        ("template.adopted", "Adopted by and date"),
        ("template.contact", "Contact person"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, text in fields:
        cells = table.add_row().cells
        cells[0].text = t.label(key, text)
    doc.add_heading(t.label("template.steps", "Four steps to an action plan"), 1)
    for n, step in enumerate(method["steps"], start=1):
        key = f"method.step.{step['key']}"
        doc.add_heading(
            f"{t.label('template.step', 'Step')} {n}: {t.p(f'{key}.title', step['title'])}", 2
        )
        doc.add_paragraph(t.p(f"{key}.guidance", step["guidance"]))
        add_bullets(doc, t.each(f"{key}.task", step["tasks"]))
    doc.add_heading(t.label("template.overall-goals", "Overall goals"), 1)
    table_with_header(
        doc,
        [t.label("template.number", "No."), t.label("template.overall-goal", "Overall goal")],
        [[str(n), ""] for n in range(1, 5)],
    )
    doc.add_heading(t.label("template.activities", "Sub-goals and activities"), 1)
    header = [
        t.label("template.sub-goal", "Sub-goal"),
        t.label("template.activity", "Activity or action"),
        t.label("plan.responsible", "Responsible"),
        t.label("plan.deadline", "Deadline"),
        t.label("plan.resources", "Resources"),
        t.label("plan.next-step", "Next step"),
    ]
    for area in policy["policy"]["areas"]:
        doc.add_heading(t.p(f"area.{area['key']}.title", area["title"]), 2)
        table_with_header(doc, header, [[""] * len(header) for _ in range(4)])
    doc.add_heading(t.label("template.follow-up", "Follow-up and evaluation"), 1)
    evaluation = next(step for step in method["steps"] if step.get("questions"))
    add_bullets(
        doc,
        t.each(f"method.step.{evaluation['key']}.question", evaluation["questions"]),
    )
    doc.add_heading(t.label("template.reviews", "When we review the plan"), 2)
    table_with_header(
        doc,
        [
            t.label("plan.date", "Date"),
            t.label("template.participants", "Who takes part"),
            t.label("template.decisions", "What we noted and decided"),
        ],
        [["", "", ""] for _ in range(4)],
    )
    return docx_bytes(doc)


def action_plan(policy: dict, t: Texts, org: str) -> bytes:
    plan = policy["plan"]
    key = f"plan.{plan['key']}"
    title = t.p(f"{key}.title", plan["title"])
    doc = new_docx(title, t, org, f"{t.p(f'{key}.owner', plan['owner'])} · {title}")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(title, 0)
    doc.add_paragraph(
        f"{t.p(f'{key}.owner', plan['owner'])} · {t.label('plan.period', 'Plan period')} "
        f"{t.p(f'{key}.period', plan['period'])} · {t.label('plan.date', 'Date')} "
        f"{t.date(plan['date'])}"
    )
    doc.add_heading(t.label("plan.background", "Background"), 1)
    for text in paragraphs(t.p(f"{key}.background", plan["background"])):
        doc.add_paragraph(text)
    doc.add_heading(t.label("plan.overall-goals", "Overall goals"), 1)
    add_bullets(
        doc,
        t.each(f"{key}.overall-goal", plan["overall_goals"]),
        style="List Number",
    )
    flags = plan.get("flags", [])
    flag_words = {
        "yes": t.label("plan.flag.yes", "Yes"),
        "partly": t.label("plan.flag.partly", "Partly"),
    }
    header = [
        t.label("plan.activity", "Activity"),
        t.label("plan.responsible", "Responsible"),
        t.label("plan.deadline", "Deadline"),
        t.label("plan.resources", "Resources"),
        t.label("plan.next-step", "Next step"),
        t.label("plan.follow-up", "Follow-up"),
        *(t.p(f"{key}.flag.{flag['key']}.title", flag["title"]) for flag in flags),
    ]
    areas = {area["key"]: area for area in policy["policy"]["areas"]}
    for plan_area in plan["areas"]:
        area_key = plan_area["area"]
        doc.add_heading(t.p(f"area.{area_key}.title", areas[area_key]["title"]), 1)
        for g, goal in enumerate(plan_area["goals"], start=1):
            goal_key = f"{key}.{area_key}.goal.{goal.get('key', g)}"
            doc.add_heading(f"{t.label('plan.goal', 'Goal')}: {t.p(goal_key, goal['goal'])}", 2)
            rows = []
            for a, activity in enumerate(goal["activities"], start=1):
                akey = f"{goal_key}.activity.{activity.get('key', a)}"
                deadline = activity.get("deadline", "")
                rows.append(
                    [
                        t.p(akey, activity["activity"]),
                        ", ".join(activity["responsible"]),
                        t.p(f"{akey}.deadline", deadline)
                        if isinstance(deadline, str)
                        else t.date(deadline),
                        t.p(f"{akey}.resources", activity.get("resources", "")),
                        t.p(f"{akey}.next-step", activity.get("next_step", "")),
                        t.p(f"{akey}.follow-up", activity.get("follow_up", "")),
                        *(
                            flag_words.get(activity.get("flags", {}).get(flag["key"], ""), "")
                            for flag in flags
                        ),
                    ]
                )
            table_with_header(doc, header, rows)
    doc.add_heading(t.label("plan.abbreviations", "Abbreviations"), 1)
    table = doc.add_table(rows=0, cols=2)
    for unit in policy["units"]:
        cells = table.add_row().cells
        cells[0].text = unit["abbreviation"]
        cells[1].text = t.p(f"unit.{unit['abbreviation']}.name", unit["name"])
    return docx_bytes(doc)


def area_list_docx(area: dict, policy: dict, t: Texts, org: str) -> bytes:
    key = f"area.{area['key']}"
    title = t.p(f"{key}.title", area["title"])
    doc = new_docx(title, t, org, f"{t.label('area-list.footer', 'Development area')}: {title}")
    doc.add_heading(title, 0)
    doc.add_paragraph(t.p(f"{key}.description", area["description"]))
    doc.add_paragraph(
        t.label(
            "area-list.how-to",
            "Go through the points together. Note beside each one what you already do, what "
            "you want to develop and what does not apply to you.",
        )
    )
    table_with_header(
        doc,
        [t.label("area-list.point", "The policy says"), t.label("area-list.notes", "Our notes")],
        [[point, ""] for point in t.each(f"{key}.point", area["points"])],
    )
    return docx_bytes(doc)


# --- PDF --------------------------------------------------------------------------------------


def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont("Body", str(FONTS / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Body-Bold", str(FONTS / "LiberationSans-Bold.ttf")))


def area_list_pdf(area: dict, policy: dict, t: Texts, org: str) -> bytes:
    key = f"area.{area['key']}"
    title = t.p(f"{key}.title", area["title"])
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=org,
        lang=t.lang,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    heading = ParagraphStyle("h", fontName="Body-Bold", fontSize=28, leading=34, spaceAfter=12)
    lead = ParagraphStyle("lead", fontName="Body", fontSize=16, leading=21, spaceAfter=12)
    point = ParagraphStyle("point", fontName="Body", fontSize=18, leading=24, spaceAfter=8)
    footer = f"{t.label('area-list.footer', 'Development area')}: {title}"

    def on_page(canvas, doc):
        canvas.setFont("Body", 10)
        canvas.drawString(20 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, str(doc.page))

    story = [
        Paragraph(title, heading),
        Paragraph(t.p(f"{key}.description", area["description"]), lead),
        ListFlowable(
            [ListItem(Paragraph(text, point)) for text in t.each(f"{key}.point", area["points"])],
            bulletType="bullet",
            bulletFontName="Body",
        ),
    ]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def poster(policy: dict, t: Texts, org: str) -> bytes:
    theme = policy["theme"]["colours"]
    width, height = A3
    buffer = io.BytesIO()
    title = t.label("poster.title", "Development areas")
    canvas = Canvas(buffer, pagesize=A3, lang=t.lang)
    canvas.setTitle(f"{title} – {t.p('policy.title', policy['policy']['title'])}")
    canvas.setAuthor(org)
    canvas.setFillColor(colors.HexColor(theme["primary"]))
    canvas.rect(0, height - 60 * mm, width, 60 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont("Body-Bold", 44)
    canvas.drawString(20 * mm, height - 32 * mm, title)
    canvas.setFont("Body", 20)
    canvas.drawString(
        20 * mm, height - 47 * mm, f"{t.p('policy.title', policy['policy']['title'])} · {org}"
    )
    panel_title = ParagraphStyle(
        "pt",
        fontName="Body-Bold",
        fontSize=22,
        leading=27,
        textColor=colors.HexColor(theme["primary"]),
        spaceAfter=8,
    )
    text = ParagraphStyle("pp", fontName="Body", fontSize=14, leading=18, spaceAfter=5)
    areas = policy["policy"]["areas"]
    columns = 2
    rows = (len(areas) + 1) // 2
    gap = 10 * mm
    panel_w = (width - 40 * mm - gap) / columns
    panel_h = (height - 60 * mm - 30 * mm - gap * (rows - 1)) / rows
    for i, area in enumerate(areas):
        key = f"area.{area['key']}"
        x = 20 * mm + (i % columns) * (panel_w + gap)
        y = height - 70 * mm - (i // columns + 1) * panel_h - (i // columns) * gap
        canvas.setFillColor(colors.HexColor("#F2F5F7"))
        canvas.rect(x, y, panel_w, panel_h, stroke=0, fill=1)
        story = [
            Paragraph(t.p(f"{key}.title", area["title"]), panel_title),
            Paragraph(t.p(f"{key}.description", area["description"]), text),
            ListFlowable(
                [
                    ListItem(Paragraph(point, text))
                    for point in t.each(f"{key}.point", area["points"])
                ],
                bulletType="bullet",
                bulletFontName="Body",
            ),
        ]
        frame = Frame(
            x,
            y,
            panel_w,
            panel_h,
            leftPadding=8 * mm,
            rightPadding=8 * mm,
            topPadding=8 * mm,
            bottomPadding=8 * mm,
        )
        frame.addFromList([KeepInFrame(panel_w, panel_h, story, mode="shrink")], canvas)
    canvas.setFillColor(colors.black)
    canvas.setFont("Body", 12)
    canvas.drawString(20 * mm, 12 * mm, policy["organisation"]["website"])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- PowerPoint -------------------------------------------------------------------------------


def add_slide(deck, title: str, bullets: list[str], notes: list[str], lead: str | None = None):
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    items = ([lead] if lead else []) + bullets
    size = 20 if len(items) <= 6 else 16 if len(items) <= 9 else 14
    for n, item in enumerate(items):
        paragraph = body.paragraphs[0] if n == 0 else body.add_paragraph()
        paragraph.text = item
        paragraph.font.size = SlidePt(size)
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    return slide


def presentation(policy: dict, t: Texts, org: str) -> bytes:
    p = policy["policy"]
    lbl = t.label
    deck = Presentation()
    deck.slide_width, deck.slide_height = SlidePt(960), SlidePt(540)
    title = lbl("presentation.title", "Internationalisation – from policy to action plan")
    deck.core_properties.title = title
    deck.core_properties.author = org
    deck.core_properties.language = t.lang
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = title
    slide.placeholders[1].text = (
        f"{org}\n{t.p('policy.title', p['title'])} · {lbl('label.adopted', 'Adopted')} "
        f"{t.date(p['adopted'])}"
    )
    slide.notes_slide.notes_text_frame.text = lbl(
        "presentation.notes.welcome", "Welcome everyone and introduce yourself."
    )
    add_slide(
        deck,
        lbl("presentation.why.title", "Why internationalisation matters"),
        paragraphs(t.p("policy.background", p["background"])),
        [lbl("presentation.notes.why", "Spend two or three minutes on this slide.")],
    )
    area_titles = [t.p(f"area.{a['key']}.title", a["title"]) for a in p["areas"]]
    add_slide(
        deck,
        lbl("presentation.areas.title", "The policy and its development areas"),
        area_titles,
        [lbl("presentation.notes.areas", "Present the policy and its development areas.")],
        lead=paragraphs(t.p("policy.introduction", p["introduction"]))[0],
    )
    for area, area_title in zip(p["areas"], area_titles, strict=True):
        key = f"area.{area['key']}"
        add_slide(
            deck,
            area_title,
            t.each(f"{key}.point", area["points"]),
            [
                lbl("presentation.notes.area", "Read out the description of the area."),
                lbl("presentation.notes.area-time", "About two minutes per area."),
            ],
            lead=t.p(f"{key}.description", area["description"]),
        )
    steps = policy["method"]["steps"]
    add_slide(
        deck,
        lbl("presentation.steps.title", "Four steps to an action plan"),
        [t.p(f"method.step.{s['key']}.title", s["title"]) for s in steps],
        [lbl("presentation.notes.steps", "Explain that the steps build on each other.")],
    )
    add_slide(
        deck,
        lbl("presentation.swot.title", "How to run a SWOT analysis"),
        [lbl(f"presentation.swot.step-{n}", f"Step {n}") for n in range(1, 5)],
        [lbl("presentation.notes.swot", "Allow about 30 minutes in all.")],
        lead=t.p("swot.introduction", policy["swot"]["introduction"]),
    )
    questions = []
    for name, quadrant in policy["swot"]["quadrants"].items():
        questions.append(t.p(f"swot.{name}.title", quadrant["title"]))
        questions += t.each(f"swot.{name}.question", quadrant["questions"][:2])
    add_slide(
        deck,
        lbl("presentation.swot-questions.title", "SWOT: questions to get you started"),
        questions,
        [lbl("presentation.notes.swot-questions", "These questions help groups get started.")],
    )
    for kind, items, note in (
        ("physical", ("poster", "lists", "summary", "groups", "wrap-up"), "physical"),
        ("digital", ("lists", "rooms", "writer", "swot", "wrap-up"), "digital"),
    ):
        add_slide(
            deck,
            lbl(f"presentation.{kind}.title", f"Workshop ({kind})"),
            [lbl(f"presentation.{kind}.{item}", item) for item in items],
            [lbl(f"presentation.notes.{note}", note)],
        )
    add_slide(
        deck,
        lbl("presentation.materials.title", "Materials in the kit"),
        [
            lbl("presentation.materials.physical", "For workshops in person"),
            lbl("presentation.materials.digital", "For workshops online"),
        ],
        [lbl("presentation.notes.materials", "Show where the material can be downloaded.")],
    )
    add_slide(
        deck,
        lbl("presentation.plan.title", "From SWOT to action plan"),
        [
            f"{lbl(f'presentation.plan.{part}', part)}: {lbl(f'presentation.plan.{part}-text', '')}"
            for part in ("overall-goals", "goals", "activities", "resources", "next-step")
        ],
        [lbl("presentation.notes.plan", "Go through the parts of the plan.")],
    )
    evaluation = next(step for step in steps if step.get("questions"))
    add_slide(
        deck,
        lbl("presentation.evaluation.title", "Follow-up and evaluation"),
        t.each(f"method.step.{evaluation['key']}.question", evaluation["questions"]),
        [lbl("presentation.notes.evaluation", "Decide now when you will follow up.")],
    )
    add_slide(
        deck,
        lbl("label.contact", "Contact"),
        [
            f"{t.p(f'contact.{n}.name', c['name'])}: {c['email']}"
            for n, c in enumerate(policy["contacts"], start=1)
        ]
        + [policy["organisation"]["website"]],
        [lbl("presentation.notes.contact", "End with the contact details.")],
    )
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# --- Start page -------------------------------------------------------------------------------


def start_page(policy: dict, t: Texts, org: str, files: list[str]) -> bytes:
    title = t.label("start-here.title", "An action plan for internationalisation")
    steps = ""
    for step in policy["method"]["steps"]:
        key = f"method.step.{step['key']}"
        steps += f"<li><h3>{escape(t.p(f'{key}.title', step['title']))}</h3>\n"
        steps += f"<p>{escape(t.p(f'{key}.guidance', step['guidance']))}</p></li>\n"
    links = "".join(f'<li><a href="{escape(f)}">{escape(f)}</a></li>\n' for f in files)
    page = f"""<!DOCTYPE html>
<html lang="{t.lang}">
<head><meta charset="utf-8"><title>{escape(title)} – {escape(org)}</title>
<style>body{{font-family:Arial,sans-serif;max-width:50em;margin:2em auto;line-height:1.5}}</style>
</head>
<body>
<h1>{escape(title)}</h1>
<p>{escape(t.label("start-here.lead", "Is it time for your unit to draw up an action plan?"))}</p>
<h2>{escape(t.label("start-here.steps", "Four steps"))}</h2>
<ol>
{steps}</ol>
<h2>{escape(t.label("start-here.download", "Materials to download"))}</h2>
<ul>
{links}</ul>
</body>
</html>
"""
    return page.encode("utf-8")


# --- The kit ----------------------------------------------------------------------------------


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def build_language(policy: dict, lang: str) -> dict[str, bytes]:
    t = Texts(lang, policy["language"])
    org = t.p("organisation.name", policy["organisation"]["name"])
    name = lambda key, text: slug(t.label(key, text))  # noqa: E731
    files: dict[str, bytes] = {}
    summary = f"{name('filename.policy-summary', 'Policy summary')}.docx"
    swot = f"{name('filename.swot-template', 'SWOT template')}.docx"
    template = f"{name('filename.action-plan-template', 'Action plan template')}.docx"
    files[summary] = policy_summary(policy, t, org)
    files[swot] = swot_template(policy, t, org)
    files[template] = action_plan_template(policy, t, org)
    files[f"{name('filename.action-plan', 'Action plan')}.docx"] = action_plan(policy, t, org)
    area_pdfs, area_docx = [], []
    for area in policy["policy"]["areas"]:
        stem = slug(
            t.label("filename.area-list", "{area} – bullet list").replace(
                "{area}", t.p(f"area.{area['key']}.title", area["title"])
            )
        )
        files[f"{stem}.pdf"] = area_list_pdf(area, policy, t, org)
        files[f"{stem}.docx"] = area_list_docx(area, policy, t, org)
        area_pdfs.append(f"{stem}.pdf")
        area_docx.append(f"{stem}.docx")
    poster_name = f"{name('filename.poster', 'Overview poster – development areas')}.pdf"
    files[poster_name] = poster(policy, t, org)
    deck_name = "Presentation – internationalisation and the action plan"
    deck = f"{name('filename.presentation', deck_name)}.pptx"
    files[deck] = presentation(policy, t, org)
    shared = [summary, swot, template]
    bundles = {
        name("filename.bundle-physical", "Workshop materials – meetings in person"): [
            deck,
            poster_name,
            *area_pdfs,
            *shared,
        ],
        name("filename.bundle-digital", "Workshop materials – online meetings"): [
            deck,
            *area_docx,
            *shared,
        ],
    }
    bundles[name("filename.bundle-all", "Workshop materials – complete kit")] = list(files)
    files["index.html"] = start_page(policy, t, org, list(files))
    for bundle, members in bundles.items():
        members = ["index.html", *members]
        files[f"{bundle}.zip"] = zip_bytes({member: files[member] for member in members})
    return {f"{lang}/{path}": data for path, data in files.items()}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out = Path(args[0])
    policy = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    register_fonts()
    files: dict[str, bytes] = {}
    for lang in ("sv", "en"):
        files.update(build_language(policy, lang))
    manifest = []
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        manifest.append({"path": path, "size": len(data), "sha256": digest})
    (out / "manifest.json").write_text(json.dumps({"files": manifest}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
