"""Print test reports with one planted error each, and record what was planted.

Each generated report is a sample report (``samples/data/<name>.json``) with ONE
fact changed — in the narrative or in a table — of one of the kinds of error a
careful reader catches (a–n, below), printed to PDF exactly as ``samples.build``
prints the samples. Beside each PDF a truth file (``<report>.json``) says the
kind, the rule expected to catch it, what was changed, the page, and the two
numbers or texts (what is now printed, and what the other place or the
arithmetic says). The samples already carry a few printed inconsistencies of
their own (``samples/README.md``): a planted report's truth is its planted error
plus whatever its clean sample shows, named in ``baseline``.

The output is deterministic for a seed.

    python -m samples.plant OUT_DIR [--per-kind N] [--seed S] [--kinds abc] [--samples NAME,...]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from budgetpdf import model
from samples import build

KINDS: dict[str, tuple[str, str]] = {
    "a": ("narrative_total_equals_table", "叙述中的总额与表格不一致"),
    "b": ("comparison_word_matches_numbers", "比较用语与数字方向相反"),
    "c": ("percentage_recomputes", "百分比与所述数字不符"),
    "d": ("three_public_narrative_matches_table", "“三公”经费叙述与表格不一致"),
    "e": ("items_sum_to_stated_total", "分项之和不等于所述合计"),
    "f": ("year_belongs_to_report", "年份不属于本报告"),
    "g": ("no_placeholder", "模板占位符未替换"),
    "h": ("staff_and_changes_agree", "人数分项或上年变动不符"),
    "i": ("standard_tables_present", "标准表缺失或空表未说明"),
    "j": ("amount_unit_matches_scale", "金额单位错误"),
    "k": ("code_name_matches_classification", "科目编码与名称不符"),
    "l": ("department_name_consistent", "单位名称前后不一致"),
    "m": ("cross_section_figures_agree", "各部分之间的数字不一致"),
    "n": ("purpose_and_wording", "用途与科目矛盾或字词重复"),
}

# An amount as the narratives print it: "2743.11", "2,556.03", "3" (not part of a longer number).
AMOUNT = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
AMOUNT_IN_WAN = re.compile(rf"(?P<num>{AMOUNT})\s*万元")
SENTENCE_END = re.compile(r"[。；;]")
STANDARD_TABLES = {*model.STANDARD_TABLES, model.TableType.PROJECT_EXPENDITURE}
AMOUNT_DELTAS = ("1.00", "12.50", "100.00", "35.20", "-2.00", "-10.30", "250.00")
PERCENT_DELTAS = (2, 3, 5, 7, -2, -3, -4)


@dataclass
class Planting:
    """One change to a data document, and what a checker should report about it."""

    kind: str
    description: str
    block: int
    printed: str
    expected: str
    apply: Callable[[dict], None] = field(repr=False, compare=False)
    where: str = "narrative"  # narrative | table
    table: str = ""


@dataclass
class Truth:
    report: str
    sample: str
    baseline: str
    kind: str
    rule: str
    kind_label: str
    where: str
    description: str
    block: int
    page: int | None
    printed: str
    expected: str
    table: str = ""
    seed: int = 0


# --------------------------------------------------------------------------- editing


def _replace_span(block: int, start: int, end: int, new: str) -> Callable[[dict], None]:
    def apply(document: dict) -> None:
        text = document["blocks"][block]["text"]
        document["blocks"][block]["text"] = text[:start] + new + text[end:]

    return apply


def _set_cell(block: int, row: int, col: int, new: str) -> Callable[[dict], None]:
    def apply(document: dict) -> None:
        cells = document["blocks"][block]["body"][row]
        if isinstance(cells[col], dict):
            cells[col] = {**cells[col], "text": new}
        else:
            cells[col] = new

    return apply


def _set_field(block: int, name: str, value) -> Callable[[dict], None]:
    def apply(document: dict) -> None:
        document["blocks"][block][name] = value

    return apply


def _decimals(printed: str) -> int:
    return len(printed.split(".")[1]) if "." in printed else 0


def shifted_amount(printed: str, delta: Decimal) -> str:
    """The printed amount moved by delta, printed the same way (decimals, thousands separators)."""
    value = Decimal(printed.replace(",", ""))
    moved = value + delta
    if moved < 0:
        moved = value - delta
    places = _decimals(printed)
    if places == 0 and delta != delta.to_integral_value():
        places = 2
    text = f"{moved:,.{places}f}" if "," in printed else f"{moved:.{places}f}"
    return text


def _paragraphs(document: dict, types: tuple[str, ...] = ("paragraph",)) -> Iterable[tuple[int, str]]:
    for index, block in enumerate(document["blocks"]):
        if block["type"] in types:
            yield index, block["text"]


def _sentences(text: str) -> Iterable[tuple[int, str]]:
    """Sentences of a paragraph with their start offsets, each ending with its full stop."""
    start = 0
    for end_mark in SENTENCE_END.finditer(text):
        yield start, text[start : end_mark.end()]
        start = end_mark.end()
    if start < len(text):
        yield start, text[start:]


def _amount_change(kind: str, block: int, match: re.Match, group: str, rng: random.Random, what: str) -> Planting:
    old = match.group(group)
    new = shifted_amount(old, Decimal(rng.choice(AMOUNT_DELTAS)))
    return Planting(
        kind=kind,
        description=f"{what}：{old} 改为 {new}",
        block=block,
        printed=new,
        expected=old,
        apply=_replace_span(block, match.start(group), match.end(group), new),
    )


class _Shifted:
    """A match found in a sentence, re-anchored to its paragraph (offsets shifted)."""

    def __init__(self, match: re.Match, offset: int):
        self.match, self.offset = match, offset

    def group(self, name):
        return self.match.group(name)

    def start(self, name):
        return self.match.start(name) + self.offset

    def end(self, name):
        return self.match.end(name) + self.offset


def _narrative_amounts(document: dict, sentence_test: Callable[[str], bool], pattern=AMOUNT_IN_WAN):
    """(block, match) for amounts in sentences that pass sentence_test, offsets in the paragraph."""
    for index, text in _paragraphs(document):
        for offset, sentence in _sentences(text):
            if sentence_test(sentence):
                for match in pattern.finditer(sentence):
                    yield index, _Shifted(match, offset), sentence


# --------------------------------------------------------------------------- kinds a–n

TOTAL_SUBJECT = re.compile(
    r"(?:收、支总计|收支总计|收入合计|支出合计|财政拨款收入|基本支出|项目支出|一般公共预算财政拨款支出"
    r"|收支总预算|部门收入预算|部门支出预算|项目经费)(?:各)?(?:预算|为|决算)?\s*"
    rf"(?P<num>{AMOUNT})\s*万元"
)


def plant_narrative_total(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for match in TOTAL_SUBJECT.finditer(text):
            if Decimal(match.group("num").replace(",", "")) > 0:
                found.append(_amount_change("a", index, match, "num", rng, "叙述中的总额"))
    return found


COMPARISON = re.compile(rf"(?P<word>增加|减少)\s*(?P<num>{AMOUNT})\s*万元[，,]\s*(?P<rate>增长|下降)")
BUDGET_COMPARISON = re.compile(r"支出决算数(?P<word>大于|小于)年初预算数")
OPPOSITE = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于"}


def plant_comparison_word(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for pattern in (COMPARISON, BUDGET_COMPARISON):
            for match in pattern.finditer(text):
                if "num" in pattern.groupindex and Decimal(match.group("num").replace(",", "")) == 0:
                    continue  # no change has no direction to contradict
                # the amount's word or the rate's: either contradicts the other
                for group in ("word", "rate") if "rate" in pattern.groupindex else ("word",):
                    old = match.group(group)
                    found.append(
                        Planting(
                            kind="b",
                            description=f"比较用语“{old}”改为“{OPPOSITE[old]}”",
                            block=index,
                            printed=OPPOSITE[old],
                            expected=old,
                            apply=_replace_span(index, match.start(group), match.end(group), OPPOSITE[old]),
                        )
                    )
    return found


PERCENT = re.compile(r"(?:占[^，。；%\d]{0,12}|完成[^，。；\d]{0,8}的|增长|下降)\s*(?P<num>\d+(?:\.\d+)?)\s*%")


def plant_percentage(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for offset, sentence in _sentences(text):
            if "万元" not in sentence or "满意" in sentence:
                continue
            for match in PERCENT.finditer(sentence):
                old = match.group("num")
                if Decimal(old) == 0:
                    continue
                new = shifted_amount(old, Decimal(rng.choice(PERCENT_DELTAS)))
                shifted = _Shifted(match, offset)
                found.append(
                    Planting(
                        kind="c",
                        description=f"百分比 {old}% 改为 {new}%",
                        block=index,
                        printed=new,
                        expected=old,
                        apply=_replace_span(index, shifted.start("num"), shifted.end("num"), new),
                    )
                )
    return found


THREE_PUBLIC_WORDS = re.compile(r"因公出国|公务用车|公务接待|三公")
THREE_PUBLIC_FIGURE = re.compile(rf"(?P<num>{AMOUNT})\s*(?:万元|辆|批次|人次)")


def plant_three_public(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, match, _sentence in _narrative_amounts(document, THREE_PUBLIC_WORDS.search, THREE_PUBLIC_FIGURE):
        old = match.group("num")
        new = shifted_amount(old, Decimal(rng.choice(("2", "3", "5")) if _decimals(old) == 0 else "2.35"))
        found.append(
            Planting(
                kind="d",
                description=f"“三公”经费叙述中的数字 {old} 改为 {new}",
                block=index,
                printed=new,
                expected=old,
                apply=_replace_span(index, match.start("num"), match.end("num"), new),
            )
        )
    for index, block in enumerate(document["blocks"]):
        if block["type"] == "table" and block.get("canonical") == "three_public" and not block.get("image"):
            found.extend(_table_amount_changes("d", index, block, rng))
    return found


def _cell_text(cell) -> str:
    return cell.get("text", "") if isinstance(cell, dict) else cell


def _table_amount_changes(kind: str, index: int, block: dict, rng: random.Random) -> list[Planting]:
    found = []
    for r, row in enumerate(block["body"]):
        for c, cell in enumerate(row):
            text = _cell_text(cell).strip()
            if re.fullmatch(AMOUNT, text) and "." in text:
                new = shifted_amount(text, Decimal(rng.choice(AMOUNT_DELTAS)))
                found.append(
                    Planting(
                        kind=kind,
                        description=f"表“{block['title']}”中的 {text} 改为 {new}",
                        block=index,
                        printed=new,
                        expected=text,
                        apply=_set_cell(index, r, c, new),
                        where="table",
                        table=block.get("canonical", ""),
                    )
                )
    return found


ITEM_LIST = re.compile(r"(?:其中|包括)[:：]")


def plant_item_list(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for list_start in ITEM_LIST.finditer(text):
            if re.search(r"政府采购|三公|公务用车|因公出国|公务接待", text):
                continue
            end = SENTENCE_END.search(text, list_start.end())
            stop = end.start() if end else len(text)
            items = list(AMOUNT_IN_WAN.finditer(text, list_start.end(), stop))
            total_before = list(AMOUNT_IN_WAN.finditer(text, 0, list_start.start()))
            if len(items) >= 2 and total_before:
                # any one item, or the total the list is stated with
                for amount in items:
                    found.append(_amount_change("e", index, amount, "num", rng, "所列分项"))
                found.append(_amount_change("e", index, total_before[-1], "num", rng, "分项所列的合计"))
    return found


def plant_year(document: dict, rng: random.Random) -> list[Planting]:
    year = document["fiscal_year"]
    prior = year - 1
    patterns = [
        (re.compile(rf"(?P<year>{year})\s*年度?(?:部门|单位)(?:决算|预算)"), year - 1),
        (re.compile(rf"与\s*(?P<year>{prior})\s*年度?(?:预算)?相比"), prior - 1),
        (re.compile(rf"比\s*(?P<year>{prior})\s*年度?(?:预算|决算)"), prior - 1),
    ]
    closing = year if document["kind"] == "final" else prior
    patterns.append((re.compile(rf"截[至止]\s*(?P<year>{closing})\s*年\s*12\s*月"), closing - 1))
    found = []
    for index, text in _paragraphs(document, ("paragraph", "heading")):
        for pattern, wrong in patterns:
            for match in pattern.finditer(text):
                found.append(
                    Planting(
                        kind="f",
                        description=f"年份 {match.group('year')} 改为 {wrong}",
                        block=index,
                        printed=str(wrong),
                        expected=match.group("year"),
                        apply=_replace_span(index, match.start("year"), match.end("year"), str(wrong)),
                    )
                )
    return found


PLACEHOLDERS = ("XX", "××", "X,XXX.XX", "【】", "")


def plant_placeholder(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for match in TOTAL_SUBJECT.finditer(text):
            placeholder = rng.choice(PLACEHOLDERS)
            found.append(
                Planting(
                    kind="g",
                    description=f"金额 {match.group('num')} 改为占位符“{placeholder}”",
                    block=index,
                    printed=placeholder + "万元",
                    expected=match.group("num") + "万元",
                    apply=_replace_span(index, match.start("num"), match.end("num"), placeholder),
                )
            )
        for match in PERCENT.finditer(text):
            found.append(
                Planting(
                    kind="g",
                    description=f"百分比 {match.group('num')}% 只剩“%”",
                    block=index,
                    printed="%",
                    expected=match.group("num") + "%",
                    apply=_replace_span(index, match.start("num"), match.end("num"), ""),
                )
            )
    return found


STAFF = re.compile(r"(?:编制人数|实有人数|离退休人员)\s*\d+\s*人[，,]\s*其中[:：]\s*[^\d]{1,6}?(?P<num>\d+)\s*人")
CHANGE = re.compile(rf"与\s*\d{{4}}\s*年度?相比[，,]?[^。]*?(?:增加|减少)\s*(?P<num>{AMOUNT})\s*万元")


def plant_staff_or_change(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for match in STAFF.finditer(text):
            old = match.group("num")
            new = str(int(old) + rng.choice((1, 2, 3)))
            found.append(
                Planting(
                    kind="h",
                    description=f"人数分项 {old} 改为 {new}",
                    block=index,
                    printed=new,
                    expected=old,
                    apply=_replace_span(index, match.start("num"), match.end("num"), new),
                )
            )
        for match in CHANGE.finditer(text):
            if Decimal(match.group("num").replace(",", "")) == 0:
                continue
            found.append(_amount_change("h", index, match, "num", rng, "与上年相比的变动额"))
    return found


def plant_missing_table(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, block in enumerate(document["blocks"]):
        if block["type"] != "table" or block.get("canonical") not in STANDARD_TABLES or block.get("image"):
            continue
        if block.get("empty_text"):
            found.append(
                Planting(
                    kind="i",
                    description=f"空表“{block['title']}”去掉了“{block['empty_text']}”说明",
                    block=index,
                    printed="",
                    expected=block["empty_text"],
                    apply=_set_field(index, "empty_text", ""),
                    where="table",
                    table=block["canonical"],
                )
            )
        else:
            found.append(
                Planting(
                    kind="i",
                    description=f"删去标准表“{block['title']}”",
                    block=index,
                    printed="",
                    expected=block["title"],
                    apply=_remove_table(index),
                    where="table",
                    table=block["canonical"],
                )
            )
    return found


def _remove_table(index: int) -> Callable[[dict], None]:
    def apply(document: dict) -> None:
        blocks = document["blocks"]
        follows_break = index + 1 < len(blocks) and blocks[index + 1]["type"] == "page_break"
        del blocks[index : index + (2 if follows_break else 1)]

    return apply


def plant_wrong_unit(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for match in TOTAL_SUBJECT.finditer(text):
            unit_start = text.index("万元", match.end("num"))
            found.append(
                Planting(
                    kind="j",
                    description=f"{match.group('num')}万元 写成 {match.group('num')}元",
                    block=index,
                    printed=f"{match.group('num')}元",
                    expected=f"{match.group('num')}万元",
                    apply=_replace_span(index, unit_start, unit_start + 2, "元"),
                )
            )
    return found


def plant_code_name(document: dict, rng: random.Random) -> list[Planting]:
    coded = []
    for index, block in enumerate(document["blocks"]):
        if block["type"] != "table" or block.get("image") or block.get("canonical") not in STANDARD_TABLES:
            continue
        for r, row in enumerate(block["body"]):
            texts = [_cell_text(cell).strip() for cell in row]
            for c in range(len(texts) - 1):
                if re.fullmatch(r"\d{7}", texts[c]) and texts[c + 1]:
                    coded.append((index, r, c + 1, texts[c], texts[c + 1], block))
    names = sorted({name for *_, name, _ in coded})
    found = []
    for index, r, c, code, name, block in coded:
        others = [other for other in names if other != name and not _same_words(other, name)]
        if not others:
            continue
        wrong = rng.choice(others)
        found.append(
            Planting(
                kind="k",
                description=f"科目 {code} 的名称“{name}”改为“{wrong}”",
                block=index,
                printed=f"{code} {wrong}",
                expected=f"{code} {name}",
                apply=_set_cell(index, r, c, wrong),
                where="table",
                table=block.get("canonical", ""),
            )
        )
    return found


def _same_words(one: str, other: str) -> bool:
    return re.sub(r"\s", "", one) == re.sub(r"\s", "", other)


DISTRICTS = ("江岸", "江汉", "硚口", "汉阳", "武昌", "青山", "洪山", "江夏", "黄陂", "新洲", "蔡甸", "东西湖")


def plant_department_name(document: dict, rng: random.Random) -> list[Planting]:
    department = document["department"]
    district = next((d for d in DISTRICTS if d in department), "")
    if not district:
        return []
    wrong = department.replace(district, rng.choice([d for d in DISTRICTS if d != district]))
    found = []
    for index, block in enumerate(document["blocks"]):
        if block["type"] == "paragraph" and department in block["text"]:
            start = block["text"].index(department)
            apply = _replace_span(index, start, start + len(department), wrong)
            where, table = "narrative", ""
        elif block["type"] == "table" and department in block.get("meta_left", "") and not block.get("image"):
            apply = _set_field(index, "meta_left", block["meta_left"].replace(department, wrong))
            where, table = "table", block.get("canonical", "")
        else:
            continue
        found.append(
            Planting(
                kind="l",
                description=f"单位名称“{department}”写成“{wrong}”",
                block=index,
                printed=wrong,
                expected=department,
                apply=apply,
                where=where,
                table=table,
            )
        )
    return found


CROSS_SECTION = re.compile(
    rf"(?:政府采购[^。]{{0,12}}?(?:总额|合计)|年末结转和结余|机关运行经费支出)\s*(?P<num>{AMOUNT})\s*万元"
)
# The parts the other figure is made of: 货物/工程/服务 of a procurement total, the terms of a carry-over.
PROCUREMENT_PART = re.compile(rf"(?:货物|工程|服务)[^，,、；;。\d]{{0,8}}?(?P<num>{AMOUNT})\s*万元")
CARRYOVER_TERM = re.compile(rf"(?:年初结转和结余|本年收入|本年支出)\s*(?P<num>{AMOUNT})\s*万元")


def plant_cross_section(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for match in CROSS_SECTION.finditer(text):
            found.append(_amount_change("m", index, match, "num", rng, "需与其他部分一致的数字"))
        for offset, sentence in _sentences(text):
            if re.search(r"政府采购[^。]{0,12}?(?:总额|合计)", sentence):
                parts = sentence.split("授予")[0]
                for match in PROCUREMENT_PART.finditer(parts):
                    found.append(_amount_change("m", index, _Shifted(match, offset), "num", rng, "政府采购的分项"))
            if "年末结转和结余" in sentence and "本年支出" in sentence:
                for match in CARRYOVER_TERM.finditer(sentence):
                    found.append(_amount_change("m", index, _Shifted(match, offset), "num", rng, "结转和结余的算式"))
    return found


PURPOSES = {
    "住房保障": "在职人员医疗保险缴费支出",
    "卫生健康": "在职人员住房公积金支出",
    "社会保障和就业": "在职人员住房公积金支出",
}
PURPOSE = re.compile(r"(?P<class>住房保障|卫生健康|社会保障和就业)[^。]{0,40}?主要(?:是)?用于(?P<purpose>[^。；]+)")
DOUBLED = re.compile(r"主要原因|支出决算|收入合计|支出合计|主要用于|年初预算")


def plant_purpose_or_doubled(document: dict, rng: random.Random) -> list[Planting]:
    found = []
    for index, text in _paragraphs(document):
        for match in PURPOSE.finditer(text):
            new = PURPOSES[match.group("class")]
            found.append(
                Planting(
                    kind="n",
                    description=f"“{match.group('class')}”的用途写成“{new}”",
                    block=index,
                    printed=new,
                    expected=match.group("purpose"),
                    apply=_replace_span(index, match.start("purpose"), match.end("purpose"), new),
                )
            )
        for match in DOUBLED.finditer(text):
            word = match.group(0)
            found.append(
                Planting(
                    kind="n",
                    description=f"“{word}”重复",
                    block=index,
                    printed=word + word,
                    expected=word,
                    apply=_replace_span(index, match.start(), match.end(), word + word),
                )
            )
    return found


PLANTERS: dict[str, Callable[[dict, random.Random], list[Planting]]] = {
    "a": plant_narrative_total,
    "b": plant_comparison_word,
    "c": plant_percentage,
    "d": plant_three_public,
    "e": plant_item_list,
    "f": plant_year,
    "g": plant_placeholder,
    "h": plant_staff_or_change,
    "i": plant_missing_table,
    "j": plant_wrong_unit,
    "k": plant_code_name,
    "l": plant_department_name,
    "m": plant_cross_section,
    "n": plant_purpose_or_doubled,
}


# --------------------------------------------------------------------------- pages


def page_texts(pdf: bytes) -> list[str]:
    """The text layer of each page, whitespace removed (enough to tell pages apart)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(re.sub(r"\s+", "", textpage.get_text_range()))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def first_changed_page(clean: list[str], planted: list[str]) -> int | None:
    """The 1-based page where the planted report first prints something different."""
    for number, (before, after) in enumerate(zip(clean, planted, strict=False), start=1):
        if before != after:
            return number
    if len(clean) != len(planted):
        return min(len(clean), len(planted)) + 1
    return None


