"""Codes that changed between years: ``code_crosswalk.csv`` beside this module.

One row per change, in the columns ``year_from, code_from, year_to, code_to, note``: the last year of the old
code (blank for a code that is new), the old code, the first year of the new code (blank for a code no longer
used), the new code and a note in words. Only changes the classification reference shows are kept:

- ``名称变化``: the same code under another name from ``year_to`` on;
- ``新增``: a code listed from ``year_to`` on and not before (no ``code_from``);
- ``停用``: a code listed up to ``year_from`` and not after (no ``code_to``).

A mapping from one code to another (a 款 moved to another 类) is kept only where a source states it; none is
inferred from similar names.

    changes_of("207")                 -> [Change(2018, "207", 2019, "207", "名称变化：…")]
    changes_between("207", 2018, 2020) -> the same, as both years are compared
    derive()                          -> the rows the national reference supports, to check the CSV against
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from . import REFERENCE_DIR, entries

CROSSWALK_FILE = "code_crosswalk.csv"
COLUMNS = ("year_from", "code_from", "year_to", "code_to", "note")
RENAMED = "名称变化"
ADDED = "新增"
RETIRED = "停用"
MOVED = "调整"


@dataclass(frozen=True)
class Change:
    year_from: int | None
    code_from: str
    year_to: int | None
    code_to: str
    note: str

    @property
    def kind(self) -> str:
        if not self.code_from:
            return ADDED
        if not self.code_to:
            return RETIRED
        return RENAMED if self.code_from == self.code_to else MOVED

    @property
    def year(self) -> int:
        """The first year the change is in force."""
        if self.year_to is not None:
            return self.year_to
        return (self.year_from or 0) + 1

    def codes(self) -> set[str]:
        return {code for code in (self.code_from, self.code_to) if code}

    def as_row(self) -> dict[str, str]:
        return {
            "year_from": "" if self.year_from is None else str(self.year_from),
            "code_from": self.code_from,
            "year_to": "" if self.year_to is None else str(self.year_to),
            "code_to": self.code_to,
            "note": self.note,
        }


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None


@cache
def changes() -> tuple[Change, ...]:
    with open(REFERENCE_DIR / CROSSWALK_FILE, encoding="utf-8", newline="") as file:
        return tuple(
            Change(_year(row["year_from"]), row["code_from"], _year(row["year_to"]), row["code_to"], row["note"])
            for row in csv.DictReader(file)
        )


@cache
def _by_code() -> dict[str, tuple[Change, ...]]:
    grouped: dict[str, list[Change]] = {}
    for change in changes():
        for code in change.codes():
            grouped.setdefault(code, []).append(change)
    return {code: tuple(group) for code, group in grouped.items()}


def changes_of(code: str) -> tuple[Change, ...]:
    return _by_code().get(code, ())


def changes_between(code: str, first: int, last: int) -> list[Change]:
    """The changes of a code that fall between two compared years: in force in `last` and not yet in `first`."""
    return [change for change in changes_of(code) if first < change.year <= last]


def derive() -> list[Change]:
    """The changes the national classification reference shows: names that differ, codes listed in some years."""
    grouped: dict[tuple[str, str], list] = {}
    for entry in entries():
        if entry.national:
            grouped.setdefault((entry.scheme, entry.code), []).append(entry)
    found = []
    for (_scheme, code), group in sorted(grouped.items(), key=lambda item: item[0][1]):
        group.sort(key=lambda entry: entry.valid_from or 0)
        first, last = group[0], group[-1]
        if first.valid_from is not None:
            found.append(Change(first.valid_from - 1, "", first.valid_from, code, f"{ADDED}：{first.name}"))
        for old, new in zip(group, group[1:], strict=False):
            if old.name != new.name:
                note = f"{RENAMED}：{old.name} → {new.name}"
                found.append(Change(old.valid_to, code, new.valid_from, code, note))
        if last.valid_to is not None:
            found.append(Change(last.valid_to, code, None, "", f"{RETIRED}：{last.name}"))
    return found


def write(path=None) -> None:
    """Write the derived changes as the crosswalk CSV (`python -m budgetpdf.reference.crosswalk`)."""
    target = path or REFERENCE_DIR / CROSSWALK_FILE
    with open(target, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(change.as_row() for change in derive())


if __name__ == "__main__":
    write()
