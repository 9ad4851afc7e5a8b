"""Matching a report's failed checks to what was planted in it, and the figures the evaluation prints."""

import importlib.util
import io
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from budgetpdf.model import Check

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "findings_evaluate.py"
spec = importlib.util.spec_from_file_location("findings_evaluate", SCRIPT)
evaluate = importlib.util.module_from_spec(spec)
sys.modules.setdefault("findings_evaluate", evaluate)
spec.loader.exec_module(evaluate)

TRUTH = {
    "report": "a-01-jiangan-2023-final",
    "sample": "jiangan-2023-final",
    "kind": "a",
    "page": 16,
    "printed": "2843.11",
    "expected": "2743.11",
    "table": "",
}


def check(rule="narrative_equals_table", page=16, expected="2743.11", found="2843.11", message="", table="", row=""):
    return Check(
        rule=rule,
        status="fail",
        message=message,
        table=table,
        row=row,
        expected=Decimal(expected) if expected else None,
        found=Decimal(found) if found else None,
        page=page,
    )


@dataclass
class KindedCheck:
    rule: str
    status: str = "fail"
    message: str = ""
    table: str = ""
    row: str = ""
    expected: Decimal | None = None
    found: Decimal | None = None
    page: int | None = None
    kind: str = ""
    places: list = field(default_factory=list)


def test_a_check_of_the_planted_kind_on_its_page_naming_its_numbers_finds_it():
    assert evaluate.finds(check(), TRUTH)


def test_a_check_on_another_page_or_with_other_numbers_does_not_find_it():
    assert not evaluate.finds(check(page=17), TRUTH)
    assert not evaluate.finds(check(expected="1.00", found="2.00"), TRUTH)


def test_a_check_of_another_kind_explains_the_change_but_does_not_find_it():
    other = check(rule="percentage_recomputes")
    assert evaluate.explains(other, TRUTH) and not evaluate.finds(other, TRUTH)


def test_a_check_declaring_its_own_kind_is_matched_by_that_kind():
    kinded = KindedCheck(rule="some_new_rule", kind="a", page=16, expected=Decimal("2743.11"))
    assert evaluate.kind_of(kinded) == "a" and evaluate.finds(kinded, TRUTH)


def test_a_check_naming_the_planted_page_among_its_places_is_on_that_page():
    elsewhere = KindedCheck(rule="x", kind="a", page=4, found=Decimal("2843.11"), places=[{"page": 16}])
    assert evaluate.finds(elsewhere, TRUTH)


def test_texts_are_matched_in_the_message():
    truth = {**TRUTH, "kind": "l", "printed": "武汉市江汉区大数据中心", "expected": "武汉市江岸区大数据中心"}
    named = check(rule="department_name_consistent", expected="", found="", message="封面为武汉市江岸区大数据中心，…")
    assert evaluate.finds(named, truth)
    assert not evaluate.finds(check(rule="department_name_consistent", expected="", found="", message="其他"), truth)


def test_a_missing_table_is_found_by_a_check_on_that_table_type():
    truth = {**TRUTH, "kind": "i", "page": 11, "table": "income", "printed": "", "expected": "2023年度收入决算表"}
    missing = check(rule="standard_tables_present", page=None, expected="", found="", table="income")
    assert evaluate.finds(missing, truth)


def test_checks_the_clean_sample_already_shows_are_set_aside_and_moved_ones_kept_apart():
    printed_error = check(rule="parent_equals_sum_of_children", page=11, expected="240.57", found="240.59", row="301")
    narrative_before = check(page=19, expected="4881.73", found="4883.37", row="total_expenditure")
    narrative_after = check(page=19, expected="4881.73", found="4859.44", row="total_expenditure")
    planted = check()
    baseline = Counter(evaluate.signature(c) for c in (printed_error, narrative_before))
    fresh, moved = evaluate.new_checks([printed_error, narrative_after, planted], baseline)
    assert fresh == [planted] and moved == [narrative_after]


def test_scores_give_recall_per_kind_and_precision_over_the_new_checks():
    truths = [TRUTH, {**TRUTH, "report": "a-02", "page": 3}]
    stray = check(rule="percentage_recomputes", page=30, expected="9.06", found="9.10")
    checks = {TRUTH["report"]: [check(), stray], "a-02": []}
    scores = evaluate.score(truths, checks, {"jiangan-2023-final": Counter()})
    assert (scores["a"].planted, scores["a"].found, scores["a"].recall) == (2, 1, 0.5)
    assert (scores["a"].new_checks, scores["a"].precision) == (1, 1.0)
    assert (scores["c"].new_checks, scores["c"].explained, scores["c"].precision) == (1, 0, 0.0)
    assert scores["a"].missed == ["a-02"]


def test_the_scores_table_prints_every_kind_and_the_total():
    out = io.StringIO()
    scores = {kind: evaluate.KindScore() for kind in evaluate.plant.KINDS}
    scores["a"] = evaluate.KindScore(planted=8, found=6, new_checks=7, explained=7)
    evaluate.print_scores(scores, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 + len(evaluate.plant.KINDS) + 1
    assert " 75.0%" in lines[1] and "100.0%" in lines[1]


@pytest.mark.slow
def test_the_small_evaluation_runs_and_prints_its_figures(tmp_path, capsys):
    evaluate.main([str(tmp_path), "--small", "--samples", "jiangan-2023-final"])
    printed = capsys.readouterr().out
    print(printed)
    assert "14 planted reports over 1 samples" in printed
    assert all(f"\n{kind:>4}        1" in printed for kind in evaluate.plant.KINDS)
    assert "false alarms" in printed
