"""The department's name against the cover."""

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(rule_id, *pages, **options):
    return failed(run(evidence(*pages, **options), only=[rule_id]))


def test_another_district_s_name_for_the_department_is_reported_on_every_page_it_is_printed():
    (check,) = checks_of(
        "department_name_consistent",
        "武汉市汉阳区大数据中心2023年度部门决算。",
        "部门：武汉市江岸区大数据中心",
        "2023年度武汉市江岸区大数据中心政府采购支出总额669.68万元。",
    )
    assert "武汉市江岸区大数据中心" in check.message and "武汉市汉阳区大数据中心" in check.message
    assert [place["page"] for place in check.places] == [18, 19]


def test_the_department_s_own_name_and_the_whole_district_s_are_not_other_names():
    assert checks_of("department_name_consistent", "武汉市汉阳区大数据中心负责全区大数据中心建设。") == []
