"""Key figures the narrative states: each read only from the sentence about what it is a figure of."""

from decimal import Decimal

from budgetpdf.figures import from_narrative
from budgetpdf.model import PageText

SANGONG = "2020年度“三公”经费财政拨款年初预算数为4.20万元，支出决算为2.49万元，完成年初预算的59.29%。"
GENERAL = "2023年度一般公共预算财政拨款支出年初预算为2991.53万元，支出决算为2743.11万元，完成年初预算的91.70%。"


def test_the_sangong_budget_is_never_read_as_the_departments_initial_budget():
    figures = from_narrative([PageText(number=19, text=SANGONG)])
    assert "initial_budget" not in figures
    assert figures["three_public_budget"].value == Decimal("4.20")


def test_the_initial_budget_is_read_from_the_general_budget_appropriation_spending_sentence():
    figures = from_narrative([PageText(number=19, text=SANGONG), PageText(number=17, text=GENERAL)])
    assert figures["initial_budget"].value == Decimal("2991.53") and figures["initial_budget"].page == 17
