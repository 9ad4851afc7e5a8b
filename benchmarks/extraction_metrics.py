"""How well the parser reads real disclosures: the figures extraction work is judged by.

    python benchmarks/extraction_metrics.py [PATH ...] [--csv OUT] [--by-form] [--truth DIR]

PATH is a PDF or a folder of PDFs; by default samples/pdfs and the shared real reports
(../shared/real-reports beside the checkout).
Each file is parsed in this process, one after the other, and one line is printed per file,
then the totals. The figures, precisely:

ingested
    The parse finished and found a department, a fiscal year and a kind (预算/决算): what
    `manage.py ingest_pdf` needs when it is given no hints. Otherwise `error` with the reason.
dept / year / kind
    What the parser read. Where a truth file exists (tests/fixtures/truth/<file stem>.json),
    each is followed by `=` when it equals the truth and `!` when it does not.
tables
    Tables by canonical type (abbreviated, see ABBREVIATIONS), `other` included.
duplicates
    Types (other than `other`) held by two different tables of one report. Two tables are one
    table continued, and not a duplicate, when their titles are the same once the year and the
    printed number are left out and the second starts on the page the first ends on or the next.
coded / rows
    Value rows of code-bearing tables that carry a classification code, out of all of them.
    Code-bearing tables are the types in CODE_BEARING_TYPES (支出表, 一般公共预算支出表,
    基本支出表, 政府性基金表, 国有资本经营表, 收入表; the two-sided 收支总表 are not among them).
    A value row has at least one amount; left out are total rows (合计, 总计, 小计, 本年支出合计 …,
    any name that contains 合计 or 总计, and the "其中" line under a total), the income side
    of a two-sided table (a 政府性基金 table printed as 收入 | 支出 lists its income by words), and
    rows that name a budget unit rather than a classification line (a table listed by unit: the
    name, less a closing note in brackets, ends in 局, 中心, 委员会 … (UNIT_NAME_RE) or holds
    本级); these are counted apart as `unit rows`.
identities
    Code identities holding / tested: in code-bearing tables, each coded line that has lines one
    level down printed under it (类 3 digits → 款 5, 款 → 项 7; economic 3 → 5) is one identity;
    it holds when, in every value column, the parent equals the sum of those children. A failing
    identity is the publisher's (`publisher`) when the truth file lists it as printed, when it is a
    rounding difference (no column off by more than 0.01 per child, amounts not in 元), or when
    the report prints the same failing line, with the same numbers, in another table; the rest
    are `doubt`s: the parser may have misread the lines (`--doubts` lists them).
checks failed
    The parser's own failed checks, split into `publisher` (the truth file lists a printed
    inconsistency on that page with the same two numbers or the same row) and `doubt` (the
    rest: on a file without a truth file every failure is a doubt, since nobody has confirmed it).
seconds, pages/s
    Wall time of the parse (read, tables, figures, checks; no database) and pages per second.

--by-form lists the value rows of code-bearing tables that carry no code, grouped by how their
name and first cells are printed (the code-printing forms the parser has to learn), with a count
and two examples (file, page, text) each. The first cells are read again from the PDF inside the
row's box, up to the first amount.
"""

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import budgetpdf  # noqa: E402
from benchmarks.evaluate import ABBREVIATIONS  # noqa: E402
from budgetpdf.checks.tables import children_of  # noqa: E402
from budgetpdf.errors import UnusableDocument  # noqa: E402

read = budgetpdf.read

