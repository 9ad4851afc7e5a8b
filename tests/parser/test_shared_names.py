"""The parser's table types and parse stages are the one list the Django models use, Chinese names kept."""

import budgetpdf
from disclosures.models import TableType
from ingestion.models import IngestionJob


def test_the_table_type_choices_are_the_parser_table_types_with_chinese_names():
    assert TableType.values == [kind.value for kind in budgetpdf.TableType]
    assert TableType("expenditure").label == "支出表"
    assert TableType.OTHER == budgetpdf.TableType.OTHER == "other"


def test_the_job_stages_are_queued_the_parse_stages_saving_and_done():
    assert IngestionJob.Stage.values == ["queued", *[stage.value for stage in budgetpdf.Stage], "saving", "done"]
    assert IngestionJob.Stage.READING_PAGES == budgetpdf.Stage.READING_PAGES
    assert IngestionJob.Stage("finding_tables").label == "识别表格"
