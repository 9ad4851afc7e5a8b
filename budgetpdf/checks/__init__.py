"""The identities a disclosure must satisfy (勾稽关系). A failure is reported with its page, never repaired.

Each rule module registers its rules on import; a new module of rules is
imported here, one name each.
"""

from . import (
    codes_names,
    completeness,
    cross_sections,
    department_name,
    item_sums,
    metadata,
    narrative,
    narrative_totals,
    percentages,
    placeholders,
    staff_counts,
    tables,
    text_quality,
    three_public,
    units,
    wording,
    years,
)
from .registry import RULES, Evidence, Rule, evidence_from, rule, run

__all__ = [
    "RULES",
    "Evidence",
    "Rule",
    "codes_names",
    "completeness",
    "cross_sections",
    "department_name",
    "evidence_from",
    "item_sums",
    "metadata",
    "narrative",
    "narrative_totals",
    "percentages",
    "placeholders",
    "rule",
    "run",
    "staff_counts",
    "tables",
    "text_quality",
    "three_public",
    "units",
    "wording",
    "years",
]