@cache
def _clean_sample(name: str) -> tuple[str, tuple[str, ...]]:
    document = build.load_document(build.DATA_DIR / f"{name}.json")
    pdf, _ = build.render_pdf(document)
    return json.dumps(document, ensure_ascii=False), tuple(page_texts(pdf))


# --------------------------------------------------------------------------- generation


def _identity(planting: Planting) -> tuple:
    return planting.kind, planting.block, planting.description, planting.printed


def choose_plantings(
    per_kind: int, seed: int, kinds: str = "".join(KINDS), samples: list[str] | None = None
) -> list[tuple[str, str, Planting, int]]:
    """(report name, sample, planting, seed) for per_kind reports of each kind, spread over the samples."""
    names = samples or build.available_names()
    chosen = []
    used: set[tuple] = set()
    for kind_offset, kind in enumerate(kinds):
        for number in range(per_kind):
            report_seed = seed * 1000 + kind_offset * 100 + number
            rng = random.Random(report_seed)
            for attempt in range(len(names)):
                sample = names[(number + kind_offset + attempt) % len(names)]
                document = json.loads(_clean_sample(sample)[0])
                candidates = PLANTERS[kind](document, rng)
                if candidates:
                    # A change not planted yet, while there are any left in this sample.
                    fresh = [c for c in candidates if (sample, *_identity(c)) not in used] or candidates
                    planting = fresh[rng.randrange(len(fresh))]
                    used.add((sample, *_identity(planting)))
                    chosen.append((f"{kind}-{number + 1:02d}-{sample}", sample, planting, report_seed))
                    break
    return chosen


