"""Metadata from the cover: department, jurisdiction, year, kind and scope; unknown stays unknown and is listed."""

from budgetpdf import metadata


def test_the_cover_title_gives_department_jurisdiction_year_kind_and_scope():
    meta = metadata.detect(["武汉市江岸区大数据中心\n2023年度部门决算"])
    assert (meta.department, meta.jurisdiction, meta.fiscal_year, meta.kind, meta.scope) == (
        "武汉市江岸区大数据中心",
        "武汉市江岸区",
        2023,
        "final",
        "department",
    )
    assert meta.unknown == []


def test_a_unit_budget_is_read_as_budget_and_unit():
    meta = metadata.detect(["2026年度福州市民政局(本级)单位预算"])
    assert (meta.department, meta.fiscal_year, meta.kind, meta.scope) == ("福州市民政局", 2026, "budget", "unit")


def test_a_labelled_department_line_wins_over_the_title():
    meta = metadata.detect(["部门名称：武汉市洪山区大数据中心\n2024年部门预算"])
    assert meta.department == "武汉市洪山区大数据中心"


def test_what_the_cover_does_not_say_is_listed_as_unknown():
    meta = metadata.detect(["目录\n第一部分 概况"])
    assert {"department", "jurisdiction"} <= set(meta.unknown)
    assert meta.department == ""


def test_the_department_line_above_a_table_is_read():
    assert metadata.department_line("部门：武汉市江岸区大数据中心 金额单位：万元") == "武汉市江岸区大数据中心"


def test_hints_win_over_the_cover_and_unknown_is_recomputed():
    meta = metadata.detect(["目录"])
    hinted = metadata.with_hints(meta, {"department": "某市某局", "fiscal_year": 2022, "kind": "budget", "scope": ""})
    assert (hinted.department, hinted.fiscal_year, hinted.kind) == ("某市某局", 2022, "budget")
    assert "department" not in hinted.unknown and "fiscal_year" not in hinted.unknown
    assert meta.department == ""


def test_a_year_on_its_own_line_after_the_title_is_the_fiscal_year_and_no_stray_year_ends_the_name():
    meta = metadata.detect(["重庆市商务委员会\n年部门预算情况说明\n2026\n", "2025年预算执行情况 2025年 2025年"])
    assert (meta.department, meta.fiscal_year, meta.kind) == ("重庆市商务委员会", 2026, "budget")


def test_a_stray_year_character_never_ends_a_department_name():
    meta = metadata.detect(["重庆市气象局年部门预算\n2026"])
    assert meta.department == "重庆市气象局"


def test_a_section_heading_is_never_a_department():
    for heading in ("名词解释第二部分", "构成第二部分", "信息公开目录第一部分"):
        meta = metadata.detect([f"{heading}2026年部门预算表"])
        assert meta.department == "", heading


def test_a_file_starting_with_its_tables_leaves_the_department_unknown():
    meta = metadata.detect(["预算01表\n收支总表\n单位：万元\n项目 预算数"], titles=["收支总表"])
    assert meta.department == ""
    assert "department" in meta.unknown


def test_an_amount_unit_label_is_never_a_department():
    assert metadata.department_line("编制单位：金额单位：万元") == ""
    meta = metadata.detect(["2026年部门预算\n单位：金额单位：万元"], department_lines=["金额"])
    assert meta.department == ""
