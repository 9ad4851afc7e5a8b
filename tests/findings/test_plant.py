"""The generator of test reports with planted errors: one fact changed per report, recorded truthfully."""

import json
import random
from decimal import Decimal

import pytest

from samples import build, plant


def clean(name: str) -> dict:
    return json.loads(plant._clean_sample(name)[0])


def test_shifted_amount_keeps_the_printed_form():
    assert plant.shifted_amount("2,743.11", Decimal("100.00")) == "2,843.11"
    assert plant.shifted_amount("3", Decimal("2")) == "5"
    assert plant.shifted_amount("1.00", Decimal("-2.00")) == "3.00"


def test_every_kind_has_something_to_plant_in_at_least_three_samples():
    for kind, planter in plant.PLANTERS.items():
        samples = [name for name in build.available_names() if planter(clean(name), random.Random(1))]
        assert len(samples) >= 3, kind


def test_a_planted_narrative_total_changes_exactly_one_number_in_one_paragraph():
    document = clean("jiangan-2023-final")
    (first, *_) = plant.plant_narrative_total(document, random.Random(3))
    before = document["blocks"][first.block]["text"]
    first.apply(document)
    after = document["blocks"][first.block]["text"]
    assert before.replace(first.expected, first.printed, 1) == after
    assert first.expected != first.printed
    assert clean("jiangan-2023-final")["blocks"][first.block]["text"] == before


def test_comparison_word_is_turned_into_its_opposite():
    document = clean("hanyang-2023-final")
    plantings = plant.plant_comparison_word(document, random.Random(1))
    assert {(p.expected, p.printed) for p in plantings} >= {("减少", "增加"), ("大于", "小于")}


def test_removing_a_standard_table_removes_its_page_break_too():
    document = clean("jiangan-2023-final")
    removal = next(p for p in plant.plant_missing_table(document, random.Random(1)) if p.table == "income")
    blocks = len(document["blocks"])
    removal.apply(document)
    assert len(document["blocks"]) == blocks - 2
    assert not any(b.get("canonical") == "income" for b in document["blocks"] if b["type"] == "table")


def test_first_changed_page_is_where_the_texts_differ():
    assert plant.first_changed_page(["a", "b", "c"], ["a", "x", "c"]) == 2
    assert plant.first_changed_page(["a", "b"], ["a", "b"]) is None
    assert plant.first_changed_page(["a", "b", "c"], ["a", "b"]) == 3


def test_the_same_seed_chooses_the_same_plantings():
    def chosen(seed):
        return [(name, p.description) for name, _, p, _ in plant.choose_plantings(2, seed)]

    assert chosen(1) == chosen(1)
    assert chosen(1) != chosen(2)


def test_default_generation_plants_over_a_hundred_errors_spread_over_all_kinds_and_samples():
    chosen = plant.choose_plantings(8, 1)
    kinds = {p.kind for _, _, p, _ in chosen}
    assert len(chosen) >= 100
    assert kinds == set(plant.KINDS)
    assert {sample for _, sample, _, _ in chosen} == set(build.available_names())
    assert len({name for name, *_ in chosen}) == len(chosen)
    assert len({(sample, p.block, p.description) for _, sample, p, _ in chosen}) == len(chosen)


@pytest.mark.parametrize("kind", ["a", "i"])
def test_a_planted_report_is_printed_with_its_truth_file(tmp_path, kind):
    (truth,) = plant.generate(tmp_path, per_kind=1, kinds=kind, samples=["jiangan-2023-final"])
    recorded = json.loads((tmp_path / f"{truth.report}.json").read_text("utf-8"))
    assert recorded["kind"] == kind and recorded["rule"] == plant.KINDS[kind][0]
    assert recorded["baseline"] == "samples/pdfs/jiangan-2023-final.pdf"
    pdf = (tmp_path / f"{truth.report}.pdf").read_bytes()
    texts = plant.page_texts(pdf)
    clean_texts = plant._clean_sample("jiangan-2023-final")[1]
    assert texts[: truth.page - 1] == list(clean_texts[: truth.page - 1])
    if kind == "a":
        assert truth.printed in texts[truth.page - 1]
    assert json.loads((tmp_path / "truth.json").read_text("utf-8"))[0]["report"] == truth.report


def test_planting_leaves_the_committed_sample_pdfs_unchanged(tmp_path):
    plant.generate(tmp_path, per_kind=1, kinds="g", samples=["hanyang-2023-final"])
    document = build.load_document(build.DATA_DIR / "hanyang-2023-final.json")
    pdf, _ = build.render_pdf(document)
    assert pdf == (build.PDF_DIR / "hanyang-2023-final.pdf").read_bytes()


def test_a_change_of_nothing_is_not_given_a_contradicting_direction():
    document = clean("hongshan-2020-final")
    stated = [
        Decimal(match.group("num").replace(",", ""))
        for block in document["blocks"]
        if block["type"] == "paragraph"
        for match in plant.COMPARISON.finditer(block["text"])
    ]
    words = [p for p in plant.plant_comparison_word(document, random.Random(1)) if p.printed in ("增加", "减少")]
    assert 0 in stated
    assert len(words) == sum(1 for value in stated if value != 0)
    changes = [p for p in plant.plant_staff_or_change(document, random.Random(1)) if "变动额" in p.description]
    assert changes and all(Decimal(p.expected.replace(",", "")) != 0 for p in changes)
