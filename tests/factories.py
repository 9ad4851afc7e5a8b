"""factory_boy factories for the data model."""

from decimal import Decimal

import factory
from django.utils import timezone

from disclosures import models
from ingestion.models import IngestionJob


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Jurisdiction
        django_get_or_create = ("name",)

    name = "武汉市江岸区"
    short_name = "江岸"
    slug = factory.Sequence(lambda n: f"place-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Department

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"武汉市江岸区大数据中心{n}")
    slug = factory.Sequence(lambda n: f"dept-{n}")


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FiscalYear
        django_get_or_create = ("year",)

    year = 2023


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Report

    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = factory.SubFactory(FiscalYearFactory)
    kind = models.Report.Kind.FINAL
    scope = models.Report.Scope.DEPARTMENT
    source_file = factory.Sequence(lambda n: f"reports/sample-{n}.pdf")
    source_filename = factory.Sequence(lambda n: f"sample-{n}.pdf")
    source_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    page_count = 10
    text_pages = 10

    class Params:
        published = factory.Trait(
            status=models.Report.Status.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class DisclosureTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DisclosureTable

    report = factory.SubFactory(ReportFactory)
    position = factory.Sequence(lambda n: n)
    type = models.TableType.EXPENDITURE
    title = "2023年度支出决算表"
    printed_number = "公开03表"
    pages = [5]
    unit = "万元"


class TableColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TableColumn

    table = factory.SubFactory(DisclosureTableFactory)
    position = factory.Sequence(lambda n: n)
    key = "total"
    label = "本年支出合计"


class LineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LineItem

    table = factory.SubFactory(DisclosureTableFactory)
    position = factory.Sequence(lambda n: n)
    code = "2060501"
    level = 3
    name = "机构运行"
    page = 5


class LineValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LineValue

    line = factory.SubFactory(LineItemFactory)
    column = factory.SubFactory(TableColumnFactory, table=factory.SelfAttribute("..line.table"))
    amount = Decimal("165.79")
    printed = "165.79"


class IngestionJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IngestionJob

    file = factory.django.FileField(filename="upload.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_filename = "upload.pdf"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
