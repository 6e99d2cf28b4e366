"""Figures as a person reads them: 'more than 1,000,000 refugees (Ukraine, as of 2 Mar 2022)'."""

from decimal import Decimal

from factcheck.models import Qualifier

# In running text an exact figure needs no word and "about" reads better than "approximately";
# every other qualifier reads as its label.
_IN_TEXT = {Qualifier.EXACT: "", Qualifier.APPROXIMATELY: "about"}
# A ratio is not counted, so "fewer than 2 times" is "less than 2 times".
_IN_RATIO = {**_IN_TEXT, Qualifier.FEWER_THAN: "less than"}


def qualifier_words(qualifier: str, *, ratio: bool = False) -> str:
    """A qualifier code in running text: 'at_least' -> 'at least', 'exact' -> ''. With
    `ratio`, the words for a ratio derived from such a figure ('fewer_than' -> 'less than').
    Unknown or empty codes give ''."""
    if qualifier not in Qualifier.values:
        return ""
    overrides = _IN_RATIO if ratio else _IN_TEXT
    return overrides.get(qualifier, Qualifier(qualifier).label)


def format_number(value):
    """1000000 -> '1,000,000'; 1.50 -> '1.5'; never scientific notation."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def plain_number(value):
    """The number for machines: 1000000.0000 -> '1000000', 2.50 -> '2.5'."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


def format_date(day):
    """2022-03-02 -> '2 Mar 2022'."""
    return f"{day.day} {day:%b %Y}"


def amount(claim):
    """The number part with its qualifier and unit: 'more than 1,000,000', 'about 1.5–2%'."""
    if claim.value is None:
        return ""
    number = format_number(claim.value)
    if claim.value_high is not None and claim.value_high != claim.value:
        number = f"{number}–{format_number(claim.value_high)}"
    unit = claim.unit.strip()
    if unit:
        number = f"{number}{unit}" if unit == "%" else f"{number} {unit}"
    words = qualifier_words(claim.qualifier)
    return f"{words} {number}" if words else number


def describe(claim):
    """The whole figure in words, or '' for a claim without one."""
    if claim.value is None:
        return ""
    text = amount(claim)
    if claim.counted:
        text = f"{text} {claim.counted}"
    context = []
    if claim.place:
        context.append(claim.place)
    if claim.as_of:
        context.append(f"as of {format_date(claim.as_of)}")
    if context:
        text = f"{text} ({', '.join(context)})"
    return text
