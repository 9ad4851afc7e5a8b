"""The classification reference: each code's name by year, and which year's names a report follows."""

import csv

from budgetpdf import reference


def test_health_class_is_named_by_the_year_of_the_classification():
    assert reference.name_of("210", 2018) == "医疗卫生与计划生育支出"
    assert reference.name_of("210", 2019) == "卫生健康支出"
    assert reference.name_of("207", 2017) == "文化体育与传媒支出"
    assert reference.name_of("207", 2023) == "文化旅游体育与传媒支出"


def test_a_code_the_reference_does_not_know_has_no_name():
    assert reference.name_of("2999999", 2023) is None


def test_codes_named_finds_every_code_carrying_a_shared_name():
    assert reference.codes_named("卫生健康支出", 2023) == ["210"]
    assert reference.codes_named("卫生健康支出", 2018) == []
    assert {"2010350", "2013750", "2010150"} <= set(reference.codes_named("事业运行", 2023))


def test_names_are_compared_without_whitespace_bracket_width_or_level_suffix():
    assert reference.is_name_of("20103", "政府办公厅(室)及相关机构事务", 2023)
    assert reference.is_name_of("221", "住房保障支出（类）", 2023)
    assert reference.is_name_of("30213", "维修 (护) 费", 2023)
    assert not reference.is_name_of("2080505", "住房公积金", 2023)


def test_economic_classification_names_changed_in_the_2018_reform():
    assert reference.name_of("30311", 2016) == "住房公积金"
    assert reference.name_of("30113", 2016) is None
    assert reference.name_of("30113", 2023) == "住房公积金"
    assert reference.scheme_of("50103") == "government"
    assert reference.name_of("50103", 2023) == "住房公积金"


def test_a_report_printing_the_old_health_name_follows_a_classification_before_2019():
    pairs = [("210", "医疗卫生与计划生育支出"), ("201", "一般公共服务支出"), ("2101102", "事业单位医疗")]
    found = reference.classification_year(pairs)
    assert (found.first, found.last) == (2014, 2018)
    assert found.matched == 3 and found.compared == 3


def test_a_report_with_current_names_follows_the_classification_from_2021_on():
    pairs = [("210", "卫生健康支出"), ("21305", "巩固脱贫衔接乡村振兴"), ("207", "文化旅游体育与传媒支出")]
    found = reference.classification_year(pairs)
    assert found.first == 2021 and found.last is None


def test_pairs_that_do_not_tell_the_years_apart_give_no_year():
    found = reference.classification_year([("221", "住房保障支出"), ("9", "未知")])
    assert found.first is None and found.compared == 1


def test_a_misnamed_code_is_listed_as_mismatched():
    pairs = [("210", "卫生健康支出"), ("2080505", "住房公积金")]
    assert reference.classification_year(pairs).mismatched == (("2080505", "住房公积金"),)


def test_every_reference_row_names_its_source_and_a_valid_code():
    for name in ("function_codes.csv", "economic_codes.csv"):
        with open(reference.REFERENCE_DIR / name, encoding="utf-8") as file:
            for row in csv.DictReader(file):
                assert row["source"] == "national" or row["source"].startswith("printed-in:"), row
                assert reference.scheme_of(row["code"]), row
                assert row["name"].strip() == row["name"] and row["name"], row


def sample_pairs(name: str) -> list[tuple[str, str]]:
    import json

    from samples import build

    document = json.loads((build.DATA_DIR / f"{name}.json").read_text("utf-8"))
    pairs = []
    for block in document["blocks"]:
        for row in block.get("body", []) if block["type"] == "table" else []:
            texts = [cell.get("text", "") if isinstance(cell, dict) else cell for cell in row]
            pairs += [
                (a.strip(), b)
                for a, b in zip(texts, texts[1:], strict=False)
                if reference.scheme_of(a.strip()) and not b[:1].isdigit()
            ]
    return pairs


def test_every_code_the_samples_print_carries_its_name_of_that_year():
    for name, year in (("jiangan-2023-final", 2023), ("hanyang-2023-final", 2023), ("hongshan-2024-budget", 2024)):
        pairs = sample_pairs(name)
        assert pairs
        assert [(code, printed) for code, printed in pairs if not reference.is_name_of(code, printed, year)] == []
        found = reference.classification_year(pairs)
        assert found.first is not None and found.first <= year and found.mismatched == ()


def test_codes_printed_in_reports_but_missing_nationally_are_added_for_their_years_only():
    from budgetpdf.reference.collect import printed_in_rows

    printed = [
        {"file": "a.pdf", "fiscal_year": "2026", "table": "expenditure", "code": "2100202", "name": "中医（民族）医院"},
        {"file": "b.pdf", "fiscal_year": "2024", "table": "expenditure", "code": "2100202", "name": "中医(民族)医院"},
        {"file": "a.pdf", "fiscal_year": "2026", "table": "project_expenditure", "code": "2010507", "name": "农业普查"},
        {"file": "a.pdf", "fiscal_year": "2026", "table": "expenditure", "code": "2010350", "name": "事业运行"},
    ]
    rows = printed_in_rows(printed, national={"2010350"})
    ((key, seen),) = rows.items()
    assert key[1] == "2100202" and seen["years"] == {2024, 2026} and seen["names"][0] == "中医（民族）医院"


def test_a_name_known_only_as_printed_in_one_year_does_not_date_a_report():
    printed_only = next(e for e in reference.entries() if not e.national and e.valid_from == e.valid_to)
    found = reference.classification_year([(printed_only.code, printed_only.name), ("210", "卫生健康支出")])
    assert found.compared == 1 and (found.first, found.last) == (2019, None)
