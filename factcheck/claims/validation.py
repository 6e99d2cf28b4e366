"""The rules a claim's values obey, as plain functions: values in, cleaned values or Problems
out. The claim form, the importer and any later entry point (API, article intake) call these,
so a claim is judged the same way whichever way it comes in. The database constraints on
`Claim` hold the same figure rules as a last line of defence.
"""

import datetime
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils import timezone

from factcheck.errors import Problem
from factcheck.models import WEB_ADDRESS_ONLY, Claim

# Fields a user may set on a claim (through create_claim and update_claim).
EDITABLE_FIELDS = (
    "statement",
    "claimant",
    "value",
    "value_high",
    "qualifier",
    "unit",
    "counted",
    "place",
    "as_of",
    "methodology_notes",
    "source_url",
    "source_title",
    "source_date",
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


def https_by_default(model_field, **kwargs):
    """Form fields for claim values; typed addresses without a scheme get https://, as
    Django 6 will do."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
        kwargs["error_messages"] = {"invalid": WEB_ADDRESS_ONLY}
        # A text input: the browser's own url check would block "example.org/report" before
        # the server could add the scheme. inputmode still gives phones the URL keyboard.
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "url"})
    return model_field.formfield(**kwargs)


def figure_problems(values: Mapping) -> list[Problem]:
    """The figure rule on cleaned values (Decimals, strings): a value needs a qualifier and
    what is counted; an upper value is not below the value; without a value none of the
    figure's details may be given. Each Problem names its field."""
    value, high = values.get("value"), values.get("value_high")
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
    return []


def _value_fields():
    return fields_for_model(
        Claim,
        fields=[name for name in EDITABLE_FIELDS if name != "claimant"],
        formfield_callback=https_by_default,
    )


def clean_claim_values(raw: Mapping[str, str]) -> tuple[dict, list[Problem]]:
    """Clean a claim's values given as text (a file's cells, say), claimant aside.

    `raw` maps field names from EDITABLE_FIELDS (but `claimant`) to strings; missing fields
    are empty. Returns (cleaned values, problems): each value parsed as the claim form parses
    it, dates checked for plausibility, then the figure rule. A field with a problem of its
    own is left out of the figure rule, so one mistake gives one message.
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
    problems += [p for p in figure_problems(cleaned) if p.field not in failed]
    return cleaned, problems


def _code(error):
    return getattr(error, "code", None) or "invalid"