# The shared real reports sit beside the project's checkout.
REAL_REPORTS = next(
    (p for p in (ROOT.parent / "shared" / "real-reports", Path("/work/shared/real-reports")) if p.is_dir()),
    ROOT.parent / "shared" / "real-reports",
)
DEFAULT_PATHS = [ROOT / "samples" / "pdfs", REAL_REPORTS]
TRUTH_DIR = ROOT / "tests" / "fixtures" / "truth"
CODE_BEARING_TYPES = {
    "expenditure",
    "general_budget_expenditure",
    "basic_expenditure_economic",
    "government_fund",
    "state_capital",
    "income",
}
UNIT_NAME_RE = re.compile(
    r"(?:局|委员会|委|中心|院|所|站|台|处|队|室|馆|学校|中学|小学|幼儿园|办公室|办事处|厅|本级|机关|本部|协会|学会|集团|公司)$"
)
TRAILING_NOTE_RE = re.compile(r"[（(][^（）()]*[)）]$")
TOTAL_RE = re.compile(r"合计|总计|^小计$|^其中[:：]?$|^共计$")
CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
YEAR_RE = re.compile(r"20\d{2}\s*年度?")
NUMBER_RE = re.compile(
    r"(?:公开|预算|决算)?\s*\d+\s*表|表\s*\d+(?:-\d+)?|附表\s*\d+|[（(]?表[一二三四五六七八九十]+[)）]?"
)
AMOUNT_TOKEN_RE = re.compile(r"(?<![\d\]】])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d\]】])-?\d+\.\d+")

TWO_DIGITS = "款/项 printed as two digits under the parent, one code column: 01 name"
COLUMNS_PARENT_OMITTED = "类|款|项 in columns, parent left blank: | 08 | name, | | 01 name"
COLUMN_HEADER_RE = re.compile(r"类\s*款(?:\s*项)?")

# The code-printing forms, in the order they are tried: (form, pattern on the row's name, pattern on its first cells).
FORMS: list[tuple[str, re.Pattern | None, re.Pattern | None]] = [
    ("code in brackets before the name: [205]教育支出", re.compile(r"^\s*[\[【［〔]\s*\d{3,7}\s*[\]】］〕]"), None),
    ("code and name in one cell with a dash: 2010801-行政运行", re.compile(r"^\d{3,7}\s*[-—－–_]"), None),
    ("code and name in one cell with a space: 2010801 行政运行", re.compile(r"^\d{3,7}\s+[^\d\s]"), None),
    ("code with stars or spaces inside: 2010801**, 201 08 01", re.compile(r"^\d[\d\s]*\*|^\d{3}\s\d{2}"), None),
    ("economic code split: 301 01 or 301|01", None, re.compile(r"^\s*30\d\s+\d{2}\s+\D")),
    ("code wrapped onto the name's second line", None, re.compile(r"\d{2,}\n\s*\d|^\D+\n\s*\d{2,7}\s*$", re.M)),
    ("类|款|项 in columns, 类 left blank: 08 01 name", None, re.compile(r"^\s*\d{2}\s+\d{2}\s+\D")),
    (
        "类|款|项 in three columns, all printed: 201 08 01 name",
        None,
        re.compile(r"^\s*\d{3}\s+\d{2}(?:\s+\d{2})?\s+\D"),
    ),
    (TWO_DIGITS, None, re.compile(r"^\s*\d{2}\s+\D")),
    ("a code the parser did not accept (amount or odd length)", re.compile(r"^\s*\d[\d\s.,]*$"), None),
    ("code printed, not joined to the row", None, re.compile(r"^\s*\d{3,7}\s+\D")),
    ("no code printed: name only (line item or heading)", None, None),
]
NAME_ONLY = FORMS[-1][0]
NAMELESS = "no code and no name: a fragment of another line (a total's second block, a header cell)"


@dataclass
class FileResult:
    path: Path
    pages: int = 0
    seconds: float = 0.0
    error: str = ""
    department: str = ""
    fiscal_year: int | None = None
    kind: str = ""
    truth: dict | None = None
    types: Counter = field(default_factory=Counter)
    duplicates: list[str] = field(default_factory=list)
    coded_rows: int = 0
    value_rows: int = 0
    identities_tested: int = 0
    identities_holding: int = 0
    identities_publisher: int = 0
    identity_doubts: list[tuple[str, object, dict]] = field(default_factory=list)
    checks_publisher: int = 0
    checks_doubt: int = 0
    unit_rows: int = 0
    uncoded: list[tuple[str, object]] = field(default_factory=list)

    @property
    def ingested(self) -> bool:
        return not self.error and bool(self.department and self.fiscal_year and self.kind)

    def verdict(self, key: str, value) -> str:
        if self.truth is None:
            return ""
        return "=" if self.truth.get(key) == value else "!"


