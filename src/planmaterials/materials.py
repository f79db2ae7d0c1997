"""The catalogue of the kit: every material, its template, formats and file names, and the bundles.

Adding a material is a template in ``templates/`` plus one entry in :data:`MATERIALS` (and its
labels): the entry says how many documents it makes (:class:`Scope`) and what it needs from the
policy, and the build follows the catalogue without knowing any material by name.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Policy

__all__ = ["BUNDLES", "MATERIALS", "Bundle", "Material", "Scope", "file_stem", "slug"]


def N_(context: str, message: str) -> tuple[str, str]:
    """Mark a label for extraction into the ``labels`` catalog; translated where it is used."""
    return context, message


class Scope(enum.StrEnum):
    """How many documents a material makes in each language."""

    KIT = "kit"  # one, from the policy
    AREA = "area"  # one per development area; the template gets ``area``
    PLAN = "plan"  # one per unit plan given to the build; the template gets that ``plan``
    PLANS = "plans"  # one for all unit plans together; the template gets ``plans``


@dataclass(frozen=True)
class Material:
    """One kind of document in the kit.

    ``name`` is the (msgctxt, English text) of its file name; for a material made once per
    development area it contains ``{area}``, replaced by the area's file-name slug. A material
    made per unit plan adds the plan's key to its file name.
    """

    id: str
    template: str
    formats: tuple[str, ...]
    name: tuple[str, str]
    scopes: tuple[Scope, ...] = (Scope.KIT,)
    # The part of the policy a KIT document is made from ("plan", "swot"...): without it, the
    # policy has no such document (unit plans are made all the same).
    requires: str | None = None
    # A format whose layout needs its own template (print wants large type, Word a notes column).
    format_templates: tuple[tuple[str, str], ...] = ()
    # A page that lists the kit's files (with their sizes) is made after every other file of its
    # language, and again inside each bundle, listing that bundle's files; its template gets
    # ``listing`` (see :class:`planmaterials.listing.Listing`).
    lists_kit: bool = False
    # A file name that is never translated (a web server's ``index``), instead of ``name``'s.
    fixed_stem: str | None = None

    def template_for(self, format: str | None) -> str:
        """The template that renders this material for ``format``."""
        return dict(self.format_templates).get(format or "", self.template)

    @property
    def per_area(self) -> bool:
        return Scope.AREA in self.scopes

    @property
    def for_plans_only(self) -> bool:
        """Whether the material is made only for a set of unit plans (none without them)."""
        return self.scopes == (Scope.PLANS,)

    def applies_to(self, policy: Policy) -> bool:
        """Whether the policy has what this material is made from."""
        return self.requires is None or getattr(policy, self.requires) is not None


MATERIALS: dict[str, Material] = {
    material.id: material
    for material in (
        Material(
            id="policy-summary",
            template="policy-summary.j2",
            formats=("docx",),
            name=N_("filename.policy-summary", "Policy summary"),
        ),
        Material(
            id="poster",
            template="poster.j2",
            formats=("pdf",),
            name=N_("filename.poster", "Overview poster – development areas"),
        ),
        Material(
            id="action-plan-template",
            template="action-plan-template.j2",
            formats=("docx",),
            name=N_("filename.action-plan-template", "Action plan template"),
            requires="method",
        ),
        Material(
            id="action-plan",
            template="action-plan.j2",
            formats=("docx",),
            name=N_("filename.action-plan", "Action plan"),
            scopes=(Scope.PLAN, Scope.KIT),  # each unit plan, and the policy's example plan
            requires="plan",
        ),
        Material(
            id="follow-up-form",
            template="follow-up-form.j2",
            formats=("docx",),
            name=N_("filename.follow-up-form", "Follow-up form"),
            scopes=(Scope.PLAN,),  # each unit plan, to report its activities' status once a year
            requires="plan",
        ),
        Material(
            id="follow-up",
            template="follow-up.j2",
            format_templates=(("xlsx", "follow-up-workbook.j2"),),
            formats=("docx", "xlsx"),
            name=N_("filename.follow-up", "Follow-up of the action plans"),
            scopes=(Scope.PLANS,),  # one report on every unit plan given to the build
        ),
        Material(
            id="swot-template",
            template="swot-template.j2",
            formats=("docx",),
            name=N_("filename.swot-template", "SWOT template"),
            requires="swot",
        ),
        Material(
            id="area-list",
            template="area-list.j2",
            format_templates=(("pdf", "area-list-print.j2"),),
            formats=("pdf", "docx"),
            name=N_("filename.area-list", "{area} – bullet list"),
            scopes=(Scope.AREA,),
        ),
        Material(
            id="start-here",
            template="start-here.j2",
            formats=("html",),
            name=N_("filename.start-here", "Start here"),
            lists_kit=True,
            fixed_stem="index",
        ),
        Material(
            id="presentation",
            template="presentation.j2",
            formats=("pptx",),
            name=N_(
                "filename.presentation", "Presentation – internationalisation and the action plan"
            ),
        ),
    )
}


@dataclass(frozen=True)
class Bundle:
    """A zip file of the kit for one way of running the workshops, per language.

    ``contents`` lists ``(material id, format)`` pairs in the order a reader meets them;
    materials the policy cannot make (no SWOT, say) are simply left out. A ``complete`` bundle
    holds every file of its language made from the policy (not the other bundles, nor the unit
    plans, which are each department's own). Every bundle opens with the
    pages that list the kit (:attr:`Material.lists_kit`), made for the bundle's own files.
    """

    id: str
    name: tuple[str, str]
    contents: tuple[tuple[str, str], ...] = ()
    complete: bool = False


_SHARED = (
    ("policy-summary", "docx"),
    ("swot-template", "docx"),
    ("action-plan-template", "docx"),
)

BUNDLES: dict[str, Bundle] = {
    bundle.id: bundle
    for bundle in (
        Bundle(
            id="physical",
            name=N_("filename.bundle-physical", "Workshop materials – meetings in person"),
            contents=(
                ("presentation", "pptx"),
                ("poster", "pdf"),
                ("area-list", "pdf"),
                *_SHARED,
            ),
        ),
        Bundle(
            id="digital",
            name=N_("filename.bundle-digital", "Workshop materials – online meetings"),
            contents=(("presentation", "pptx"), ("area-list", "docx"), *_SHARED),
        ),
        Bundle(
            id="all",
            name=N_("filename.bundle-all", "Workshop materials – complete kit"),
            complete=True,
        ),
    )
}


def slug(text: str) -> str:
    """A file-name-safe form of ``text``: ASCII letters and digits joined by hyphens."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def file_stem(translated_name: str, area_title: str | None = None) -> str:
    """The file name (without extension) of a material from its translated name."""
    if area_title is not None:
        translated_name = translated_name.replace("{area}", area_title)
    return slug(translated_name)
