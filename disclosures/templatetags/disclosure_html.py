"""Long lists written as HTML in Python: a report page prints hundreds of table rows, the comparison page's
department chooser may offer thousands of departments.

On the page-speed benchmark (benchmarks/page_speed.py, 8 tables of 20 rows and 6 columns per report) the
same rows written by a template include took the report page's median from 44-50 ms to 65-84 ms, against a
goal of 30 ms; this tag keeps it where it was. Every text is escaped here; the output is the include's, byte
for byte.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A long table on the report page shows its first rows; the rest come from the table's own page.
COLLAPSE_OVER = 30
ROWS_SHOWN = 10


def rows_shown(block, collapse: bool) -> int:
    return ROWS_SHOWN if collapse and len(block.rows) > COLLAPSE_OVER else len(block.rows)


@register.filter
def hidden_rows(block, collapse: bool = True) -> int:
    """How many of the block's rows the report page leaves to the table's own page."""
    return len(block.rows) - rows_shown(block, collapse)


@register.simple_tag
def table_rows(block, collapse: bool = False) -> SafeString:
    """<tr> per line: its code when the block has codes, its name, and each amount linked to its page; a cell staff
    corrected also says what was printed, what it was corrected to and why. Collapsed, a table of more than
    COLLAPSE_OVER rows prints its first ROWS_SHOWN."""
    parts = []
    for row in block.rows[: rows_shown(block, collapse)]:
        level = int(row.level)
        parts.append(f'<tr id="line-{int(row.id)}" class="level-{level}">')
        if block.show_codes:
            parts.append(f'<td class="code">{escape(row.code)}</td>')
        parts.append(f'<td class="name level-{level}">{escape(row.name)}</td>')
        opening = f'<a href="{escape(row.href)}">' if row.href else ""
        closing = "</a>" if row.href else ""
        for index, printed in enumerate(row.cells):
            if printed is None:
                parts.append('<td class="num"></td>')
            elif index in row.notes:
                note = f'<small class="correction">{escape(row.notes[index])}</small>'
                parts.append(f'<td class="num corrected">{opening}{escape(printed)}{closing}{note}</td>')
            else:
                parts.append(f'<td class="num">{opening}{escape(printed)}{closing}</td>')
        parts.append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


@register.simple_tag
def department_options(groups: dict[str, list[tuple[int, str]]], chosen: set[int]) -> SafeString:
    """<optgroup> per jurisdiction with an <option> per department, the chosen ones selected."""
    parts = []
    for place, departments in groups.items():
        parts.append(f'<optgroup label="{escape(place)}">')
        for pk, name in departments:
            selected = " selected" if pk in chosen else ""
            parts.append(f'<option value="{int(pk)}"{selected}>{escape(name)}</option>')
        parts.append("</optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