def is_total_row(name: str) -> bool:
    return bool(TOTAL_RE.search(re.sub(r"\s+", "", name)))


def is_unit_row(row) -> bool:
    name = re.sub(r"\s+", "", row.name)
    return not row.code and ("本级" in name or bool(UNIT_NAME_RE.search(TRAILING_NOTE_RE.sub("", name))))


def value_rows(table) -> list:
    """The value rows of a code-bearing table, unit rows included, as the module docstring defines them."""
    return [
        row
        for row in table.rows
        if row.values and not is_total_row(row.name) and row.side != "income" and table.type in CODE_BEARING_TYPES
    ]


def bare_title(title: str) -> str:
    return NUMBER_RE.sub("", YEAR_RE.sub("", re.sub(r"\s+", "", title)))


def duplicate_types(tables) -> list[str]:
    """Types held by two tables that are not one table continued on the next page."""
    duplicates = []
    by_type = defaultdict(list)
    for table in tables:
        if table.type != "other":
            by_type[table.type].append(table)
    for kind, same in by_type.items():
        for earlier, later in zip(same, same[1:], strict=False):
            continued = bare_title(earlier.title) == bare_title(later.title) and later.pages[0] - earlier.pages[-1] in (
                0,
                1,
            )
            if not continued:
                duplicates.append(kind)
                break
    return duplicates


def identities(table) -> list[tuple[object, list, bool]]:
    """(parent row, its children, holds) for each coded line with children one level down printed under it."""
    results = []
    by_side = defaultdict(list)
    for row in table.rows:
        by_side[row.side].append(row)
    for rows in by_side.values():
        for index, parent in enumerate(rows):
            if not CODE_RE.match(parent.code) or len(parent.code) == 7:
                continue
            children = children_of(rows, index)
            if children:
                results.append((parent, children, _sums_hold(parent, children)))
    return results


def _sums_hold(parent, children) -> bool:
    keys = set(parent.values) | {key for child in children for key in child.values}
    zero = Decimal("0")
    return all(parent.values.get(key, zero) == sum((c.values.get(key, zero) for c in children), zero) for key in keys)


def load_truth(path: Path, truth_dir: Path) -> dict | None:
    truth_file = truth_dir / f"{path.stem}.json"
    return json.loads(truth_file.read_text(encoding="utf-8")) if truth_file.exists() else None


def printed_differences(truth: dict | None) -> list[dict]:
    return list((truth or {}).get("inconsistencies", []))


def is_printed(difference: list[dict], page: int | None, row: str, numbers: set[Decimal], table: str = "") -> bool:
    """A truth file lists this difference as printed: same page and table, and the same row or the same two numbers."""
    for item in difference:
        if item.get("page") != page or (table and item.get("table", table) != table):
            continue
        listed = {Decimal(item[k]) for k in ("expected", "printed") if item.get(k) not in (None, "")}
        if item.get("row") and item.get("row") == row:
            return True
        if listed and listed == numbers:
            return True
    return False


def measure(path: Path, truth_dir: Path) -> FileResult:
    result = FileResult(path=path, truth=load_truth(path, truth_dir))
    started = time.perf_counter()
    try:
        report = read(path)
    except UnusableDocument as exc:
        result.seconds = time.perf_counter() - started
        result.error = f"{exc.code}: {exc.detail}"
        return result
    result.seconds = time.perf_counter() - started
    result.pages = report.source.pages
    result.department, result.fiscal_year, result.kind = report.department, report.fiscal_year, report.kind
    if not result.ingested:
        found = (("部门", result.department), ("年度", result.fiscal_year), ("类型", result.kind))
        missing = [name for name, value in found if not value]
        result.error = "未能从文件中识别" + "、".join(missing)
    result.types = Counter(table.type for table in report.tables)
    result.duplicates = duplicate_types(report.tables)
    _measure_rows(result, report)
    _measure_checks(result, report)
    return result


