"""CSV cells that a spreadsheet program would run as formulas are written as text (OWASP's advice).

A cell beginning with = + - @ TAB or CR gets a leading single quote; a plain number such as -12.30
is left as it is, so that amounts stay numbers in the spreadsheet.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")


def csv_cell(value):
    """The value to hand to csv.writer: non-strings unchanged, formula-like text quoted."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER_RE.match(value):
        return value
    return "'" + value


def csv_row(values):
    return [csv_cell(value) for value in values]
