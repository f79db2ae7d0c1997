"""Composing a material: its template rendered with the policy, then parsed into a Document.

Jinja2, the sandbox and the markup parser are imported when a document is first composed (see
:mod:`.templating`), so that a build with nothing to render never loads them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .errors import PolicyError, UnknownNameError
from .materials import BUNDLES, MATERIALS, Material

if TYPE_CHECKING:
    from .document import Document, LayoutError
    from .listing import Listing
    from .localize import LocalizedPolicy
    from .model import ActionPlan, DevelopmentArea, Policy
    from .plansummary import PlansSummary
    from .templating import Templates

__all__ = ["Templates", "compose", "layout_error", "template_context"]


def __getattr__(name: str) -> object:
    # Templates lives with the rest of Jinja2's set-up; importing it from here still works.
    if name == "Templates":
        from .templating import Templates

        return Templates
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def compose(
    material: str | Material,
    localized: LocalizedPolicy,
    *,
    area: DevelopmentArea | str | None = None,
    plan: ActionPlan | None = None,
    plans: Sequence[ActionPlan] = (),
    templates: Templates | None = None,
    format: str | None = None,
    listing: Listing | None = None,
) -> Document:
    """Render ``material`` for the localized policy into a :class:`Document`.

    ``area`` is required for per-area materials; ``plan`` (already localized) overrides the
    policy's own example plan; ``plans`` (localized) are all unit plans, for materials made for
    the set of them; ``format`` picks a format's own template where it has one; ``listing``
    (the files beside it) is required for a page that lists the kit.
    """
    parse_markup, Templates, template_error = _composing()
    if isinstance(material, str):
        if material not in MATERIALS:
            raise UnknownNameError("material", material, MATERIALS)
        material = MATERIALS[material]
    templates = templates or Templates()
    policy = localized.policy
    if isinstance(area, str):
        area = policy.area(area)
    if material.per_area and area is None:
        areas = ", ".join(known.id for known in policy.areas)
        raise ValueError(f"the material {material.id!r} is made per area: give one of {areas}")
    if material.lists_kit and listing is None:
        raise ValueError(f"the material {material.id!r} lists the kit's files: give a listing")
    if material.for_plans_only and not plans:
        raise ValueError(
            f"the material {material.id!r} is made for a set of unit plans: give plans"
        )
    if plan is None and material.requires == "plan":
        plan = policy.plan  # the policy's own example plan, dated by the plan
    if not (material.applies_to(policy) or plan is not None):
        raise ValueError(
            f"the material {material.id!r} is made from the policy's {material.requires}, "
            "which this policy does not have"
        )
    env = templates.environment(localized.catalogs)
    template = material.template_for(format)
    _, filename = templates.source(template)
    context = template_context(
        localized, material, area=area, plan=plan, plans=plans, listing=listing
    )
    try:
        markup = env.get_template(template).render(context)
    except Exception as exc:  # sorted below into the user's mistakes and our bugs
        error = template_error(exc, filename, templates)
        if error is None:
            raise
        raise error from None
    if plan is not None:
        date = plan.date
    elif plans:
        date = max(each.date for each in plans)  # the latest report of the set
    else:
        date = policy.adopted
    return parse_markup(
        markup,
        template=filename,
        lang=localized.language.tag,
        date=date,
        author=policy.organisation.name,
    )


@cache
def _composing() -> tuple[Callable[..., Document], type[Templates], Callable[..., Any]]:
    """The markup parser, the templates and their errors, imported once when first needed (two
    imports in :func:`compose` itself cost more than a little document's other set-up)."""
    from .markup import parse_markup
    from .templating import Templates, template_error

    return parse_markup, Templates, template_error


def layout_error(error: LayoutError, policy: Policy) -> PolicyError:
    """The policy error for text of ``policy`` that a writer could not lay out.

    Templates give a block that shows an area the area's id (a poster panel), so the error can
    name the area's place in the policy file and what to shorten.
    """
    remedy = f", or {error.remedy}" if error.remedy else ""
    for index, area in enumerate(policy.areas):
        if error.element == area.id:
            return PolicyError(
                f"{error.message}; shorten its description or points{remedy}",
                file=policy.source,
                key=f"policy.areas[{index}]",
            )
    return PolicyError(f"{error.message}; shorten the text{remedy}", file=policy.source)


def template_context(
    localized: LocalizedPolicy,
    material: Material,
    *,
    area: DevelopmentArea | None = None,
    plan: ActionPlan | None = None,
    plans: Sequence[ActionPlan] = (),
    listing: Listing | None = None,
) -> dict[str, object]:
    """The names a material's template can use; nothing else of the build reaches it.

    - ``policy``: the whole localized :class:`~planmaterials.model.Policy`; ``organisation``
      its organisation.
    - ``lang``: the :class:`~planmaterials.i18n.Language` (``code``, ``tag``, ``name``);
      ``fmt``: dates, lists and numbers in its conventions (``fmt.date(d)``, ``fmt.list(xs)``).
    - ``material``: this catalogue entry; ``catalogue`` and ``bundles``: every material and
      bundle (the presentation lists them).
    - ``area``: the development area of a per-area document, else None.
    - ``plan``: the unit plan of a per-plan document, else the policy's own example plan (or
      None); ``plans``: every unit plan of the build, for a document made for all of them, and
      ``summary`` their :class:`~planmaterials.plansummary.PlansSummary` (None without plans):
      every activity, its counts, the flag totals and what is late on its ``as_of`` date.
    - ``listing``: for a page that lists the kit (``material.lists_kit``), the files it links to
      with their sizes, the bundle it is made for and the page in other languages
      (:class:`~planmaterials.listing.Listing`); else None.
    - ``pgettext(context, text)`` and ``{% trans %}``: the template's own labels.
    """
    policy = localized.policy
    return {
        "policy": policy,
        "organisation": policy.organisation,
        "lang": localized.language,
        "fmt": localized.format,
        "material": material,
        "catalogue": MATERIALS,
        "bundles": BUNDLES,
        "area": area,
        "plan": plan if plan is not None else policy.plan,
        "plans": tuple(plans),
        "summary": _summary(policy, plans) if plans else None,
        "listing": listing,
    }


# The last summary made, with the policy and plans it sums up.
_last_summary: tuple[Policy, tuple[ActionPlan, ...], PlansSummary] | None = None


def _summary(policy: Policy, plans: Sequence[ActionPlan]) -> PlansSummary:
    """``summarise(policy, plans)``, made once for the documents that follow one another.

    A language's report and its workbook are composed in turn from the same plans; policies
    and plans are immutable, so the same objects (not merely equal ones) sum up the same.
    """
    global _last_summary
    last = _last_summary
    if (
        last is not None
        and last[0] is policy
        and len(last[1]) == len(plans)
        and all(map(operator.is_, last[1], plans))
    ):
        return last[2]
    from .plansummary import summarise  # the follow-up's summaries: only where plans are summed up

    summary = summarise(policy, plans)
    _last_summary = policy, tuple(plans), summary
    return summary
