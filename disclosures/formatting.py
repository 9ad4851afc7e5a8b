"""How amounts and names are shown.

One amount formatter for pages and messages, one for CSV and JSON, one set of labels.
An amount is never rounded here: the number of decimals the report printed is kept.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy

from budgetpdf.codes import FUNCTION_CLASSES

from .models import Report

# The first name a function class code has in the classification is the one shown.
CLASS_NAMES: dict[str, str] = {code: name for name, code in reversed(FUNCTION_CLASSES.items())}

SIDE_LABELS = {"income": gettext_lazy("收入"), "expense": gettext_lazy("支出")}
KIND_LABELS = dict(Report.Kind.choices)
SCOPE_LABELS = dict(Report.Scope.choices)

FIGURE_LABELS = {
    "total_income": gettext_lazy("收入合计"),
    "total_expenditure": gettext_lazy("支出合计"),
    "grand_total_income": gettext_lazy("收入总计"),
    "grand_total_expenditure": gettext_lazy("支出总计"),
    "fiscal_appropriation_income": gettext_lazy("财政拨款收入"),
    "general_budget_appropriation_income": gettext_lazy("一般公共预算财政拨款收入"),
    "other_income": gettext_lazy("其他收入"),
    "carryover_begin": gettext_lazy("年初结转和结余"),
    "carryover_end": gettext_lazy("年末结转和结余"),
    "basic_expenditure": gettext_lazy("基本支出"),
    "project_expenditure": gettext_lazy("项目支出"),
    "personnel_expenditure": gettext_lazy("人员经费"),
    "public_expenditure": gettext_lazy("公用经费"),
    "three_public_budget": gettext_lazy("“三公”经费预算"),
    "three_public_actual": gettext_lazy("“三公”经费支出"),
    "government_procurement_total": gettext_lazy("政府采购支出"),
    "initial_budget": gettext_lazy("一般公共预算财政拨款支出年初预算"),
    "prior_year_total": gettext_lazy("上年数"),
    "prior_year_change": gettext_lazy("比上年增减"),
    "staff_authorized": gettext_lazy("编制人数"),
    "staff_actual": gettext_lazy("实有人数"),
    "retirees": gettext_lazy("离退休人数"),
}
# Key figures are shown in these groups, in this order; within a group, totals first, then their parts.
FIGURE_GROUPS: list[tuple[str, object, tuple[str, ...]]] = [
    (
        "income",
        gettext_lazy("收入"),
        (
            "grand_total_income",
            "total_income",
            "fiscal_appropriation_income",
            "general_budget_appropriation_income",
            "other_income",
            "carryover_begin",
        ),
    ),
    (
        "expenditure",
        gettext_lazy("支出"),
        (
            "grand_total_expenditure",
            "total_expenditure",
            "initial_budget",
            "prior_year_total",
            "prior_year_change",
            "government_procurement_total",
            "carryover_end",
        ),
    ),
    (
        "structure",
        gettext_lazy("结构"),
        ("basic_expenditure", "project_expenditure", "personnel_expenditure", "public_expenditure"),
    ),
    ("sangong", gettext_lazy("三公"), ("three_public_budget", "three_public_actual")),
    ("staff", gettext_lazy("人员"), ("staff_authorized", "staff_actual", "retirees")),
]
FIGURE_ORDER = {key: n for n, key in enumerate(key for _id, _label, keys in FIGURE_GROUPS for key in keys)}
# Function class figures (function_201 …) belong to the structure of spending, after its other figures.
FUNCTION_GROUP = "structure"

# What each figure is a figure of, printed under its name so that no amount passes for another.
FIGURE_SUBJECTS = {
    "grand_total_income": gettext_lazy("全部收入，含上年结转"),
    "total_income": gettext_lazy("本年收入"),
    "fiscal_appropriation_income": gettext_lazy("本年收入中的财政拨款"),
    "general_budget_appropriation_income": gettext_lazy("财政拨款中的一般公共预算"),
    "other_income": gettext_lazy("本年收入中的其他收入"),
    "carryover_begin": gettext_lazy("上年留下、本年可用的资金"),
    "grand_total_expenditure": gettext_lazy("全部支出，含年末结转"),
    "total_expenditure": gettext_lazy("本年支出"),
    "initial_budget": gettext_lazy("一般公共预算财政拨款支出的年初预算"),
    "prior_year_total": gettext_lazy("上年的收支总计，由本年总计减去说明所写的增减算出"),
    "prior_year_change": gettext_lazy("收支总计比上年"),
    "government_procurement_total": gettext_lazy("政府采购"),
    "carryover_end": gettext_lazy("留到下年的资金"),
    "basic_expenditure": gettext_lazy("本年支出中保运转的部分"),
    "project_expenditure": gettext_lazy("本年支出中办项目的部分"),
    "personnel_expenditure": gettext_lazy("基本支出中的人员部分"),
    "public_expenditure": gettext_lazy("基本支出中的公用部分"),
    "three_public_budget": gettext_lazy("因公出国（境）、公务用车、公务接待的预算"),
    "three_public_actual": gettext_lazy("因公出国（境）、公务用车、公务接待的支出"),
    "staff_authorized": gettext_lazy("核定编制"),
    "staff_actual": gettext_lazy("在职实有"),
    "retirees": gettext_lazy("离退休人员"),
}

MONEY_UNIT = "万元"


def amount_grouped(value: Decimal, unit: str = MONEY_UNIT) -> str:
    """For reading: grouped thousands; two places for money as the reports print it, none for whole counts.

    More decimals than two are kept as stored, never rounded away.
    """
    if unit != MONEY_UNIT and value == value.to_integral_value():
        return f"{value:,.0f}"
    if value == value.quantize(Decimal("0.01")):
        return f"{value:,.2f}"
    return f"{value.normalize():,}"


def amount_plain(value: Decimal | None) -> str | None:
    """For CSV and JSON: the stored amount without the padding its column adds, 2743.1100 -> "2743.11"."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def printed_plain(printed: str, amount: Decimal) -> str:
    """For CSV and JSON: the amount as printed without thousands separators, when the printed text is that amount.

    A printed text that is not the amount (a narrative's wording, another unit) gives way to the amount itself.
    """
    text = printed.replace(",", "").replace(" ", "")
    try:
        if Decimal(text) == amount:
            return text
    except ArithmeticError:
        pass
    return amount_plain(amount)


def side_label(side: str) -> str:
    """收入 or 支出 for the two halves of a two-sided table; any other block name is shown as it is."""
    return str(SIDE_LABELS.get(side, side))


def figure_subject(key: str) -> str:
    """What a key figure is a figure of, in a few words; a function class figure is a part of spending."""
    if key.startswith("function_"):
        return str(gettext_lazy("本年支出中这一类的金额"))
    return str(FIGURE_SUBJECTS.get(key, ""))


def figure_group(key: str) -> str:
    """The id of the group a key figure is shown in; figures of no known group are shown last."""
    if key.startswith("function_"):
        return FUNCTION_GROUP
    return next((group for group, _label, keys in FIGURE_GROUPS if key in keys), "")


def figure_label(key: str) -> str:
    """The Chinese name of a key figure; a function class figure is named by its class and code."""
    if key.startswith("function_"):
        code = key.removeprefix("function_")
        return f"{CLASS_NAMES.get(code, code)}（{code}）"
    return str(FIGURE_LABELS.get(key, key))
