"""List the classification codes and names a set of reports print, to keep the reference in step with them.

    python -m budgetpdf.reference.collect PDF [PDF ...] > printed.csv
    python -m budgetpdf.reference.collect --merge printed.csv [CODES.csv ...]

The first prints CSV rows (file, fiscal_year, table, scheme, code, name): every
coded row of every table, the name exactly as printed. The second adds to the
reference, as ``printed-in:<file>`` rows, the codes the national list lacks (from
the tables other than the project lists, whose coded rows carry project names),
for the years they were printed in; CODES.csv are code lists in the
(table_key, class_code, type_code, item_code, item_name) form of a 2023 budget
system export. ``scheme`` is ``function`` for
支出功能分类 codes (2xx), ``department`` for 部门预算支出经济分类 (3xx) and
``government`` for 政府预算支出经济分类 (5xx).
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

from budgetpdf import reference


def _parse(path: Path):
    from budgetpdf import read

    return read(path)


def printed_codes(report) -> set[tuple[str, str, str, str]]:
    """(table type, scheme, code, name) for each coded row a parsed report prints."""
    rows = set()
    for table in report.tables:
        for row in table.rows:
            scheme = reference.scheme_of(row.code)
            name = row.name.strip()
            if scheme and name:
                rows.add((table.type, scheme, row.code, name))
    return rows


EXPORT_YEAR = 2023
REFERENCE_FILES = {"function": "function_codes.csv", "economic": "economic_codes.csv"}


def printed_in_rows(printed: list[dict], national: set[str]) -> dict[tuple[str, str, str], dict]:
    """(scheme, code, name) -> {years, files} for printed codes the national list does not know."""
    found: dict[tuple[str, str, str], dict] = defaultdict(lambda: {"years": set(), "files": set(), "names": []})
    for row in printed:
        scheme = reference.scheme_of(row["code"])
        if not scheme or row.get("table") == "project_expenditure" or row["code"] in national:
            continue
        entry = found[(scheme, row["code"], reference.normalize_name(row["name"]))]
        entry["names"].append(printed_name(row["name"]))
        if row.get("fiscal_year"):
            entry["years"].add(int(row["fiscal_year"]))
        entry["files"].add(row["file"])
    return {key: value for key, value in found.items() if value["years"]}


def printed_name(name: str) -> str:
    """The name as printed, without the whitespace of wrapping or an enumeration (“三、”)."""
    return reference.strip_enumeration("".join(name.split()))


def export_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as file:
        return [
            {
                "file": path.name,
                "fiscal_year": str(EXPORT_YEAR),
                "table": row["table_key"],
                "code": row["class_code"] + row["type_code"] + row["item_code"],
                "name": row["item_name"],
            }
            for row in csv.DictReader(file)
        ]


def merge(printed_path: Path, exports: list[Path]) -> int:
    with open(printed_path, encoding="utf-8", newline="") as file:
        printed = list(csv.DictReader(file))
    for path in exports:
        printed.extend(export_rows(path))
    national_rows = {}
    for file_scheme, filename in REFERENCE_FILES.items():
        with open(reference.REFERENCE_DIR / filename, encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            national_rows[file_scheme] = (reader.fieldnames or [], [r for r in reader if r["source"] == "national"])
    national = {row["code"] for _, rows in national_rows.values() for row in rows}
    additions = printed_in_rows(printed, national)
    for file_scheme, filename in REFERENCE_FILES.items():
        path = reference.REFERENCE_DIR / filename
        fields, rows = national_rows[file_scheme]
        for (scheme, code, _), seen in sorted(additions.items()):
            if (scheme == "function") != (file_scheme == "function"):
                continue
            row = {
                "code": code,
                "name": seen["names"][0],
                "valid_from": str(min(seen["years"])),
                "valid_to": str(max(seen["years"])),
                "source": "printed-in:" + sorted(seen["files"])[0],
            }
            if "scheme" in fields:
                row["scheme"] = scheme
            rows.append(row)
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    print(f"{len(additions)} printed codes added to the reference", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    if args[:1] == ["--merge"]:
        return merge(Path(args[1]), [Path(arg) for arg in args[2:]])
    paths = [Path(arg) for arg in args]
    writer = csv.writer(sys.stdout)
    writer.writerow(["file", "fiscal_year", "table", "scheme", "code", "name"])
    for path in paths:
        try:
            report = _parse(path)
        except Exception as error:  # a report that cannot be read adds nothing
            print(f"{path.name}: {error}", file=sys.stderr)
            continue
        for table, scheme, code, name in sorted(printed_codes(report)):
            writer.writerow([path.name, report.fiscal_year or "", table, scheme, code, name])
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
