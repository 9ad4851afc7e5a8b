"""The long lists the public pages write in Python print every text as text."""

from django.template import Context, Template

from disclosures.selectors import TableBlock, TableRow


def _render(source: str, **context) -> str:
    return Template("{% load disclosure_html %}" + source).render(Context(context))


def test_table_rows_escape_names_and_printed_amounts_and_link_each_amount_to_its_page():
    block = TableBlock(
        side="",
        label="",
        columns=[("a", "甲"), ("b", "乙")],
        show_codes=True,
        rows=[TableRow(7, "201", 1, "<b>一般公共服务支出</b>", "/r/1/pages/3/?line=7", ["1,234.50", None])],
    )
    html = _render("{% table_rows block %}", block=block)
    assert html == (
        '<tr id="line-7" class="level-1"><td class="code">201</td>'
        '<td class="name level-1">&lt;b&gt;一般公共服务支出&lt;/b&gt;</td>'
        '<td class="num"><a href="/r/1/pages/3/?line=7">1,234.50</a></td><td class="num"></td></tr>'
    )


def test_a_line_without_a_page_prints_its_amounts_without_a_link():
    block = TableBlock("", "", [("a", "甲")], False, [TableRow(8, "", 2, "合计", "", ["9.00"])])
    assert _render("{% table_rows block %}", block=block) == (
        '<tr id="line-8" class="level-2"><td class="name level-2">合计</td><td class="num">9.00</td></tr>'
    )


def test_the_department_chooser_groups_by_jurisdiction_and_selects_the_chosen():
    groups = {"武汉市<江岸区>": [(1, "财政局"), (2, "教育局&体育局")]}
    html = _render("{% department_options groups chosen %}", groups=groups, chosen={2})
    assert html == (
        '<optgroup label="武汉市&lt;江岸区&gt;"><option value="1">财政局</option>'
        '<option value="2" selected>教育局&amp;体育局</option></optgroup>'
    )
