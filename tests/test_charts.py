"""Charts carry exact amounts with their printed text, in the config static/js/charts.js draws from."""

import json
from decimal import Decimal

import pytest

from disclosures.charts import Chart, Dataset, Point, department_colour, parts_chart, year_axis, years_kind


def test_the_chartjs_config_gives_amounts_as_exact_strings_and_keeps_gaps():
    chart = Chart(
        "totals",
        "历年支出合计",
        "line",
        [2020, 2024],
        [Dataset("预算", [None, Point(Decimal("1571.3100"), "1,571.31", "/r/1/pages/3/")])],
    )
    assert chart.chartjs_config() == {
        "type": "line",
        "unit": "万元",
        "stacked": False,
        "labels": ["2020", "2024"],
        "datasets": [{"label": "预算", "stack": None, "data": [None, "1571.31"], "printed": [None, "1,571.31"]}],
    }
    json.dumps(chart.chartjs_config())


def test_stacked_bars_name_their_stack_so_budget_and_final_are_coloured_apart():
    points = [Point(Decimal("1"), "1.00")]
    chart = Chart(
        "basic-project",
        "历年基本支出与项目支出",
        "bar",
        ["2024"],
        [Dataset("基本支出（预算）", points, stack="budget"), Dataset("基本支出（决算）", points, stack="final")],
        stacked=True,
    )
    config = chart.chartjs_config()
    assert config["stacked"] is True
    assert [d["stack"] for d in config["datasets"]] == ["budget", "final"]


def test_the_page_ids_of_a_chart_come_from_its_id():
    chart = Chart("sangong", "“三公”经费", "bar", [], [])
    assert chart.canvas_id == "chart-sangong"
    assert chart.data_id == "chart-sangong-data"


def test_the_table_beside_a_chart_has_a_row_per_label_and_a_cell_per_dataset():
    a, b = Point(Decimal("1"), "1.00", "/p/1/"), Point(Decimal("2"), "2.00")
    chart = Chart("x", "x", "line", ["2023", "2024"], [Dataset("甲", [a, None]), Dataset("乙", [b])])
    assert chart.table == [{"label": "2023", "cells": [a, b]}, {"label": "2024", "cells": [None, None]}]


def test_a_doughnut_of_parts_has_one_slice_per_part_and_a_note():
    parts = [("基本支出", Point(Decimal("3"), "3.00")), ("项目支出", Point(Decimal("1"), "1.00"))]
    chart = parts_chart("basic-project", "基本支出与项目支出", parts, note="说明")
    config = chart.chartjs_config()
    assert config["type"] == "doughnut" and config["labels"] == ["基本支出", "项目支出"]
    assert config["datasets"][0]["data"] == ["3", "1"] and chart.note == "说明"


def test_years_are_a_line_but_a_single_year_is_a_bar():
    assert years_kind([2023, 2024]) == "line"
    assert years_kind([2024]) == "bar"


def test_a_chart_kind_charts_js_cannot_draw_is_refused():
    with pytest.raises(ValueError, match="doughnut"):
        Chart("x", "x", "pie", [], [])


def test_a_dataset_without_any_point_is_known_to_be_empty():
    assert not Dataset("空", [None, None]).has_points
    assert Dataset("有", [None, Point(Decimal("0"), "0.00")]).has_points


def test_the_year_axis_keeps_a_place_for_every_missing_year_so_no_line_crosses_it():
    assert year_axis([2019, 2021, 2024]) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert year_axis([2024]) == [2024]
    assert year_axis([]) == []


def test_a_single_year_is_drawn_as_a_bar_not_a_lone_dot():
    assert years_kind([2024]) == "bar"


def test_a_department_has_one_colour_whatever_chart_or_company_it_is_drawn_in():
    assert department_colour(7) == department_colour(7)
    assert department_colour(7) != department_colour(8)
    chart = Chart(
        "x", "x", "bar", ["2024"], [Dataset("甲", [Point(Decimal("1"), "1.00")], colour=department_colour(7))]
    )
    assert chart.chartjs_config()["datasets"][0]["colour"] == department_colour(7)
