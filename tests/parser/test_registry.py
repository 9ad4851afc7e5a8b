"""The registry of checks: every rule once, by id, with a severity and what it needs; `run` runs them in order."""

import re
import subprocess
from pathlib import Path

import pytest

from budgetpdf import checks
from budgetpdf.checks.registry import EVIDENCE, SEVERITIES, Rule
from budgetpdf.metadata import Metadata
from budgetpdf.model import Check

ROOT = Path(__file__).resolve().parents[2]
KNOWN_RULES = {
    "parent_equals_sum_of_children",
    "total_equals_sum_of_classes",
    "row_total_equals_sum_of_parts",
    "income_total_equals_expense_total",
    "class_total_agrees_between_tables",
    "narrative_equals_table",
    "narrative_item_equals_table",
}


def test_every_existing_rule_is_registered():
    assert set(checks.RULES) >= KNOWN_RULES


@pytest.mark.parametrize("rule_id", sorted(checks.RULES))
def test_every_rule_has_an_id_a_severity_what_it_needs_and_a_description(rule_id):
    registered = checks.RULES[rule_id]
    assert isinstance(registered, Rule) and registered.id == rule_id
    assert registered.severity in SEVERITIES
    assert registered.needs and registered.needs <= EVIDENCE
    assert registered.description
    assert callable(registered.check)


def test_a_rule_id_is_written_once_in_the_code(rule_ids=KNOWN_RULES):
    sources = [
        path for folder in ("budgetpdf", "disclosures", "ingestion", "config") for path in (ROOT / folder).rglob("*.py")
    ]
    for rule_id in rule_ids:
        places = [path for path in sources if re.search(rf"[\"']{rule_id}[\"']", path.read_text(encoding="utf-8"))]
        assert len(places) == 1, f"{rule_id} is written in {places}"


def test_registering_an_id_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        checks.rule("parent_equals_sum_of_children")(lambda evidence: [])


def test_a_rule_of_unknown_severity_or_evidence_is_refused():
    with pytest.raises(ValueError, match="severity"):
        checks.rule("a_rule_of_unknown_severity", severity="warning")
    with pytest.raises(ValueError, match="needs"):
        checks.rule("a_rule_needing_the_weather", needs=("weather",))


def test_a_note_rule_marks_its_checks_as_notes_and_gives_them_its_id(monkeypatch):
    monkeypatch.setattr(checks.registry, "RULES", {})
    checks.rule("always_a_note", severity="note", needs=("tables",))(lambda evidence: [Check("", "fail", "m")])
    evidence = checks.Evidence(tables=[], pages=[], figures={}, narrative={}, metadata=Metadata())
    (check,) = checks.run(evidence)
    assert (check.rule, check.severity) == ("always_a_note", "note")


def test_run_refuses_a_rule_that_is_not_registered():
    evidence = checks.Evidence(tables=[], pages=[], figures={}, narrative={}, metadata=Metadata())
    with pytest.raises(KeyError, match="no_such_rule"):
        checks.run(evidence, only=["no_such_rule"])


def test_a_grep_finds_the_rule_modules_registered_on_import():
    result = subprocess.run(
        ["git", "grep", "-l", "@rule(", "--", "budgetpdf/checks"], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode not in (0, 1):
        pytest.skip("not a git checkout")
    modules = {Path(line).stem for line in result.stdout.split()}
    assert modules <= {name for name in dir(checks) if not name.startswith("_")}
