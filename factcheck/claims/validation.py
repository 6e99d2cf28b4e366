"""The rules a claim's values obey, as plain functions: values in, cleaned values or Problems
out. The claim form, the importer and any later entry point (API, article intake) call these,
so a claim is judged the same way whichever way it comes in. The database constraints on
`Claim` hold the same figure rules as a last line of defence.
"""

import datetime
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils import timezone

from factcheck.errors import Problem
from factcheck.limits import check_figure, without_trailing_zeros
from factcheck.models import FIGURE_FIELDS, WEB_ADDRESS_ONLY, Claim

# Fields a user may set on a claim (through create_claim and update_claim).
EDITABLE_FIELDS = (
    "statement",
    "claimant",
    *FIGURE_FIELDS,
    "methodology_notes",
    "source_url",
    "source_title",
    "source_date",
    "published_url",
)
# The fields that hold the figure: without a value, none of the others may be set.
FIGURE_DETAILS = ("value_high", "qualifier", "unit", "counted")
# What a value needs beside it, and how to ask for it.
FIGURE_NEEDS = {
    "qualifier": 'Say how the figure was put: "exactly", "at least", ….',
    "counted": 'Say what the figure counts, e.g. "civilians killed".',
}

# Dates on a figure or its source: a newsroom's, so a year like 9999 is a typo. The model stays
# permissive (the admin); people and files are asked to check.
EARLIEST_DATE = datetime.date(1900, 1, 1)


