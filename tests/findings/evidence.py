"""Small hand-made evidence for the rules: narrative pages as text, tables only where a rule reads them."""

from budgetpdf.checks import Evidence
from budgetpdf.metadata import Metadata
from budgetpdf.model import PageText, Table


def evidence(
    *pages: str,
    tables: list[Table] | None = None,
    year: int = 2023,
    kind: str = "final",
    department: str = "武汉市汉阳区大数据中心",
    jurisdiction: str = "武汉市汉阳区",
    first_page: int = 17,
) -> Evidence:
    return Evidence(
        tables=tables or [],
        pages=[PageText(number=first_page + index, text=text) for index, text in enumerate(pages)],
        figures={},
        narrative={},
        metadata=Metadata(jurisdiction=jurisdiction, department=department, fiscal_year=year, kind=kind),
    )


def failed(checks):
    return [check for check in checks if check.status == "fail"]
