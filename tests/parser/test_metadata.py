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
