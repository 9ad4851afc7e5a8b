"""How many planted errors the checks find, and how many things they report that are not errors.

    python benchmarks/findings_evaluate.py [OUT_DIR] [--small] [--per-kind N] [--seed S]
                                           [--real-reports DIR | --no-real] [--samples A,B] [--verbose]

Builds the planted reports with ``samples.plant`` into OUT_DIR (a temporary
folder when none is given; an OUT_DIR that already holds a ``truth.json`` is read
as it is), parses each with budgetpdf and matches its failed checks to the truth:
a check finds the planted error when it is of the same kind (a–n), on the planted
page, and names one of the two planted numbers or texts. The failed checks the
clean sample already shows (its own printed inconsistencies) are set aside.

Prints, per kind: planted, found, recall; the checks of that kind new in the
planted reports, how many of them the planted change explains, and precision.
Then the false alarms: failed checks of the narrative kinds on the clean samples
and on the real reports (``../shared/real-reports`` when present).
``--small`` plants one report per kind and leaves the real reports out (for CI).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples import plant  # noqa: E402

SAMPLE_PDFS = ROOT / "samples" / "pdfs"
# The shared development material sits beside the checkout (../shared), or beside the folder of checkouts.
REAL_REPORTS = next(
    (folder / "shared" / "real-reports" for folder in ROOT.parents if (folder / "shared" / "real-reports").is_dir()),
    ROOT.parent / "shared" / "real-reports",
)

# The kind of each rule: the rules written for the planted kinds, and the narrative rules that came before them.
RULE_KINDS: dict[str, str] = {rule: kind for kind, (rule, _) in plant.KINDS.items()}
RULE_KINDS.update({"narrative_equals_table": "a", "narrative_item_equals_table": "a"})


@cache
def parse(path: Path):
    """Parse with budgetpdf, by whichever name this version gives its entry point (once per file)."""
    import budgetpdf

    reader = budgetpdf.read
    return reader(path)


def kind_of(check) -> str:
    """The kind a–n of a check: its own `kind` when it has one, else its rule's; "" for the tables' identities."""
    return getattr(check, "kind", "") or RULE_KINDS.get(check.rule, "")


def failed(report) -> list:
    return [check for check in report.checks if check.status == "fail"]


def signature(check) -> tuple:
    """What identifies a check's fact regardless of the page it lands on (a removed table moves pages);
    a check that states no numbers is told apart by its words (less the page)."""
    words = "" if check.expected is not None or check.found is not None else re.sub(r"第\s*\d+\s*页", "", check.message)
    return (check.rule, check.table, check.row, check.expected, check.found, words)


def pages_of(check) -> set[int]:
    pages = {check.page} if check.page else set()
    for place in getattr(check, "places", None) or ():
        page = place.get("page") if isinstance(place, dict) else getattr(place, "page", None)
        if page:
            pages.add(page)
    return pages


def _decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[,\s万元%]", "", text or "")
    try:
        return Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None


def names_planted_fact(check, truth: dict) -> bool:
    """The check names one of the two planted numbers (as a value) or texts (in its message)."""
    planted = [truth["printed"], truth["expected"]]
    values = {_decimal(text) for text in planted} - {None}
    if values & {check.expected, check.found}:
        return True
    message = re.sub(r"\s", "", check.message or "")
    texts = [re.sub(r"\s", "", text) for text in planted if text and _decimal(text) is None]
    if any(text in message for text in texts):
        return True
    # a number the message quotes as an amount or a rate (an item of a list, the base of a rate), not a page
    quoted = {_decimal(number) for number in re.findall(r"(?<![\d.,第])\d[\d,]*(?:\.\d+)?(?![\d.,年月日页])", message)}
    return bool(values & quoted)


def explains(check, truth: dict) -> bool:
    """The planted change accounts for this check (whatever its kind): same place, a planted number or text."""
    if truth["kind"] == "i" and truth.get("table") and check.table == truth["table"]:
        return True
    on_page = truth["page"] is None or not pages_of(check) or truth["page"] in pages_of(check)
    return on_page and names_planted_fact(check, truth)


def finds(check, truth: dict) -> bool:
    return kind_of(check) == truth["kind"] and explains(check, truth)


@dataclass
class KindScore:
    planted: int = 0
    found: int = 0
    new_checks: int = 0
    explained: int = 0
    missed: list[str] = field(default_factory=list)
    unexplained: list[tuple[str, object]] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None

    @property
    def precision(self) -> float | None:
        return self.explained / self.new_checks if self.new_checks else None


def new_checks(report_checks: list, baseline: Counter) -> tuple[list, list]:
    """The failed checks a planted report shows beyond those of its clean sample: (new, moved).

    A check on the same rule, table and row as a clean-sample check that is no
    longer there is "moved": that printed inconsistency seen again with other
    numbers (the planted change moved what the narrative states), or the planted
    error itself when it names the planted numbers.
    """
    remaining = Counter(baseline)
    unmatched = []
    for check in report_checks:
        key = signature(check)
        if remaining[key]:
            remaining[key] -= 1
        else:
            unmatched.append(check)
    moved = Counter(key[:3] for key, count in remaining.items() for _ in range(count))
    fresh, moved_checks = [], []
    for check in unmatched:
        place = signature(check)[:3]
        if moved[place]:
            moved[place] -= 1
            moved_checks.append(check)
        else:
            fresh.append(check)
    return fresh, moved_checks


def score(truths: list[dict], checks_by_report: dict[str, list], baselines: dict[str, Counter]) -> dict[str, KindScore]:
    """Recall and precision per kind from each planted report's failed checks."""
    scores = {kind: KindScore() for kind in plant.KINDS}
    for truth in truths:
        fresh, moved = new_checks(checks_by_report[truth["report"]], baselines[truth["sample"]])
        fresh += [check for check in moved if explains(check, truth)]
        kind_score = scores[truth["kind"]]
        kind_score.planted += 1
        if any(finds(check, truth) for check in fresh):
            kind_score.found += 1
        else:
            kind_score.missed.append(truth["report"])
        for check in fresh:
            kind = kind_of(check)
            if kind in scores:
                scores[kind].new_checks += 1
                if explains(check, truth):
                    scores[kind].explained += 1
                else:
                    scores[kind].unexplained.append((truth["report"], check))
    return scores


