"""Evaluate the OCR reader on image-only fixtures against the text-layer parse of the same PDFs.

    python benchmarks/ocr_evaluate.py [--dpi 150 200] [--real NAME] [--tables-only] [--only NAME ...] [--show]

Fixtures are made by samples.scanned into var/scanned/ when missing. Prints, per fixture: tables
found, codes and names exact, rows exact, values exact, values flagged, wrong and unflagged (must be
0) and seconds per page; then totals.
"""

import argparse
import difflib
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetpdf import read  # noqa: E402
from budgetpdf.ocr.document import read_pdf  # noqa: E402
from samples import scanned  # noqa: E402

REAL_REPORTS = Path("/work/shared/real-reports")
FIXTURES = ROOT / "var" / "scanned"


def pair_tables(truth, found):
    """Tables paired by type, in the order they are printed."""
    by_type: dict[str, list] = {}
    for table in found:
        by_type.setdefault(table.type, []).append(table)
    pairs = []
    for table in truth:
        candidates = by_type.get(table.type) or []
        pairs.append((table, candidates.pop(0) if candidates else None))
    return pairs


LOOK_ALIKE = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})


def same_brackets(name: str) -> str:
    """Full-width and ASCII brackets and punctuation look alike in print and both occur in one report (an
    ASCII comma in a Chinese sentence): not told apart."""
    return name.translate(LOOK_ALIKE)


def match_rows(truth_rows, found_rows) -> dict:
    """Truth row index -> OCR row: equal (code, name) first, then rows in the same place between them."""
    matcher = difflib.SequenceMatcher(
        a=[(r.code, same_brackets(r.name)) for r in truth_rows],
        b=[(r.code, same_brackets(r.name)) for r in found_rows],
        autojunk=False,
    )
    matched = {}
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for offset in range(a1 - a0):
                matched[a0 + offset] = found_rows[b0 + offset]
    return matched


def compare(truth_report, scanned_report, show: bool = False) -> Counter:
    counts = Counter()
    for truth, found in pair_tables(truth_report.tables, scanned_report.tables):
        counts["tables"] += 1
        counts["found"] += found is not None
        if show and found is None:
            print(f"    table not found: {truth.type} (page {truth.rows[0].page if truth.rows else '?'})")
        truth_rows = truth.rows
        found_rows = found.rows if found else []
        counts["rows"] += len(truth_rows)
        counts["values"] += sum(len(r.values) for r in truth_rows)
        matched = match_rows(truth_rows, found_rows)
        counts["names_exact"] += sum(
            (row.code, same_brackets(row.name)) == (matched[i].code, same_brackets(matched[i].name))
            for i, row in enumerate(truth_rows)
            if i in matched
        )
        for index, row in enumerate(truth_rows):
            other = matched.get(index)
            if show:
                _show_difference(row, other)
            if other is None:
                continue
            counts["rows_exact"] += other.values == row.values and (other.code, same_brackets(other.name)) == (
                row.code,
                same_brackets(row.name),
            )
            counts["values_exact"] += sum(other.values.get(k) == v for k, v in row.values.items())
        seen = {id(r) for r in matched.values()}
        truth_of = {id(other): truth_rows[i] for i, other in matched.items()}
        for row in found_rows:
            for key, value in row.values.items():
                reading = row.ocr.get(key)
                flagged = reading is None or reading["flagged"]
                counts["flagged"] += flagged
                right = id(row) in seen and truth_of[id(row)].values.get(key) == value
                if not right:
                    counts["wrong"] += 1
                    counts["wrong_unflagged"] += not flagged
                    if not flagged:
                        raw, confidence = (reading["raw"], reading["confidence"]) if reading else ("?", 0)
                        print(
                            f"    wrong, unflagged: p{row.page} {row.code} {row.name} {key}={value} "
                            f"(raw {raw}, conf {confidence:.3f})"
                        )
    return counts


def _show_difference(row, other) -> None:
    if other is None:
        print(f"    row not found: p{row.page} {row.code} {row.name}")
        return
    if (row.code, same_brackets(row.name)) != (other.code, same_brackets(other.name)):
        print(f"    name: p{row.page} {row.code} {row.name} read as {other.code} {other.name}")
    for key, value in row.values.items():
        if other.values.get(key) != value:
            print(f"    value: p{row.page} {row.code} {row.name} {key}={value} read as {other.values.get(key)}")


def evaluate(source: Path, fixture: Path, workers: int, show: bool = False) -> Counter:
    truth = read(source, ocr="off")
    started = time.perf_counter()
    result = read_pdf(fixture, ocr="auto", workers=workers)
    seconds = time.perf_counter() - started
    counts = compare(truth, result, show)
    pages = result.source.pages
    counts["pages"] += pages
    counts["seconds"] += seconds
    readings = [entry for table in result.tables for row in table.rows for entry in row.ocr.values()]
    counts["corrected"] += sum("corrected_from" in entry for entry in readings)
    print(
        f"{fixture.name}: tables {counts['found']}/{counts['tables']} names {counts['names_exact']}/{counts['rows']} "
        f"rows {counts['rows_exact']}/{counts['rows']} values {counts['values_exact']}/{counts['values']} "
        f"({100 * counts['values_exact'] / max(counts['values'], 1):.2f}%) flagged {counts['flagged']} "
        f"corrected {counts['corrected']} wrong {counts['wrong']} wrong-unflagged {counts['wrong_unflagged']} "
        f"{seconds / max(pages, 1):.2f} s/page ({pages} pages, {workers} workers)"
    )
    for number, notes in result.page_notes.items():
        for note in notes:
            print(f"    note (page {number}): {note}")
    return counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    parser.add_argument("--real", nargs="*", default=[], help="file names in the shared real reports")
    parser.add_argument("--tables-only", action="store_true")
    parser.add_argument("--only", nargs="*", default=[], help="sample names to evaluate")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print each table, name and value read differently")
    args = parser.parse_args(argv)
    sources = sorted(scanned.SAMPLES.glob("*.pdf"))
    if args.only:
        sources = [s for s in sources if s.stem in args.only]
    sources += [REAL_REPORTS / name for name in args.real if (REAL_REPORTS / name).exists()]
    totals = Counter()
    for source in sources:
        for dpi in args.dpi:
            suffix = "-tables" if args.tables_only else ""
            fixture = FIXTURES / f"{source.stem}-scan{dpi}{suffix}.pdf"
            if not fixture.exists():
                scanned.scan(source, FIXTURES, dpi, tables_only=args.tables_only)
            totals.update(evaluate(source, fixture, args.workers, args.show))
    print(
        f"TOTAL tables {totals['found']}/{totals['tables']} names {totals['names_exact']}/{totals['rows']} "
        f"rows {totals['rows_exact']}/{totals['rows']} values {totals['values_exact']}/{totals['values']} "
        f"({100 * totals['values_exact'] / max(totals['values'], 1):.2f}%) flagged {totals['flagged']} "
        f"wrong-unflagged {totals['wrong_unflagged']} {totals['seconds'] / max(totals['pages'], 1):.2f} s/page"
    )
    return 1 if totals["wrong_unflagged"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