def _measure_rows(result: FileResult, report) -> None:
    printed = printed_differences(result.truth)
    for table in report.tables:
        if table.type not in CODE_BEARING_TYPES:
            continue
        for row in value_rows(table):
            if is_unit_row(row):
                result.unit_rows += 1
                continue
            result.value_rows += 1
            if row.code:
                result.coded_rows += 1
            else:
                result.uncoded.append((table.type, row))
        for parent, children, holds in identities(table):
            result.identities_tested += 1
            if holds:
                result.identities_holding += 1
            elif is_printed(printed, parent.page, parent.code, set(), table.type) or _publishers_difference(
                report, table, parent, children
            ):
                result.identities_publisher += 1
            else:
                result.identity_doubts.append((table.type, parent, _differences(parent, children)))


def _differences(parent, children) -> dict[str, tuple[Decimal, Decimal]]:
    """{column: (printed, sum of the children)} for the columns where they differ."""
    zero = Decimal("0")
    keys = sorted(set(parent.values) | {key for child in children for key in child.values})
    sums = {key: sum((c.values.get(key, zero) for c in children), zero) for key in keys}
    return {key: (parent.values.get(key, zero), sums[key]) for key in keys if parent.values.get(key, zero) != sums[key]}


def _publishers_difference(report, table, parent, children) -> bool:
    """A rounding difference, or the same failing line printed with the same numbers in another table."""
    differences = _differences(parent, children)
    step = Decimal("0.01") * max(1, len(children))
    if table.unit != "元" and all(abs(printed - summed) <= step for printed, summed in differences.values()):
        return True
    wanted = sorted((printed, summed) for printed, summed in differences.values())
    for other in report.tables:
        if other is table or other.type not in CODE_BEARING_TYPES:
            continue
        for other_parent, other_children, holds in identities(other):
            if other_parent.code == parent.code and not holds:
                found = sorted(_differences(other_parent, other_children).values())
                if found == wanted:
                    return True
    return False


def _measure_checks(result: FileResult, report) -> None:
    printed = printed_differences(result.truth)
    for check in report.checks:
        if check.status != "fail":
            continue
        numbers = {n for n in (check.expected, check.found) if n is not None}
        if is_printed(printed, check.page, check.row, numbers, check.table):
            result.checks_publisher += 1
        else:
            result.checks_doubt += 1


def first_cells(pdf, row) -> str:
    """The text of the row inside its box, up to its first amount: how the code and name are printed."""
    if row.bbox is None:
        return row.name
    page = pdf.pages[row.page - 1]
    x0, top, x1, bottom = row.bbox
    box = (max(x0, 0), max(top, 0), min(x1, page.width), min(bottom, page.height))
    try:
        text = page.crop(box).extract_text(layout=False) or ""
    except ValueError:
        return row.name
    match = AMOUNT_TOKEN_RE.search(text)
    return (text[: match.start()] if match else text).strip()


def _has_column_header(pdf, page_number: int, seen: dict[int, bool]) -> bool:
    """The page prints 类 款 项 as column headings: two digits there are a 款 or 项 column, not one code column."""
    if page_number not in seen:
        text = pdf.pages[page_number - 1].extract_text() or ""
        seen[page_number] = any(
            COLUMN_HEADER_RE.fullmatch(re.sub(r"\s+", "", line)) for line in text.splitlines()
        ) or bool(re.search(r"(?m)^\s*类\s+款", text))
    return seen[page_number]


