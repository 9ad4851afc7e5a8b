"""Every printed value of every table of the five sample reports is extracted, table by table.

The sample data (samples/data/*.json) is the transcription of the published
texts; the PDFs in samples/pdfs are built from it. The parser reads the PDFs
and must find every amount the tables print, in the table of the same type.
"""

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from budgetpdf.numbers import is_amount, normalise

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = ["jiangan-2023-final", "hongshan-2024-budget", "jiangxia-2021-final", "hanyang-2023-final"]
STANDARD = {
    "income_expenditure_summary",
    "income",
    "expenditure",
    "appropriation_summary",
    "general_budget_expenditure",
    "basic_expenditure_economic",
    "government_fund",
    "state_capital",
    "three_public",
    "project_expenditure",
}


def _text(cell) -> str:
    return cell["text"] if isinstance(cell, dict) else cell


@cache
def data(name: str) -> dict:
    return json.loads((SAMPLES / "data" / f"{name}.json").read_text(encoding="utf-8"))


def standard_tables(name: str) -> list[dict]:
    return [
        b for b in data(name)["blocks"] if b["type"] == "table" and b["canonical"] in STANDARD and not b.get("image")
    ]


def printed_amounts(table: dict) -> Counter:
    """The amounts printed in the body, as the parser normalises them (line numbers and codes left out)."""
    amounts = Counter()
    for row in table["body"]:
        for cell in row:
            text = normalise(_text(cell))
            if is_amount(text) and ("." in text or "," in text):
                amounts[text] += 1
    return amounts


def extracted_amounts(table) -> Counter:
    amounts = Counter()
    for row in table.rows:
        for value in row.printed.values():
            if "." in value or "," in value:
                amounts[value] += 1
    return amounts


CASES = [
    pytest.param(name, index, id=f"{name}-{index}")
    for name in NAMES
    if (SAMPLES / "data" / f"{name}.json").exists()
    for index in range(len(standard_tables(name)))
]


@pytest.mark.parametrize(("name", "index"), CASES)
def test_every_printed_amount_of_a_sample_table_is_extracted_into_a_table_of_the_same_type(name, index, sample_report):
    expected_table = standard_tables(name)[index]
    report = sample_report(name)
    same_type = [t for t in report.tables if t.type == expected_table["canonical"]]
    assert same_type, f"no {expected_table['canonical']} table found for {expected_table['title']}"
    position = [t for t in standard_tables(name) if t["canonical"] == expected_table["canonical"]].index(expected_table)
    table = same_type[min(position, len(same_type) - 1)]
    assert extracted_amounts(table) == printed_amounts(expected_table), expected_table["title"]


@pytest.mark.parametrize("name", [n for n in NAMES if (SAMPLES / "data" / f"{n}.json").exists()])
def test_sample_metadata_is_read_from_the_cover(name, sample_report):
    report = sample_report(name)
    expected = data(name)
    assert (report.department, report.jurisdiction, report.fiscal_year, report.kind, report.scope) == (
        expected["department"],
        expected["jurisdiction"],
        expected["fiscal_year"],
        expected["kind"],
        expected["scope"],
    )
