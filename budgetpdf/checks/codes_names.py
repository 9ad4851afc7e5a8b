"""A classification code printed with another code's name, judged by the classification in force that year."""

import re

from .. import reference
from ..model import Check
from .registry import Evidence, rule

# Names moved between codes in the reforms; a name in force a year either side is not a slip.
YEARS_EITHER_SIDE = 1


@rule(
    "code_name_matches_classification",
    needs=("tables", "pages", "metadata"),
    description="表中科目编码与其名称相符（按报告年度的支出功能分类）",
)
def code_name_matches_classification(evidence: Evidence) -> list[Check]:
    year = evidence.metadata.fiscal_year
    if not year:
        return []
    found: dict[tuple[str, str], Check] = {}
    printed = {page.number: re.sub(r"\s", "", page.text) for page in evidence.pages}
    for table in evidence.tables:
        for row in table.rows:
            code, name = row.code, row.name.strip()
            if len(code) != 7 or not name or not _misnamed(code, name, year):
                continue
            if row.page in printed and _not_printed_so(code, year, printed[row.page]):
                continue  # a code completed from the 类/款 above it ("05" under 20801): not printed so, not a slip
            key = (code, reference.normalize_name(name))
            if key in found:
                found[key].places.append({"page": row.page, "table": table.type})
                continue
            found[key] = Check(
                rule="",
                status="fail",
                message=(
                    f"第{row.page}页{table.title}“{code} {name}”：{code} 在{year}年的名称为"
                    f"“{code} {reference.name_of(code, year)}”，“{name}”是{'、'.join(_other_codes(name, year))}的名称"
                ),
                table=table.type,
                row=code,
                page=row.page,
                places=[{"page": row.page, "table": table.type}],
            )
    for check in found.values():
        if len(check.places) < 2:
            check.places = []
    return list(found.values())


def _not_printed_so(code: str, year: int, page: str) -> bool:
    """The page does not print the code, or prints it with its own name: the misnamed line is the reader's."""
    own = reference.name_of(code, year)
    return code not in page or bool(own) and code + re.sub(r"\s", "", own)[:4] in page


def _misnamed(code: str, name: str, year: int) -> bool:
    if not reference.known(code) or not _other_codes(name, year):
        return False
    years = range(year - YEARS_EITHER_SIDE, year + YEARS_EITHER_SIDE + 1)
    return not any(reference.is_name_of(code, name, near) for near in years)


def _other_codes(name: str, year: int) -> list[str]:
    return reference.codes_named(name, year)[:3]