def form_of(name: str, cells: str) -> str:
    compact_name = name.strip()
    for form, on_name, on_cells in FORMS:
        if on_name is not None and on_name.search(compact_name):
            return form
        if on_cells is not None and on_cells.search(cells):
            return form
    return NAME_ONLY if compact_name else NAMELESS


def by_form(results: list[FileResult]) -> dict[str, list[tuple[str, int, str]]]:
    import pdfplumber

    forms: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for result in results:
        if not result.uncoded:
            continue
        with pdfplumber.open(result.path) as pdf:
            headers: dict[int, bool] = {}
            for table_type, row in sorted(result.uncoded, key=lambda item: item[1].page):
                cells = first_cells(pdf, row)
                form = form_of(row.name, cells)
                if form == TWO_DIGITS and _has_column_header(pdf, row.page, headers):
                    form = COLUMNS_PARENT_OMITTED
                if form == NAME_ONLY:
                    form += ", economic table" if table_type == "basic_expenditure_economic" else ", function table"
                forms[form].append((result.path.name, row.page, cells.replace("\n", "⏎")[:60]))
    return forms


def table_summary(types: Counter) -> str:
    return " ".join(f"{ABBREVIATIONS.get(k, k)}:{v}" for k, v in sorted(types.items()))


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def file_line(r: FileResult) -> str:
    if r.error and not r.pages:
        return f"{r.path.name}: ERROR {r.error} {r.seconds:.1f}s"
    meta = (
        f"{r.department or '?'}{r.verdict('department', r.department)}|"
        f"{r.fiscal_year or '?'}{r.verdict('fiscal_year', r.fiscal_year)}|"
        f"{r.kind or '?'}{r.verdict('kind', r.kind)}"
    )
    state = "ingested" if r.ingested else f"error({r.error})"
    return (
        f"{r.path.name}: {state} {meta} tables[{table_summary(r.types)}] "
        f"dup[{','.join(ABBREVIATIONS.get(d, d) for d in r.duplicates)}] "
        f"coded={r.coded_rows}/{r.value_rows}(unit rows {r.unit_rows}) "
        f"identities={r.identities_holding}/{r.identities_tested}"
        f"(publisher {r.identities_publisher}, doubt {len(r.identity_doubts)}) "
        f"checks-failed=publisher {r.checks_publisher}/doubt {r.checks_doubt} "
        f"{r.seconds:.1f}s {r.pages / max(r.seconds, 1e-9):.1f}p/s"
    )


def totals_line(results: list[FileResult]) -> str:
    total = Counter()
    types = Counter()
    for r in results:
        types.update(r.types)
        total.update(
            files=1,
            ingested=r.ingested,
            pages=r.pages,
            coded=r.coded_rows,
            rows=r.value_rows,
            held=r.identities_holding,
            tested=r.identities_tested,
            id_publisher=r.identities_publisher,
            id_doubt=len(r.identity_doubts),
            publisher=r.checks_publisher,
            doubt=r.checks_doubt,
            with_duplicates=bool(r.duplicates),
            truth=r.truth is not None,
            meta_right=r.truth is not None
            and all(
                r.verdict(k, v) == "="
                for k, v in (("department", r.department), ("fiscal_year", r.fiscal_year), ("kind", r.kind))
            ),
            unit_rows=r.unit_rows,
        )
    seconds = sum(r.seconds for r in results)
    return (
        f"TOTAL files={total['files']} ingested={total['ingested']} "
        f"metadata-right-on-truth={total['meta_right']}/{total['truth']} tables[{table_summary(types)}] "
        f"files-with-duplicate-types={total['with_duplicates']} "
        f"coded={total['coded']}/{total['rows']} ({percent(total['coded'], total['rows'])}, "
        f"unit rows {total['unit_rows']}) "
        f"identities={total['held']}/{total['tested']} ({percent(total['held'], total['tested'])}, "
        f"publisher {total['id_publisher']}, doubt {total['id_doubt']}) "
        f"checks-failed=publisher {total['publisher']}/doubt {total['doubt']} "
        f"pages={total['pages']} seconds={seconds:.1f} pages/s={total['pages'] / max(seconds, 1e-9):.1f}"
    )


