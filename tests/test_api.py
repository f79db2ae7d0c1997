"""The public surface is what we promise, and it works end to end."""

from __future__ import annotations

import planmaterials


def test_the_exports_are_exactly_the_promised_ones():
    assert set(planmaterials.__all__) == {
        "MATERIALS",
        "WRITERS",
        "ActionPlan",
        "BuildResult",
        "BuiltFile",
        "DevelopmentArea",
        "Document",
        "LocalizedPolicy",
        "Material",
        "Policy",
        "PolicyError",
        "Templates",
        "__version__",
        "build",
        "compose",
        "dump",
        "load_plan",
        "load_policy",
        "localize",
        "render",
        "write",
    }
    for name in planmaterials.__all__:
        assert getattr(planmaterials, name) is not None


def test_load_localize_compose_write_go_one_way():
    policy = planmaterials.load_policy()
    localized = planmaterials.localize(policy, "en")
    document = planmaterials.compose("policy-summary", localized)
    data = planmaterials.write(document, "docx", policy.theme)
    assert document.lang == "en-GB" and data[:2] == b"PK"
