"""Evaluate the parser over a folder of PDFs.

    python benchmarks/evaluate.py FOLDER [FOLDER ...]

Prints, per file: metadata found, tables found by type, rows, checks
passed/failed, seconds and pages per second; then totals.
"""

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budgetpdf import read  # noqa: E402
from budgetpdf.errors import UnusableDocument  # noqa: E402

ABBREVIATIONS = {
    "income_expenditure_summary": "sum",
    "income": "inc",
    "expenditure": "exp",
    "appropriation_summary": "app",
    "general_budget_expenditure": "gen",
    "basic_expenditure_economic": "bas",
    "government_fund": "gov",
    "state_capital": "cap",
    "three_public": "3pub",
    "project_expenditure": "prj",
    "appropriation_expenditure": "apx",
    "government_procurement": "proc",
    "operating_costs": "opc",
    "state_assets": "ast",
    "other": "oth",
}


def evaluate(paths: list[Path]) -> int:
    totals = Counter()
    failures = 0
    for path in paths:
        started = time.perf_counter()
        try:
            report = read(path)
        except UnusableDocument as exc:
            seconds = time.perf_counter() - started
            print(f"{path.name}: ERROR {exc.code} ({exc.detail}) {seconds:.1f}s")
            failures += 1
            continue
        seconds = time.perf_counter() - started
        types = Counter(t.type for t in report.tables)
        rows = sum(len(t.rows) for t in report.tables)
        passed = sum(c.status == "pass" for c in report.checks)
        failed = sum(c.status == "fail" for c in report.checks)
        meta = f"{report.department or '?'}|{report.fiscal_year or '?'}|{report.kind or '?'}|{report.scope or '?'}"
        tables = " ".join(f"{ABBREVIATIONS.get(k, k)}:{v}" for k, v in sorted(types.items()))
        print(
            f"{path.name}: {meta} pages={report.source.pages} ocr={len(report.source.ocr_pages)} "
            f"tables[{tables}] rows={rows} checks={passed}/{failed} figures={len(report.key_figures)} "
            f"{seconds:.1f}s {report.source.pages / seconds:.1f}p/s"
        )
        totals.update(
            files=1,
            pages=report.source.pages,
            rows=rows,
            passed=passed,
            failed=failed,
            tables=len(report.tables),
            unknown=bool(report.unknown),
        )
        totals["seconds"] += seconds
    print(
        f"TOTAL files={totals['files']} errors={failures} pages={totals['pages']} tables={totals['tables']} "
        f"rows={totals['rows']} checks={totals['passed']}/{totals['failed']} "
        f"metadata-incomplete={totals['unknown']} seconds={totals['seconds']:.1f} "
        f"pages/s={totals['pages'] / max(totals['seconds'], 1e-9):.1f}"
    )
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    paths: list[Path] = []
    for arg in argv or ["samples/pdfs"]:
        target = Path(arg)
        paths.extend(sorted(target.glob("*.pdf")) if target.is_dir() else [target])
    return evaluate(paths)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
