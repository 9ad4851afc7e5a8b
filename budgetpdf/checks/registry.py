"""The registry of checks: every rule is registered once, by id, and run over the same evidence.

A rule is a function from `Evidence` to the checks it makes, decorated with
`@rule(...)`; `run` runs the registered rules (or some of them) in the order
they were registered.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

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
    rounded: bool = False


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    severity: str = "error",
    needs: Iterable[str] = ("tables",),
    description: str = "",
    rounded: bool = False,
):
    """Register the decorated function as the rule `id`; an id is registered once.

    `rounded`: the rule compares printed amounts (or percentages), so a difference the printed precision
    accounts for is a note, not an error (`within_rounding`)."""
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
            rounded=rounded,
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
            if registered.rounded and check.status == "fail" and within_rounding(check.expected, check.found):
                check.severity = "note"
            results.append(check)
    return merge_duplicates(results)


def _decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def within_rounding(expected: Decimal | None, found: Decimal | None) -> bool:
    """Two printed figures a rounding apart: no further than half a unit of the coarser one's last place
    (1294.5 against 1294.48), or one unit of the finer one's (a sum of rounded parts off by a cent)."""
    if expected is None or found is None or expected == found:
        return False
    coarser, finer = sorted((_decimal_places(expected), _decimal_places(found)))
    tolerance = max(Decimal(5).scaleb(-coarser - 1), Decimal(1).scaleb(-finer))
    return abs(expected - found) <= tolerance


PAGE_IN_MESSAGE = re.compile(r"第\s*\d+\s*页")


def _fact(check: Check) -> tuple:
    """What a failed check reports, wherever it is met: its numbers, or its words less the page."""
    if check.expected is not None or check.found is not None:
        return (check.rule, check.row, check.expected, check.found)
    return (check.rule, check.row, PAGE_IN_MESSAGE.sub("", check.message))


def _places(check: Check) -> list[dict]:
    own = [{"page": check.page}] if check.page else []
    return [*own, *check.places]


def merge_duplicates(checks: list[Check]) -> list[Check]:
    """One failed check per fact: the same difference met in several tables or pages is one finding
    whose `places` name every page (and table) it is met on; passed checks are kept as they are."""
    merged: list[Check] = []
    first: dict[tuple, Check] = {}
    for check in checks:
        if check.status != "fail":
            merged.append(check)
            continue
        key = _fact(check)
        if key not in first:
            first[key] = check
            check.places = _places(check)
            merged.append(check)
            continue
        kept = first[key]
        kept.places += _places(check)
        if check.severity == "error":
            kept.severity = "error"
    for check in first.values():
        check.places = _distinct(check.places)
    return merged


def _distinct(places: list[dict]) -> list[dict]:
    """Each place once (a page named without its table is the same place as with it); one place is the
    check's own page, and is not repeated."""
    seen: dict[int | None, dict] = {}
    for place in places:
        page = place.get("page")
        if page in seen:
            if place.get("table") and not seen[page].get("table"):
                seen[page] = place
            continue
        seen[page] = place
    distinct = list(seen.values())
    return distinct if len(distinct) > 1 else []


def evidence_from(tables: list[Table], pages: list[PageText], metadata: Metadata) -> Evidence:
    """Evidence for the rules: the narrative's figures from the page texts, the tables' figures, both merged."""
    narrative = key_figures.from_narrative(pages)
    merged = key_figures.merge(key_figures.from_tables(tables), narrative)
    return Evidence(tables=tables, pages=pages, figures=merged, narrative=narrative, metadata=metadata)
