"""The words an importer recognises, in every language of the kit: labels, areas, units, flags.

A filled template may come back in any language, so every label, area title, unit name, flag
title and status is looked up in each language's catalogs, and a text from the file is matched
against all of them (compared by :func:`normal`: case, spacing and typographic quotes aside).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n import POLICY, Catalogs, kit_languages
from ..model import ActivityStatus, FlagColumn, FlagValue, Policy

__all__ = ["Vocabulary", "normal"]

# The template labels a plan's tables and fields are recognised by: (catalog key, English text),
# as the templates (plan-table.j2, action-plan-template.j2, the follow-up form) write them.
COLUMN_LABELS = {
    "goal": (("plan.goal", "Goal"),),
    "activity": (("plan.activity", "Activity"),),
    "responsible": (
        ("plan.responsible-lead", "Responsible (lead first)"),
        ("plan.responsible", "Responsible"),
    ),
    "deadline": (("plan.deadline", "Deadline"),),
    "status": (("follow-up.status", "Status"),),
    "comment": (("follow-up.comment", "Comment"),),
}
AREA_LABEL = (("plan.area", "Development area"),)
# Labels before an activity's further fields inside its cell, by the plan file's field names.
ACTIVITY_FIELDS = {
    "resources": (("plan.resources", "Resources"),),
    "next_step": (("plan.next-step", "Next step"),),
    "follow_up": (("plan.follow-up", "Follow-up"),),
}
# Labels of the plan's own fields in the "About the plan" table.
PLAN_FIELDS = {
    "owner": (("template.unit", "Unit"),),
    "date": (("plan.date", "Date"),),
    "title": (("template.plan-title", "Title of the plan"),),
    "period": (("template.period", "Plan period"), ("plan.period", "Plan period")),
}
KEY_LABEL = (("form.key", "Plan file key"),)
BACKGROUND_LABEL = (("plan.background", "Background"),)
OVERALL_GOAL_LABEL = (("template.overall-goal", "Overall goal"),)
FLAG_WORDS = {
    FlagValue.YES: (("plan.flag.yes", "Yes"),),
    FlagValue.PARTLY: (("plan.flag.partly", "Partly"),),
    FlagValue.NO: (("plan.flag.no", "No"),),
}
STATUS_WORDS = {
    status: ((f"status.{status.value}", status.value.title()),) for status in ActivityStatus
}

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
     "\u00a0": " ", "\u2011": "-", "\u2010": "-"}
)  # fmt: skip


def normal(text: str) -> str:
    """``text`` as compared with labels and names: case, spacing and quote styles aside."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class Vocabulary:
    """Every word the importer recognises, each mapped to what it means."""

    languages: tuple[str, ...]
    labels: dict[str, dict[str, str]]  # field group -> normal(label) -> field name
    areas: dict[str, str]  # normal(area title) -> area id
    units: dict[str, str]  # normal(abbreviation or name) -> abbreviation
    unit_list: tuple[str, ...]  # the glossary's abbreviations, in order
    flags: dict[str, FlagColumn]  # normal(flag title) -> the policy's flag column (source texts)
    flag_words: dict[str, FlagValue]
    flag_names: dict[FlagValue, tuple[str, ...]]  # the shown words, for messages
    statuses: dict[str, ActivityStatus]
    status_names: dict[ActivityStatus, tuple[str, ...]]  # the shown names, for messages
    key_labels: tuple[str, ...]  # "Plan file key" before a follow-up form's plan key

    @classmethod
    def of(cls, policy: Policy, locale_dirs: Sequence[Path] = ()) -> Vocabulary:
        languages = kit_languages()
        every = [Catalogs.for_policy(policy, code, locale_dirs) for code in languages]

        def words(pairs: tuple[tuple[str, str], ...]) -> set[str]:
            return {normal(c.pgettext(key, text)) for c in every for key, text in pairs}

        def group(table: dict) -> dict[str, str]:
            return {word: name for name, pairs in table.items() for word in words(pairs)}

        def policy_texts(key: str, text: str) -> set[str]:
            return {normal(text)} | {normal(c.text(POLICY, key, text)) for c in every}

        labels = {
            "columns": group(COLUMN_LABELS),
            "area": group({"area": AREA_LABEL}),
            "activity": group(ACTIVITY_FIELDS),
            "plan": group(PLAN_FIELDS),
            "background": group({"background": BACKGROUND_LABEL}),
            "overall_goal": group({"overall_goal": OVERALL_GOAL_LABEL}),
        }
        areas = {
            word: area.id
            for area in policy.areas
            for word in policy_texts(area.key + ".title", area.title)
        }
        units: dict[str, str] = {}
        for unit in policy.units:
            for word in policy_texts(unit.key + ".name", unit.name):
                units.setdefault(word, unit.abbreviation)
        for unit in policy.units:  # an abbreviation wins over a name spelt the same
            units[normal(unit.abbreviation)] = unit.abbreviation
        flags = {}
        for flag in policy.plan.flags if policy.plan else ():
            for word in policy_texts(flag.key + ".title", flag.title):
                flags[word] = flag
        flag_words = {word: value for value, pairs in FLAG_WORDS.items() for word in words(pairs)}
        flag_words.update({value.value: value for value in FlagValue})
        statuses = {word: status for status, pairs in STATUS_WORDS.items() for word in words(pairs)}
        statuses.update({status.value: status for status in ActivityStatus})
        status_names = {
            status: tuple(sorted({c.pgettext(*STATUS_WORDS[status][0]) for c in every}))
            for status in ActivityStatus
        }
        flag_names = {
            value: tuple(sorted({c.pgettext(*FLAG_WORDS[value][0]) for c in every}))
            for value in FlagValue
        }
        return cls(
            languages=languages,
            labels=labels,
            areas=areas,
            units=units,
            unit_list=tuple(unit.abbreviation for unit in policy.units),
            flags=flags,
            flag_words=flag_words,
            flag_names=flag_names,
            statuses=statuses,
            status_names=status_names,
            key_labels=tuple(sorted(words(KEY_LABEL))),
        )

    def label(self, group: str, text: str) -> str | None:
        """The field that ``text`` (with or without a trailing colon) labels in ``group``."""
        return self.labels[group].get(normal(text).rstrip(":").rstrip())