CSV_FIELDS = [
    "file",
    "ingested",
    "error",
    "department",
    "department_right",
    "fiscal_year",
    "fiscal_year_right",
    "kind",
    "kind_right",
    "tables",
    "duplicate_types",
    "coded_rows",
    "value_rows",
    "unit_rows",
    "identities_holding",
    "identities_tested",
    "identities_publisher",
    "identities_doubt",
    "checks_failed_publisher",
    "checks_failed_doubt",
    "pages",
    "seconds",
    "pages_per_second",
]


def write_csv(results: list[FileResult], out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for r in results:
            writer.writerow(
                [
                    r.path.name,
                    int(r.ingested),
                    r.error,
                    r.department,
                    r.verdict("department", r.department),
                    r.fiscal_year or "",
                    r.verdict("fiscal_year", r.fiscal_year),
                    r.kind,
                    r.verdict("kind", r.kind),
                    table_summary(r.types),
                    " ".join(r.duplicates),
                    r.coded_rows,
                    r.value_rows,
                    r.unit_rows,
                    r.identities_holding,
                    r.identities_tested,
                    r.identities_publisher,
                    len(r.identity_doubts),
                    r.checks_publisher,
                    r.checks_doubt,
                    r.pages,
                    f"{r.seconds:.2f}",
                    f"{r.pages / max(r.seconds, 1e-9):.1f}",
                ]
            )


def print_forms(forms: dict[str, list[tuple[str, int, str]]]) -> None:
    print("\nUNCODED VALUE ROWS BY FORM (code-bearing tables)")
    for form, rows in sorted(forms.items(), key=lambda item: -len(item[1])):
        print(f"{len(rows):6d}  {form}")
        for name, page, cells in examples(rows):
            print(f"        {name} p.{page}: {cells}")


def print_doubts(results: list[FileResult]) -> None:
    print("\nIDENTITIES IN DOUBT (printed | sum of the lines under it, by column)")
    for r in results:
        for kind, parent, differences in r.identity_doubts:
            columns = " ".join(f"{key} {printed}|{summed}" for key, (printed, summed) in differences.items())
            print(f"  {r.path.name[:40]} p.{parent.page} {ABBREVIATIONS.get(kind, kind)} {parent.code} {columns}")


def examples(rows: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Two examples, from two different files where there are, preferring rows with text."""
    rows = [row for row in rows if row[2]] or rows
    first = rows[:1]
    other = next((row for row in rows if row[0] != rows[0][0]), rows[1] if len(rows) > 1 else None)
    return first + ([other] if other else [])


def pdf_paths(arguments: list[str]) -> list[Path]:
    paths: list[Path] = []
    for argument in arguments:
        target = Path(argument)
        if target.is_dir():
            paths.extend(sorted(target.glob("*.pdf")))
        elif target.exists():
            paths.append(target)
    return paths


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="PDF files or folders (default: samples/pdfs and the real reports)")
    parser.add_argument("--csv", type=Path, help="also write the per-file figures to this CSV file")
    parser.add_argument("--by-form", action="store_true", help="list uncoded rows grouped by code-printing form")
    parser.add_argument("--doubts", action="store_true", help="list the failing identities not shown as printed")
    parser.add_argument("--truth", type=Path, default=TRUTH_DIR, help="folder of truth files (<file stem>.json)")
    args = parser.parse_args(argv)
    results = []
    for path in pdf_paths(args.paths or [str(p) for p in DEFAULT_PATHS]):
        result = measure(path, args.truth)
        results.append(result)
        print(file_line(result), flush=True)
    print(totals_line(results))
    if args.csv:
        write_csv(results, args.csv)
    if args.by_form:
        print_forms(by_form(results))
    if args.doubts:
        print_doubts(results)
    return 0 if all(r.ingested for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