def latest_date() -> datetime.date:
    """One year from today, in the site's time zone."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def check_plausible_date(day: datetime.date | None) -> None:
    """Raise ValidationError unless `day` is None or between EARLIEST_DATE and a year ahead."""
    latest = latest_date()
    if day is not None and not EARLIEST_DATE <= day <= latest:
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE:%-d %B %Y} and {latest:%-d %B %Y}; "
            f"{day.isoformat()} looks like a typo.",
            code="implausible_date",
        )


# --- Figures: one rule for files and forms ----------------------------------------------------
#
# Plain digits with "." as the decimal point always work (1500, 2.5, -0.75). Digits are grouped
# in threes by ",", a space, a no-break space or a thin space (1,000,000; 2 000; 1,234.5): one
# kind of separator, every group exactly three digits. A value that could mean two numbers is
# refused rather than guessed: "1.500" and "12.000" (a German or Spanish thousands point, or a
# decimal point?), "2,5" (a decimal comma). A range in one cell (1,500-2,000) belongs in value
# and value_high. Digits of other scripts (Arabic-Indic, Devanagari, full-width, ...) are read
# as the same digits. The source of the grouping rule: the SI Brochure (9th ed., 5.4.4) and the
# Chicago Manual of Style; the newsroom convention that "," groups thousands in English copy.

GROUP_SEPARATORS = ", "  # comma or space (no-break and thin spaces are spaces after NFKC)
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_AMBIGUOUS_POINT = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
_NUMBERISH = r"[0-9][0-9., ]*"
_RANGE = re.compile(rf"(-?{_NUMBERISH})\s*[{DASHES}]\s*({_NUMBERISH})")
_WRITE = "Write it with digits only and a point for decimals, e.g. 1500 or 2.5."


def _grouped(text):
    """The number without its group separators if `text` groups digits by threes with one
    kind of separator (and perhaps a decimal point after), else None."""
    separators = {ch for ch in text if ch in GROUP_SEPARATORS}
    if len(separators) != 1:
        return None
    sep = re.escape(separators.pop())
    if re.fullmatch(rf"-?[0-9]{{1,3}}({sep}[0-9]{{3}})+(\.[0-9]+)?", text):
        return re.sub(sep, "", text)
    return None


def _ascii_digits(text):
    """Digits of any script as ASCII digits; the minus sign and the Arabic decimal and
    thousands separators as their ASCII forms."""
    text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    return text.replace("\u2212", "-").replace("\u066b", ".").replace("\u066c", ",")


def parse_figure(raw: str) -> Decimal | None:
    """Read a figure's value (or upper value) as people write it in a cell or a form field.

    `raw` is the text as typed; returns a Decimal, or None for an empty cell. Raises
    django.core.exceptions.ValidationError with one message that quotes the value and says
    what to write instead, with code `figure_ambiguous` (1.500, 12.000, 2,5, 1.500.000),
    `figure_range` (1,500-2,000: use value_high), `figure_unit` (2%: the unit has its own
    field) or `figure_invalid` (anything else). The rule is described above and in the
    README ("Numbers and dates in files and forms").
    """
    shown = str(raw).strip()
    if any(ch.isdigit() and not ch.isdecimal() for ch in shown):
        # Superscripts and circled digits: NFKC would turn "10²" into 102.
        raise ValidationError(f"“{shown}” is not a number. {_WRITE}", code="figure_invalid")
    # NFKC turns no-break, narrow no-break and thin spaces into spaces, full-width digits
    # into ASCII ones.
    text = _ascii_digits(unicodedata.normalize("NFKC", shown))
    if not text:
        return None
    if _PLAIN.fullmatch(text):
        if _AMBIGUOUS_POINT.fullmatch(text):
            raise ValidationError(
                f"“{shown}” could be {Decimal(text).normalize():f} or "
                f"{text.replace('.', '')}: this desk reads “.” as the decimal point. Write "
                f"{text.replace('.', '')} for the whole number, or "
                f"{Decimal(text).normalize():f} if you mean the decimal.",
                code="figure_ambiguous",
            )
        return Decimal(text)
    grouped = _grouped(text)
    if grouped is not None:
        return Decimal(grouped)
    if range_match := _RANGE.fullmatch(text):
        low, high = range_match.groups()
        raise ValidationError(
            f"“{shown}” is a range: put the lower end ({low.strip()}) here and the upper end "
            f"({high.strip()}) in value_high (the form's “Upper value”).",
            code="figure_range",
        )
    if text.endswith("%") and _PLAIN.fullmatch(text[:-1].strip()):
        raise ValidationError(
            f"“{shown}”: write the number alone ({text[:-1].strip()}) and put % in unit.",
            code="figure_unit",
        )
    if _DECIMAL_COMMA.fullmatch(text):
        whole, _, part = text.partition(",")
        raise ValidationError(
            f"“{shown}” uses a comma for decimals, or groups digits other than by three. "
            f"Write {whole}.{part} (the decimal point is “.”), or {whole}{part} for the whole "
            "number.",
            code="figure_ambiguous",
        )
    if re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?", text):
        plain = text.replace(".", "").replace(",", ".")
        raise ValidationError(
            f"“{shown}” groups thousands with “.”, which this desk reads as the decimal point. "
            f"Write {plain}.",
            code="figure_ambiguous",
        )
    raise ValidationError(f"“{shown}” is not a number. {_WRITE}", code="figure_invalid")


class FigureField(forms.DecimalField):
    """A figure's value in a form: text read by `parse_figure` (a Decimal, as an API's JSON
    number gives it, taken as it is), then held to the desk's limit by `check_figure`, with
    its one message and code, zeros ending the fraction dropped first (2.50000 is 2.5)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, Decimal):
            value = parse_figure(value)
            if value is None:
                return None
        return without_trailing_zeros(value)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            check_figure(value)

    def clean(self, value):
        value = super().clean(value)
        if value is not None and value.as_tuple().exponent > 0:
            # 1E+3 (a JSON number) as 1000; within the limit, so exact.
            value = value.quantize(Decimal(1))
        return value

    def widget_attrs(self, widget):
        # No step/min/max: the value is typed as text (1,000,000) and read by parse_figure.
        return {}


# Dates in files and forms: ISO 8601 only. "3/2/2022" is 3 February in one country and
# 2 March in another, so nothing is guessed from a locale.
ISO_DATE = "%Y-%m-%d"


class IsoDateField(forms.DateField):
    input_formats = [ISO_DATE]
    default_error_messages = {"invalid": ""}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                f"“{str(value).strip()}” is not a date in the form YYYY-MM-DD (ISO 8601); "
                "write 2 March 2022 as 2022-03-02.",
                code="date_not_iso",
            ) from None