def plant_report(name: str, sample: str, planting: Planting, seed: int, out_dir: Path) -> Truth:
    """Print one planted report to out_dir/<name>.pdf and write its truth to out_dir/<name>.json."""
    document = json.loads(_clean_sample(sample)[0])
    planting.apply(document)
    build.validate_document(document)
    pdf, _ = build.render_pdf(document)
    page = first_changed_page(list(_clean_sample(sample)[1]), page_texts(pdf))
    rule, label = KINDS[planting.kind]
    truth = Truth(
        report=name,
        sample=sample,
        baseline=f"samples/pdfs/{sample}.pdf",
        kind=planting.kind,
        rule=rule,
        kind_label=label,
        where=planting.where,
        description=planting.description,
        block=planting.block,
        page=page,
        printed=planting.printed,
        expected=planting.expected,
        table=planting.table,
        seed=seed,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.pdf").write_bytes(pdf)
    (out_dir / f"{name}.json").write_text(json.dumps(asdict(truth), ensure_ascii=False, indent=2) + "\n", "utf-8")
    return truth


def generate(
    out_dir: Path, *, per_kind: int = 10, seed: int = 1, kinds: str = "".join(KINDS), samples: list[str] | None = None
) -> list[Truth]:
    truths = [
        plant_report(name, sample, planting, report_seed, out_dir)
        for name, sample, planting, report_seed in choose_plantings(per_kind, seed, kinds, samples)
    ]
    index = [asdict(truth) for truth in truths]
    (out_dir / "truth.json").write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return truths


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.plant", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--per-kind", type=int, default=10, help="reports per kind of error (default 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default="".join(KINDS), help="letters of the kinds to plant (default all)")
    parser.add_argument("--samples", default="", help="comma-separated sample names (default all)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    unknown = set(args.kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {''.join(sorted(unknown))}")
    samples = [name for name in args.samples.split(",") if name] or None
    truths = generate(args.out_dir, per_kind=args.per_kind, seed=args.seed, kinds=args.kinds, samples=samples)
    for truth in truths:
        print(f"{truth.report}: {truth.kind} p.{truth.page} {truth.description}")
    print(f"{len(truths)} planted reports in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
