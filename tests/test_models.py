from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from disclosures import services
from disclosures.models import DepartmentAlias, KeyFigure, LineValue, Report

from .factories import (
    DepartmentFactory,
    DisclosureTableFactory,
    FiscalYearFactory,
    LineValueFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


def test_only_one_report_per_department_year_kind_and_scope_can_be_published():
    first = ReportFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(
            department=first.department,
            fiscal_year=first.fiscal_year,
            version=2,
            published=True,
        )


def test_a_budget_and_a_final_account_of_the_same_year_can_both_be_published():
    final = ReportFactory(published=True, kind=Report.Kind.FINAL)
    budget = ReportFactory(
        department=final.department, fiscal_year=final.fiscal_year, kind=Report.Kind.BUDGET, published=True
    )
    assert {final.kind, budget.kind} == {"final", "budget"}


def test_a_draft_may_sit_beside_the_published_version():
    published = ReportFactory(published=True)
    draft = ReportFactory(department=published.department, fiscal_year=published.fiscal_year, version=2)
    assert draft.status == Report.Status.DRAFT


def test_two_reports_cannot_share_a_version_number():
    first = ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(department=first.department, fiscal_year=first.fiscal_year, version=first.version)


def test_a_published_report_must_have_a_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(status=Report.Status.PUBLISHED, published_at=None)


def test_an_unknown_report_kind_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(kind="forecast")


def test_fiscal_years_outside_a_plausible_range_are_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        FiscalYearFactory(year=1900)


def test_the_same_source_file_cannot_be_stored_as_two_reports():
    first = ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(source_sha256=first.source_sha256)


def test_amounts_are_stored_and_read_back_as_exact_decimals():
    value = LineValueFactory(amount=Decimal("2743.11"), printed="2,743.11")
    value.refresh_from_db()
    assert value.amount == Decimal("2743.11")
    assert isinstance(value.amount, Decimal)
    total = sum((LineValueFactory(amount=Decimal("0.10")).amount for _ in range(3)), Decimal("0"))
    assert total == Decimal("0.30")


def test_a_large_amount_in_yuan_keeps_every_digit():
    value = LineValueFactory(amount=Decimal("123456789012.34"), printed="123,456,789,012.34")
    value.refresh_from_db()
    assert value.amount == Decimal("123456789012.34")


def test_a_line_has_at_most_one_value_per_column():
    value = LineValueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LineValue.objects.create(line=value.line, column=value.column, amount=Decimal("1"), printed="1")


def test_publishing_a_new_version_archives_the_previous_one():
    old = ReportFactory(published=True)
    new = ReportFactory(department=old.department, fiscal_year=old.fiscal_year, version=2, supersedes=old)

    services.report_publish(report=new)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (Report.Status.ARCHIVED, Report.Status.PUBLISHED)


def test_a_department_is_found_again_by_an_alias():
    department = DepartmentFactory(name="武汉市洪山区大数据中心")
    DepartmentAlias.objects.create(department=department, name="武汉市洪山区电子政务中心")
    found = services.department_resolve(jurisdiction=department.jurisdiction, name="武汉市洪山区电子政务中心")
    assert found == department


def test_table_positions_are_unique_within_a_report():
    table = DisclosureTableFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureTableFactory(report=table.report, position=table.position)


def test_an_amount_printed_with_six_decimals_is_stored_with_every_digit():
    value = LineValueFactory(amount=Decimal("870741.793967"), printed="870,741.793967")
    value.refresh_from_db()
    assert value.amount == Decimal("870741.793967")


def test_a_key_figure_converted_from_yuan_to_wan_yuan_is_stored_with_every_digit():
    report = ReportFactory()
    converted = Decimal("1234567.89") / Decimal(10000)
    figure = KeyFigure.objects.create(report=report, key="total_expenditure", value=converted, source="table")
    figure.refresh_from_db()
    assert figure.value == Decimal("123.456789")
