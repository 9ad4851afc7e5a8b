"""Reading narrative sentences: amounts, percentages, counts, years, comparisons, lists and slips."""

from decimal import Decimal
from pathlib import Path

import pytest

from budgetpdf.narrative import read_sentences, split_sentences
from budgetpdf.narrative.quantities import amounts, counts, parse_number, percentages, years
from budgetpdf.narrative.statements import comparisons, doubled_phrases, item_lists, placeholders


def sentence(text: str, page: int = 1):
    (only,) = read_sentences([(page, text)])
    return only


def test_lines_wrapped_mid_sentence_and_mid_number_are_joined():
    pages = [(3, "2023年度收、支总计2,743.\n11万元。与2022年度相比，\n收、支总计各减少130.56万元。")]
    first, second = split_sentences(pages)
    assert first.text == "2023年度收、支总计2,743.11万元。"
    assert second.text == "与2022年度相比，收、支总计各减少130.56万元。"


def test_a_heading_is_its_own_sentence_and_page_numbers_are_dropped():
    pages = [(5, "一、收入支出决算总体情况说明\n2023年度收、支总计2743.11万元。\n- 5 -")]
    heading, body = split_sentences(pages)
    assert heading.text == "一、收入支出决算总体情况说明"
    assert body.text == "2023年度收、支总计2743.11万元。"


def test_a_sentence_running_over_a_page_break_starts_on_its_first_page():
    (only,) = split_sentences([(6, "基本支出248.79万元，"), (7, "占本年支出9.06%。")])
    assert only.page == 6 and only.pages == (6, 7)
    assert only.text == "基本支出248.79万元，占本年支出9.06%。"


def test_a_numbered_item_starts_a_new_sentence_even_without_a_full_stop_before_it():
    pages = [(2, "项目支出主要用于：\n1.机关运行经费51.63万元，主要成效是维持机构正常运转；\n2.系统运维费217.46万元；")]
    assert [s.text[:2] for s in split_sentences(pages)] == ["项目", "1.", "2."]


def test_amounts_are_read_with_their_unit_and_converted_to_wan():
    found = amounts("收入1,294.48万元，其中其他收入16000元，共计0.5亿元。")
    assert [(a.value, a.unit) for a in found] == [
        (Decimal("1294.48"), "万元"),
        (Decimal("16000"), "元"),
        (Decimal("0.5"), "亿元"),
    ]
    assert [a.in_wan for a in found] == [Decimal("1294.48"), Decimal("1.6000"), Decimal("5000.0")]
    assert found[0].quote == "1,294.48万元" and found[0].places == 2


def test_full_width_and_ocr_spaced_numbers_are_read_as_printed():
    (full_width,) = amounts("收、支总计２７４３．１１万元。")
    assert full_width.value == Decimal("2743.11") and full_width.quote == "２７４３．１１万元"
    (spaced,) = amounts("收、支总计 1, 294. 48 万元")
    assert spaced.value == Decimal("1294.48")
    assert parse_number("２,７４３") == Decimal("2743")


def test_a_year_or_a_code_is_not_an_amount():
    assert amounts("2023年度2080505机关事业单位基本养老保险缴费支出") == []


def test_percent_and_percentage_points_are_told_apart():
    share, growth, points = percentages("基本支出占9.06%，比上年增长12.3%，执行率提高了1.5个百分点。")
    assert (share.value, share.verb, share.points) == (Decimal("9.06"), "占", False)
    assert (growth.value, growth.verb) == (Decimal("12.3"), "增长")
    assert (points.value, points.points, points.verb) == (Decimal("1.5"), True, "提高")


def test_completion_rate_is_a_percentage_of_completion():
    (rate,) = percentages("支出决算为2743.11万元，完成年初预算的91.70%。")
    assert rate.verb == "完成" and rate.value == Decimal("91.70")


def test_counts_of_people_trips_and_vehicles():
    found = counts("在职实有人数15人，接待12批次、86人次，公务用车保有量1辆，增长1.2个百分点。")
    assert [(c.value, c.unit) for c in found] == [
        (Decimal("15"), "人"),
        (Decimal("12"), "批次"),
        (Decimal("86"), "人次"),
        (Decimal("1"), "辆"),
    ]


def test_years_know_a_closing_date_from_a_comparison_base():
    found = years("截至2023年12月31日，与2022年度相比，比2021年决算数减少。2024年")
    assert [(y.value, y.context) for y in found] == [(2023, "截至"), (2022, "相比"), (2021, "相比"), (2024, "")]


def test_a_comparison_has_its_word_direction_subject_base_and_amount():
    decrease, fall = [c for c in comparisons("与2022年度相比，支出合计减少130.56万元，下降4.75%。") if c.word != "相比"]
    assert (decrease.word, decrease.direction, decrease.subject, decrease.base) == ("减少", -1, "支出合计", "2022年度")
    assert decrease.amount.value == Decimal("130.56")
    assert fall.direction == -1 and fall.percentage.value == Decimal("4.75")


