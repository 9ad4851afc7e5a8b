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


def _evidence():
    return checks.Evidence(tables=[], pages=[], figures={}, narrative={}, metadata=Metadata())


def test_the_same_difference_met_on_several_pages_is_one_finding_naming_every_place(monkeypatch):
    from decimal import Decimal

    monkeypatch.setattr(checks.registry, "RULES", {})

    def twice(evidence):
        return [
            Check(
                "",
                "fail",
                "第6页合计",
                table="expenditure",
                row="201",
                expected=Decimal("10"),
                found=Decimal("12"),
                page=6,
            ),
            Check(
                "", "fail", "第9页合计", table="income", row="201", expected=Decimal("10"), found=Decimal("12"), page=9
            ),
            Check(
                "", "fail", "第9页合计", table="income", row="202", expected=Decimal("3"), found=Decimal("5"), page=9
            ),
        ]

    checks.rule("twice", needs=("tables",))(twice)
    merged = checks.run(_evidence())
    assert [(check.row, [place["page"] for place in check.places]) for check in merged] == [
        ("201", [6, 9]),
        ("202", []),
    ]


def test_a_finding_without_numbers_is_merged_by_its_words_less_the_page(monkeypatch):
    monkeypatch.setattr(checks.registry, "RULES", {})
    words = [Check("", "fail", f"第{page}页“XX”留有模板占位符", page=page) for page in (3, 4)]
    checks.rule("words", needs=("tables",))(lambda evidence: words + [Check("", "fail", "第5页“某某”", page=5)])
    merged = checks.run(_evidence())
    assert [[place["page"] for place in check.places] for check in merged] == [[3, 4], []]


@pytest.mark.parametrize(
    ("expected", "found", "severity"),
    [
        ("1294.48", "1294.49", "note"),
        ("1294.48", "1294.5", "note"),
        ("1294.48", "1294.50", "error"),
        ("3.00", "4", "error"),
    ],
)
def test_a_difference_within_the_printed_precision_is_a_note_and_a_larger_one_an_error(
    monkeypatch, expected, found, severity
):
    from decimal import Decimal

    monkeypatch.setattr(checks.registry, "RULES", {})
    check = Check("", "fail", "m", expected=Decimal(expected), found=Decimal(found))
    checks.rule("amounts", needs=("tables",), rounded=True)(lambda evidence: [check])
    (result,) = checks.run(_evidence())
    assert result.severity == severity


def test_a_rule_of_counts_keeps_a_difference_of_one_an_error(monkeypatch):
    from decimal import Decimal

    monkeypatch.setattr(checks.registry, "RULES", {})
    check = Check("", "fail", "m", expected=Decimal("16"), found=Decimal("17"))
    checks.rule("counts", needs=("tables",))(lambda evidence: [check])
    (result,) = checks.run(_evidence())
    assert result.severity == "error"
