"""The terms of budget disclosures in plain words, for the glossary page and the links to it from a report."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    meaning: str


TERMS: list[Term] = [
    Term("yusuan", _("预算"), _("部门在年初公开的本年收支计划，经本级人民代表大会批准。")),
    Term("juesuan", _("决算"), _("部门在年度结束后公开的本年实际收支，数字是执行的结果。")),
    Term(
        "caizheng-bokuan",
        _("财政拨款"),
        _("本级财政安排给部门的资金，包括一般公共预算、政府性基金预算和国有资本经营预算拨款。"),
    ),
    Term(
        "yiban-gonggong-yusuan",
        _("一般公共预算"),
        _("以税收为主体的财政收入安排的预算，用于保障和改善民生、维持国家机构正常运转等。"),
    ),
    Term("jiben-zhichu", _("基本支出"), _("保障机构正常运转的支出，由人员经费和公用经费组成。")),
    Term("renyuan-jingfei", _("人员经费"), _("基本支出中的工资福利支出和对个人和家庭的补助。")),
    Term("gongyong-jingfei", _("公用经费"), _("基本支出中用于办公、水电、差旅、维修等日常运转的支出。")),
    Term("xiangmu-zhichu", _("项目支出"), _("为完成特定工作任务和事业发展目标、在基本支出之外安排的支出。")),
    Term(
        "sangong-jingfei",
        _("“三公”经费"),
        _("用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"),
    ),
    Term(
        "jiezhuan-jieyu",
        _("结转结余"),
        _("以前年度未用完、结转到本年继续使用的资金（年初结转和结余），或本年未用完留到下年的资金（年末结转和结余）。"),
    ),
    Term(
        "gongneng-fenlei",
        _("功能分类"),
        _("按政府职能划分支出的科目，如一般公共服务、教育、社会保障和就业；分为类、款、项三级。"),
    ),
    Term(
        "jingji-fenlei",
        _("经济分类"),
        _("按支出的经济性质划分的科目，如工资福利支出、商品和服务支出、资本性支出。"),
    ),
    Term(
        "lei-kuan-xiang",
        _("类、款、项"),
        _("功能分类科目的三级：类是三位编码（如 201），款是五位（如 20103），项是七位（如 2010301）。"),
    ),
    Term("zhixinglv", _("执行率"), _("决算数除以预算数，本站算出并注明；原文另有说法时以原文为准。")),
]
BY_SLUG = {term.slug: term for term in TERMS}

# Key figures and table types that a glossary term explains.
FIGURE_TERMS = {
    "basic_expenditure": "jiben-zhichu",
    "project_expenditure": "xiangmu-zhichu",
    "personnel_expenditure": "renyuan-jingfei",
    "public_expenditure": "gongyong-jingfei",
    "three_public_budget": "sangong-jingfei",
    "three_public_actual": "sangong-jingfei",
    "fiscal_appropriation_income": "caizheng-bokuan",
    "general_budget_appropriation_income": "yiban-gonggong-yusuan",
    "carryover_begin": "jiezhuan-jieyu",
    "carryover_end": "jiezhuan-jieyu",
    "initial_budget": "yiban-gonggong-yusuan",
}
TABLE_TERMS = {
    "general_budget_expenditure": "gongneng-fenlei",
    "basic_expenditure_economic": "jingji-fenlei",
    "three_public": "sangong-jingfei",
    "appropriation_summary": "caizheng-bokuan",
    "expenditure": "lei-kuan-xiang",
}
KIND_TERMS = {"budget": "yusuan", "final": "juesuan"}
