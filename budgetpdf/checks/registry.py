"""The registry of checks: every rule is registered once, by id, and run over the same evidence.

A rule is a function from `Evidence` to the checks it makes, decorated with
`@rule(...)`; `run` runs the registered rules (or some of them) in the order
they were registered.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import figures as key_figures
from ..metadata import Metadata
from ..model import Check, KeyFigure, PageText, Table

EVIDENCE = frozenset({"tables", "pages", "figures", "narrative", "metadata"})
SEVERITIES = ("error", "note")


@dataclass(frozen=True)
class Evidence:
    """What the rules check: the tables, the page texts, the key figures (tables and narrative merged),
    the narrative's own figures and the report's metadata."""

    tables: list[Table]
    pages: list[PageText]
    figures: dict[str, KeyFigure]
    narrative: dict[str, KeyFigure]
    metadata: Metadata


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    needs: frozenset[str]
    description: str
    check: Callable[[Evidence], Iterable[Check]]


RULES: dict[str, Rule] = {}


def rule(id: str, *, severity: str = "error", needs: Iterable[str] = ("tables",), description: str = ""):
    """Register the decorated function as the rule `id`; an id is registered once."""
    needed = frozenset(needs)
    if id in RULES:
        raise ValueError(f"rule {id!r} is already registered")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {id!r}: severity {severity!r} is not one of {SEVERITIES}")
    if not needed <= EVIDENCE:
        raise ValueError(f"rule {id!r} needs {sorted(needed - EVIDENCE)}, which evidence does not hold")

    def register(check: Callable[[Evidence], Iterable[Check]]):
        RULES[id] = Rule(
            id=id,
            severity=severity,
            needs=needed,
            description=description or (check.__doc__ or "").strip(),
            check=check,
        )
        return check

    return register


def run(evidence: Evidence, *, only: Iterable[str] | None = None) -> list[Check]:
    """The checks of every registered rule (or of the rules named in `only`), rule by rule."""
    wanted = None if only is None else set(only)
    unknown = (wanted or set()) - RULES.keys()
    if unknown:
        raise KeyError(f"no such rules: {sorted(unknown)}")
    results: list[Check] = []
    for registered in RULES.values():
        if wanted is not None and registered.id not in wanted:
            continue
        for check in registered.check(evidence):
            # a rule's checks carry its id from here, so that the id is written once, where it is registered
            check.rule = check.rule or registered.id
            if check.severity == "error" and registered.severity != "error":
                check.severity = registered.severity
            results.append(check)
    return results


def evidence_from(tables: list[Table], pages: list[PageText], metadata: Metadata) -> Evidence:
    """Evidence for the rules: the narrative's figures from the page texts, the tables' figures, both merged."""
    narrative = key_figures.from_narrative(pages)
    merged = key_figures.merge(key_figures.from_tables(tables), narrative)
    return Evidence(tables=tables, pages=pages, figures=merged, narrative=narrative, metadata=metadata)