def test_budget_against_outturn_comparisons_read_greater_and_smaller():
    (greater,) = comparisons("支出决算数大于年初预算数的主要原因：新增了人员经费。")
    assert (greater.word, greater.direction) == ("大于", 1)
    (unchanged,) = comparisons("“三公”经费预算4.40万元，与2023年预算持平。")
    assert unchanged.direction == 0 and unchanged.base == "2023年预算"


def test_an_item_list_has_its_stated_total_and_items():
    (listing,) = item_lists(
        "政府采购支出总额2132.97万元，其中：政府采购货物支出10.71万元、政府采购服务支出2122.26万元。"
    )
    assert listing.total.value == Decimal("2132.97") and listing.subject == "政府采购支出总额"
    assert [(i.name, i.amount.value) for i in listing.items] == [
        ("政府采购货物支出", Decimal("10.71")),
        ("政府采购服务支出", Decimal("2122.26")),
    ]


def test_items_separated_by_semicolons_stay_in_one_list():
    text = "公务用车运行费2.49万元，其中：燃料费1.21万元；维修费1.09万元；保险费0.19万元。"
    (listing,) = sentence(text).item_lists
    assert sum(i.amount.value for i in listing.items) == Decimal("2.49") == listing.total.value


def test_template_placeholders_are_found():
    found = placeholders("XX部门2023年度收入XX万元，某某项目××万元，支出【】，合计X,XXX.XX万元。")
    assert [p.text for p in found] == ["XX", "XX", "某某", "××", "【】", "X,XXX.XX"]


def test_an_amount_or_percentage_with_no_number_is_a_placeholder_but_a_unit_header_is_not():
    found = placeholders("支出决算为万元，占本年支出%。金额单位：万元（万元）")
    assert [p.text for p in found] == ["万元", "%"]
    assert placeholders("2023年度收入2743.11万元，占100%。") == []


def test_doubled_words_and_contradictory_pairs_are_found_but_single_words_are_not():
    found = doubled_phrases("收、支总计各增加减少130.56万元，主要原因原因是的的预算压减。")
    assert [d.phrase for d in found] == ["增加减少", "原因原因", "的的"]
    assert doubled_phrases("主要原因是预算压减，项目减少。") == []


def test_a_narrative_sentence_reads_everything_it_states():
    read = sentence("2023年度支出合计2743.11万元，与2022年度相比，减少130.56万元，下降4.75%。", page=9)
    assert read.page == 9
    assert [a.value for a in read.amounts] == [Decimal("2743.11"), Decimal("130.56")]
    assert [p.value for p in read.percentages] == [Decimal("4.75")]
    assert [y.value for y in read.years] == [2023, 2022]
    assert {c.word for c in read.comparisons} == {"减少", "下降"}
    assert read.placeholders == [] and read.doubled_phrases == []


def test_a_list_opening_its_own_sentence_takes_its_total_from_the_sentence_before():
    from budgetpdf.narrative import item_lists_with_totals

    text = (
        "2023年度支出合计2743.11万元，与2022年度相比减少130.56万元。"
        "其中：基本支出248.79万元，占9.06%；项目支出2494.33万元，占90.94%。"
    )
    ((where, listing),) = item_lists_with_totals(read_sentences([(8, text)]))
    assert where.text.startswith("其中") and listing.subject == "2023年度支出合计"
    assert listing.total.value == Decimal("2743.11")
    assert sum(item.amount.value for item in listing.items) == Decimal("2743.12")


SEEDS = next(
    (
        folder / "shared" / "seeds"
        for folder in Path(__file__).resolve().parents
        if (folder / "shared" / "seeds").is_dir()
    ),
    Path("/nonexistent"),
)


@pytest.mark.skipif(not (SEEDS / "000_91263c4f85322613.txt").exists(), reason="the seed narratives are not here")
def test_the_jiangan_seed_narrative_reads_its_wrapped_totals_and_its_printed_slip():
    text = (SEEDS / "000_91263c4f85322613.txt").read_text("utf-8")
    sentences = read_sentences([(1, text)])
    texts = [s.text for s in sentences]
    assert "2023年度收、支总计2743.11万元。" in texts
    budget = next(s for s in sentences if "年初预算为2991.53万元" in s.text)
    assert [a.value for a in budget.amounts][:2] == [Decimal("2991.53"), Decimal("2743.11")]
    assert [p.value for p in budget.percentages] == [Decimal("91.70")]
    slips = [d.phrase for s in sentences for d in s.doubled_phrases]
    assert "增加减少" in slips
