"""Items listed with a total ("支出合计2743.11万元，其中：基本支出248.79万元、项目支出2494.33万元") add up to it."""

import re
from decimal import Decimal

from ..model import Check
from ..narrative import ItemList, NarrativeSentence, item_lists_with_totals
from .reading import is_prose, narrative_sentences
from .registry import Evidence, rule

FEN = Decimal("0.005")
# Lists that name every part of their total; any other list may name only the main ones.
WHOLE_LISTS = (("基本支出", "项目支出"), ("人员经费", "公用经费"), ("货物", "工程", "服务"))
NOT_A_PART = re.compile(r"增加|减少|增长|下降|较|比|相比|\d")


@rule(
    "items_sum_to_stated_total",
    needs=("pages", "tables"),
    description="说明中“其中”所列分项之和等于与之同列的合计",
    rounded=True,
)
def items_sum_to_stated_total(evidence: Evidence) -> list[Check]:
    sentences = [sentence for sentence in narrative_sentences(evidence) if is_prose(sentence)]
    checks = []
    previous_amounts = {id(sentence): sentences[index - 1].amounts for index, sentence in enumerate(sentences) if index}
    for sentence, listing in item_lists_with_totals(sentences):
        check = _listing_check(sentence, listing, previous_amounts.get(id(sentence), []))
        if check is not None:
            checks.append(check)
    return checks


def _listing_check(sentence: NarrativeSentence, listing: ItemList, previous: list) -> Check | None:
    if listing.total is None or len(listing.items) < 2:
        return None
    if any(item.amount.unit != listing.total.unit or NOT_A_PART.search(item.name) for item in listing.items):
        return None
    total = listing.total.value
    parts = [item.amount.value for item in listing.items]
    if any(part > total for part in parts) or _other_side(listing) or "政府采购" in listing.subject:
        return None  # not parts of this total: the list names other things
    added = sum(parts, Decimal(0))
    rounding = FEN * len(parts) + FEN
    # the total the list belongs to may be any amount of the sentence before ("年初预算为…，支出决算为…。其中：")
    totals = {total} | {amount.value for amount in previous if amount.unit == listing.total.unit}
    if any(abs(added - whole) <= rounding for whole in totals):
        return None
    if added > total and any(abs(sum(parts[:n], Decimal(0)) - total) <= rounding for n in range(2, len(parts))):
        return None  # the first items make the total; the list runs on into something else
    last = listing.items[-1]
    expected_last = total - (added - last.amount.value)
    if expected_last < 0 or (added < total and not _names_every_part(listing)):
        return None  # a few of many parts named, not the whole list
    unit = listing.total.unit
    return Check(
        rule="",
        status="fail",
        message=(
            f"第{sentence.page}页“{listing.subject}{total}{unit}”所列分项合计{added}{unit}，"
            f"相差{abs(added - total)}{unit}"
            f"（{'、'.join(f'{item.name}{item.amount.value}' for item in listing.items)}）"
        ),
        row=listing.subject,
        expected=expected_last,
        found=last.amount.value,
        page=sentence.page,
    )


def _names_every_part(listing: ItemList) -> bool:
    names = "".join(item.name for item in listing.items)
    return any(all(part in names for part in parts) and len(parts) == len(listing.items) for parts in WHOLE_LISTS)


def _other_side(listing: ItemList) -> bool:
    """Spending listed under an income total, or the reverse."""
    names = "".join(item.name for item in listing.items)
    return ("收入" in listing.subject and "支出" in names) or ("支出" in listing.subject and "收入" in names)