def https_by_default(model_field, **kwargs):
    """Form fields for claim values: typed addresses without a scheme get https:// (as
    Django 6 will do), figures are read by `parse_figure`, dates are ISO 8601."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
        kwargs["error_messages"] = {"invalid": WEB_ADDRESS_ONLY}
        # A text input: the browser's own url check would block "example.org/report" before
        # the server could add the scheme. inputmode still gives phones the URL keyboard.
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "url"})
    elif isinstance(model_field, models.DecimalField):
        kwargs["form_class"] = FigureField
    elif isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        kwargs["form_class"] = IsoDateField
    return model_field.formfield(**kwargs)


def figure_problems(values: Mapping, failed=frozenset()) -> list[Problem]:
    """The figure rule on cleaned values (Decimals, strings): a value needs a qualifier and
    what is counted; an upper value is not below the value; without a value none of the
    figure's details may be given. Each Problem names its field. `failed` names fields whose
    own text was wrong: a value that could not be read was still given, so it brings no
    "enter a value first" on the other fields (one mistake, one message)."""
    value, high = values.get("value"), values.get("value_high")
    if "value" in failed:
        return []
    if value is None:
        return [
            Problem("Enter a value first, or clear this field.", code="needs_value", field=name)
            for name in FIGURE_DETAILS
            if values.get(name) not in (None, "")
        ]
    problems = [
        Problem(message, code=f"{name}_required", field=name)
        for name, message in FIGURE_NEEDS.items()
        if not values.get(name)
    ]
    if high is not None and high < value:
        problems.append(
            Problem(
                "The upper value cannot be below the value.",
                code="value_high_below_value",
                field="value_high",
            )
        )
    return problems


def claimant_problems(claimant, new_name: str) -> list[Problem]:
    """A claim names exactly one claimant: picked from the list or typed as new."""
    if claimant and new_name.strip():
        return [
            Problem(
                "Pick a claimant from the list or type a new one, not both.",
                code="claimant_twice",
                field="new_claimant_name",
            )
        ]
    if not claimant and not new_name.strip():
        return [
            Problem(
                "Say who made the claim: pick a claimant or type a new one.",
                code="claimant_required",
                field="claimant",
            )
        ]
    if new_name.strip() and not any(character.isalnum() for character in new_name):
        # Only punctuation or invisible control characters: a name nobody could find again.
        return [
            Problem(
                "A claimant's name needs at least one letter or digit.",
                code="claimant_name_unreadable",
                field="new_claimant_name",
            )
        ]
    return []


def _value_fields():
    return fields_for_model(
        Claim,
        fields=[name for name in EDITABLE_FIELDS if name != "claimant"],
        formfield_callback=https_by_default,
    )


def clean_claim_values(raw: Mapping[str, str]) -> tuple[dict, list[Problem]]:
    """Clean a claim's values given as text (a file's cells, say), claimant aside.

    `raw` maps field names from EDITABLE_FIELDS (but `claimant`) to strings (a figure may be a
    Decimal: an API's JSON number, taken as the number it is); missing fields are empty.
    Returns (cleaned values, problems): each value parsed as the claim form parses it, figures
    held to the desk's limit, dates checked for plausibility, then the figure rule. A field
    with a problem of its own is left out of the figure rule, so one mistake gives one
    message.
    """
    cleaned, problems = {}, []
    for name, field in _value_fields().items():
        try:
            value = field.clean(raw.get(name, ""))
            if name in ("as_of", "source_date"):
                check_plausible_date(value)
        except forms.ValidationError as error:
            problems += [Problem(m, code=_code(error), field=name) for m in error.messages]
            continue
        cleaned[name] = value
    failed = {p.field for p in problems}
    problems += [p for p in figure_problems(cleaned, failed) if p.field not in failed]
    return cleaned, problems


def _code(error):
    return getattr(error, "code", None) or "invalid"
