"""The classification reference: which name each code carries in each year.

Kept as data beside this module:

- ``function_codes.csv``: 支出功能分类 (类 3 digits, 款 5, 项 7);
- ``economic_codes.csv``: 部门预算支出经济分类 (``department``, 3xx codes, 3 and 5
  digits) and 政府预算支出经济分类 (``government``, 5xx codes);
- ``code_crosswalk.csv``: the codes renamed, added or retired between years, as
  these lists show them (``crosswalk.py``);

one row per code and name, with the years the name was in force (blank: open) and
its ``source``: ``national`` (the published classification) or
``printed-in:<report>`` (a name a real report prints that the national list does
not give). Names are kept exactly as published; comparisons ignore whitespace,
the width of brackets and a trailing (类)/(款)/(项).

    name_of("2100000"[:3], 2018)        -> "医疗卫生与计划生育支出"
    codes_named("卫生健康支出", 2023)     -> ["210"]
    classification_year(pairs)          -> the years whose names the pairs follow
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent
FIRST_YEAR = 2007  # the 政府收支分类 reform
LAST_YEAR = 2030
SCHEME_BY_FIRST_DIGIT = {"2": "function", "3": "department", "5": "government"}

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "“": '"', "”": '"'})
_LEVEL_SUFFIX = re.compile(r"\((?:类|款|项)\)$")
_ENUMERATION_PRINTED = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|[(（]\d+[)）]|[(（][一二三四五六七八九十]+[)）])"
)
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|\(\d+\)|\([一二三四五六七八九十]+\))")


@dataclass(frozen=True)
class Entry:
    scheme: str  # function | department | government
    code: str
    name: str
    valid_from: int | None
    valid_to: int | None
    source: str

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from <= year) and (self.valid_to is None or year <= self.valid_to)

    @property
    def national(self) -> bool:
        return self.source == "national"


@dataclass(frozen=True)
class ClassificationYear:
    """The years whose classification names a set of printed (code, name) pairs follow best."""

    first: int | None  # None: no pair tells the years apart
    last: int | None  # None with first set: that year and every later one
    matched: int  # pairs whose name is the code's name in those years
    compared: int  # pairs with a code the reference knows
    mismatched: tuple[tuple[str, str], ...] = ()  # pairs whose name is not the code's name in those years


def scheme_of(code: str) -> str:
    """'function', 'department' or 'government' for a code of 3, 5 (or, for functions, 7) digits; '' otherwise."""
    if not code.isdigit() or len(code) not in (3, 5, 7) or code[1:3] == "00":
        return ""
    scheme = SCHEME_BY_FIRST_DIGIT.get(code[0], "")
    return "" if scheme != "function" and len(code) == 7 else scheme


def strip_enumeration(name: str) -> str:
    return _ENUMERATION_PRINTED.sub("", name)


def normalize_name(name: str) -> str:
    """A name as compared: no whitespace, half-width brackets, no enumeration or (类)/(款)/(项) suffix."""
    bare = re.sub(r"\s+", "", name).translate(_BRACKETS)
    bare = _ENUMERATION.sub("", bare)
    return _LEVEL_SUFFIX.sub("", bare)


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None


def _read(filename: str, scheme: str | None) -> list[Entry]:
    with open(REFERENCE_DIR / filename, encoding="utf-8", newline="") as file:
        return [
            Entry(
                scheme or row["scheme"],
                row["code"],
                row["name"],
                _year(row["valid_from"]),
                _year(row["valid_to"]),
                row["source"],
            )
            for row in csv.DictReader(file)
        ]


@cache
def entries() -> tuple[Entry, ...]:
    return tuple(_read("function_codes.csv", "function") + _read("economic_codes.csv", None))


@cache
def _by_code() -> dict[str, tuple[Entry, ...]]:
    grouped: dict[str, list[Entry]] = {}
    for entry in entries():
        grouped.setdefault(entry.code, []).append(entry)
    return {code: tuple(group) for code, group in grouped.items()}


def known(code: str) -> bool:
    return code in _by_code()


def name_of(code: str, year: int) -> str | None:
    """The code's national name in force in year (a printed name when the national list lacks the code)."""
    candidates = [entry for entry in _by_code().get(code, ()) if entry.valid_in(year)]
    for entry in sorted(candidates, key=lambda entry: not entry.national):
        return entry.name
    return None


def names_of(code: str, year: int) -> set[str]:
    """Every name (normalised) the code may carry in year: the national one and printed variants."""
    return {normalize_name(entry.name) for entry in _by_code().get(code, ()) if entry.valid_in(year)}


def is_name_of(code: str, name: str, year: int) -> bool:
    return normalize_name(name) in names_of(code, year)


def codes_named(name: str, year: int) -> list[str]:
    """The codes that carry this name in year (several 项 share names such as 行政运行)."""
    wanted = normalize_name(name)
    return sorted({entry.code for entry in entries() if entry.valid_in(year) and normalize_name(entry.name) == wanted})


def _national_names(code: str, year: int) -> set[str]:
    return {normalize_name(e.name) for e in _by_code().get(code, ()) if e.national and e.valid_in(year)}


def classification_year(pairs: Iterable[tuple[str, str]]) -> ClassificationYear:
    """Which year's classification printed (code, name) pairs follow: the years matching most of their names.

    Only the years matter that some pair tells apart (医疗卫生与计划生育支出 before
    2019, 卫生健康支出 after), and only the national classification tells them apart:
    a name known only as printed in some report says nothing about other years.
    Pairs with a code the national classification here does not list are left out.
    """
    national = {entry.code for entry in entries() if entry.national}
    compared = [(code, name) for code, name in pairs if code in national]
    scores = {
        year: sum(1 for code, name in compared if normalize_name(name) in _national_names(code, year))
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
    }
    best = max(scores.values(), default=0)
    years = [year for year, score in scores.items() if score == best]
    if not compared or len(years) == len(scores):
        return ClassificationYear(None, None, best, len(compared))
    first = years[0]
    last = first
    while last + 1 in years:
        last += 1
    mismatched = tuple(
        (code, name) for code, name in compared if normalize_name(name) not in _national_names(code, first)
    )
    return ClassificationYear(first, None if last == LAST_YEAR else last, best, len(compared), mismatched)
