"""Classification codes: the 类 of the function classification by name, and code levels."""

import re

# 政府收支分类科目 — 支出功能分类 类 (names as printed in recent years, and earlier names).
FUNCTION_CLASSES: dict[str, str] = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "社会保险基金支出": "209",
    "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "资源勘探信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "国土海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "预备费": "227",
    "其他支出": "229",
    "转移性支出": "230",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234",
}

ENUMERATION_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")
CLASS_SUFFIX_RE = re.compile(r"[（(]类[)）]")


def strip_enumeration(name: str) -> str:
    return ENUMERATION_RE.sub("", name).strip()


def function_class_code(name: str) -> str:
    """'六、科学技术支出' -> '206'; '' when the name is not a 类 of the function classification."""
    bare = CLASS_SUFFIX_RE.sub("", strip_enumeration(name.replace(" ", "")))
    return FUNCTION_CLASSES.get(bare, "")


# A code before the name in one cell: "[205]教育支出", "2010801-行政运行", "2010801 行政运行", "301 01 基本工资".
LEADING_CODE_RE = re.compile(
    r"^\s*(?:[\[【［]\s*(?P<bracketed>\d{3}(?:\s?\d{2}){0,2})\s*[\]】］]"
    r"|(?P<plain>\d{3}(?:\s?\d{2}){0,2})(?:\s*\*+)?(?:\s*[-－—:：]\s*|\s+))"
    r"(?P<name>\D.*)$",
    re.S,
)
# A cell holding only a code, perhaps with spaces inside or trailing asterisks: "2010801**", "301 01", "2 0 1".
BARE_CODE_RE = re.compile(r"^[\d\s]+\**\s*$")
FULL_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def bare_code(text: str | None) -> str:
    """The digits of a cell that holds only a code ('2010801**' -> '2010801'); '' when it holds anything else."""
    if not text or not BARE_CODE_RE.match(text):
        return ""
    return re.sub(r"[\s*]", "", text)


def split_code_name(text: str) -> tuple[str, str]:
    """A cell printing a code before the name -> (code, name as printed after it); ('', text) otherwise."""
    match = LEADING_CODE_RE.match(text or "")
    if not match:
        return "", text
    code = re.sub(r"\s", "", match["bracketed"] or match["plain"])
    return code, match["name"].strip()


class CodeTrail:
    """The codes read so far in one list of lines, so that a code printed without its parent (the 类 left blank on
    a 款 line, or 款/项 printed as two digits under it) is completed from the lines above it."""

    def __init__(self) -> None:
        self.last: dict[int, str] = {}

    def remember(self, code: str) -> str:
        if FULL_CODE_RE.match(code):
            self.last[len(code)] = code
            for length in [n for n in self.last if n > len(code)]:
                del self.last[length]
        return code

    def from_columns(self, parts: list[str]) -> str:
        """The full code of a line printed in 类 | 款 | 项 columns (3, 2, 2 digits), the parent perhaps left blank."""
        digits = [bare_code(p) for p in parts]
        filled = [i for i, d in enumerate(digits) if d]
        if not filled:
            return ""
        joined = "".join(digits)
        first = filled[0]
        if first == 0 or len(digits[first]) >= 3:
            return self.remember(joined) if FULL_CODE_RE.match(joined) else ""
        parent = self.last.get(3 + 2 * (first - 1), "")
        return self.remember(parent + joined) if parent and FULL_CODE_RE.match(parent + joined) else ""

    def from_cell(self, digits: str) -> str:
        """The full code of a line printing one code cell: a full code, or two digits under the line above."""
        if FULL_CODE_RE.match(digits):
            return self.remember(digits)
        if len(digits) != 2:
            return ""
        deepest = max(self.last, default=0)
        parent_length = 3 if deepest <= 3 else 5
        parent = self.last.get(parent_length, "")
        return self.remember(parent + digits) if parent else ""