def _percent(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def print_scores(scores: dict[str, KindScore], out=None) -> None:
    out = out or sys.stdout
    print("kind  planted  found  recall   new checks  explained  precision  label", file=out)
    for kind, item in scores.items():
        label = plant.KINDS[kind][1]
        print(
            f"{kind:>4}  {item.planted:7d}  {item.found:5d}  {_percent(item.recall)}  "
            f"{item.new_checks:10d}  {item.explained:9d}  {_percent(item.precision):>9}  {label}",
            file=out,
        )
    planted = sum(item.planted for item in scores.values())
    found = sum(item.found for item in scores.values())
    fresh = sum(item.new_checks for item in scores.values())
    explained = sum(item.explained for item in scores.values())
    print(
        f" all  {planted:7d}  {found:5d}  {_percent(found / planted if planted else None)}  "
        f"{fresh:10d}  {explained:9d}  {_percent(explained / fresh if fresh else None):>9}",
        file=out,
    )


def print_details(scores: dict[str, KindScore], out=None) -> None:
    """The planted errors not found, and the new checks the planted change does not explain."""
    out = out or sys.stdout
    for kind, item in scores.items():
        for report in item.missed:
            print(f"  missed {kind}: {report}", file=out)
        for report, check in item.unexplained:
            print(f"  unexplained {kind} in {report}: {check.rule} p.{check.page} {check.message}", file=out)


def narrative_alarms(paths: Iterable[Path], out=None, verbose: bool = False) -> int:
    """Print, per clean report, the failed checks of the narrative kinds of severity "error"; return their total.
    Notes (differences within rounding, an empty table the report explains elsewhere) are counted apart."""
    out = out or sys.stdout
    total = 0
    for path in paths:
        try:
            report = parse(path)
        except Exception as error:  # an unreadable report is listed, not counted
            print(f"  {path.name}: not read ({type(error).__name__})", file=out)
            continue
        found = [check for check in failed(report) if kind_of(check)]
        alarms = [check for check in found if getattr(check, "severity", "error") == "error"]
        total += len(alarms)
        kinds = Counter(kind_of(check) for check in alarms)
        detail = " ".join(f"{kind}:{count}" for kind, count in sorted(kinds.items()))
        notes = f" (notes {len(found) - len(alarms)})" if len(found) > len(alarms) else ""
        print(f"  {path.name}: {len(alarms)} {detail}{notes}".rstrip(), file=out)
        for check in found if verbose else ():
            severity = "" if getattr(check, "severity", "error") == "error" else " [note]"
            print(f"    {kind_of(check)}{severity} {check.rule} p.{check.page} {check.message}", file=out)
    return total


def load_or_plant(out_dir: Path, per_kind: int, seed: int, samples: list[str] | None = None) -> list[dict]:
    index = out_dir / "truth.json"
    if not index.exists():
        plant.generate(out_dir, per_kind=per_kind, seed=seed, samples=samples)
    return json.loads(index.read_text("utf-8"))


def evaluate(
    out_dir: Path,
    *,
    per_kind: int,
    seed: int,
    real_reports: Path | None,
    samples: list[str] | None = None,
    verbose: bool = False,
    out=None,
) -> dict:
    out = out or sys.stdout
    truths = load_or_plant(out_dir, per_kind, seed, samples)
    samples = sorted({truth["sample"] for truth in truths})
    baselines = {name: Counter(signature(c) for c in failed(parse(SAMPLE_PDFS / f"{name}.pdf"))) for name in samples}
    checks_by_report = {truth["report"]: failed(parse(out_dir / f"{truth['report']}.pdf")) for truth in truths}
    scores = score(truths, checks_by_report, baselines)
    print(f"{len(truths)} planted reports over {len(samples)} samples ({out_dir})", file=out)
    print_scores(scores, out)
    if verbose:
        print_details(scores, out)
    print("false alarms (failed checks of the narrative kinds) on the clean samples:", file=out)
    sample_alarms = narrative_alarms(sorted(SAMPLE_PDFS.glob("*.pdf")), out, verbose)
    print(f"  total {sample_alarms}", file=out)
    real_alarms = None
    if real_reports is not None and real_reports.is_dir():
        print(f"false alarms on the real reports ({real_reports}):", file=out)
        real_alarms = narrative_alarms(sorted(real_reports.glob("*.pdf")), out, verbose)
        print(f"  total {real_alarms}", file=out)
    return {"scores": scores, "sample_alarms": sample_alarms, "real_alarms": real_alarms}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", nargs="?", type=Path)
    parser.add_argument("--small", action="store_true", help="one report per kind, no real reports (CI)")
    parser.add_argument("--per-kind", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--real-reports", type=Path, default=REAL_REPORTS)
    parser.add_argument("--no-real", action="store_true")
    parser.add_argument("--samples", default="", help="comma-separated sample names to plant in (default all)")
    parser.add_argument("--verbose", action="store_true", help="list the missed errors and the unexplained checks")
    args = parser.parse_args(argv)
    options = {
        "per_kind": 1 if args.small else args.per_kind,
        "seed": args.seed,
        "real_reports": None if (args.small or args.no_real) else args.real_reports,
        "samples": [name for name in args.samples.split(",") if name] or None,
        "verbose": args.verbose,
    }
    if args.out_dir is not None:
        evaluate(args.out_dir, **options)
        return 0
    with tempfile.TemporaryDirectory(prefix="planted-") as folder:
        evaluate(Path(folder), **options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
